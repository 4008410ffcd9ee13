import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { ImagegenError } from '../errors.js'
import { type Logger, silentLogger } from '../logger.js'

export interface PipelineOptions {
  /**
   * The derivative cache: disposable, safe to delete at any time. Created on the first write, never
   * before. `defaultCacheDir(root)` gives the conventional place.
   */
  cacheDir: string
  /**
   * Source images processed at once (each one's variants are made one after another).
   * @default the machine's parallelism, at least 2 and at most 4
   */
  concurrency?: number
  /** @default silent */
  logger?: Logger
}

export interface ResolvedPipelineOptions {
  cacheDir: string
  concurrency: number
  logger: Logger
}

/** `<root>/node_modules/.cache/imagegen`, where build tools keep what they can always rebuild. */
export function defaultCacheDir(root: string): string {
  return join(root, 'node_modules', '.cache', 'imagegen')
}

export function resolvePipelineOptions(options: PipelineOptions): ResolvedPipelineOptions {
  const { cacheDir, concurrency = defaultConcurrency(), logger = silentLogger } = options
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ImagegenError('CONFIG', `pipeline concurrency ${concurrency} is not a positive integer`, {
      hint: 'use 1 or more, e.g. 2',
    })
  }
  return { cacheDir, concurrency, logger }
}

/**
 * sharp runs each image on a libuv worker thread, and libuv has 4 unless UV_THREADPOOL_SIZE says
 * otherwise: more sources in flight than that would only wait there while holding their bytes.
 */
function defaultConcurrency(): number {
  return Math.min(4, Math.max(2, availableParallelism()))
}
