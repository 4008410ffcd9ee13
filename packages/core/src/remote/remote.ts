import { setTimeout as sleep } from 'node:timers/promises'
import pLimit from 'p-limit'
import { ImagegenError } from '../errors.js'
import type { Logger } from '../logger.js'
import { redact } from '../redact.js'
import type { StoreRecord } from '../store/record.js'
import type { BlobRef } from '../store/store.js'
import { ClaimSlots } from './claim-slots.js'
import { createHttpTransport } from './http-transport.js'
import { probeConditionalWrites, tryClaim } from './lease.js'
import type { ResolvedRemote } from './options.js'
import { fetchEntry, type PushOptions, pushEntry, type RemoteLookup } from './remote-entries.js'
import { createS3Transport } from './s3-transport.js'
import { RemoteError, type Transport } from './transport.js'

export type PushResult = 'written' | 'present' | 'skipped'

export interface Remote {
  readonly options: ResolvedRemote
  /**
   * The entry, verified. A remote that cannot answer is `missing` (after one warning), unless it is
   * required or `strict` is set (`pull`, `check --remote`): then it is a `REMOTE_UNAVAILABLE` error.
   */
  lookup(key: string, options?: { strict?: boolean }): Promise<RemoteLookup>
  /** Writes an entry back: `skipped` when the remote is read-only or down, unless `strict` (`push`). */
  push(
    record: StoreRecord,
    readBlob: (ref: BlobRef) => Promise<Buffer>,
    options?: PushOptions & { strict?: boolean },
  ): Promise<PushResult>
  /**
   * Runs `work` under the runners' shared lease on `key`. While another runner holds it, waits, asking
   * `arrived` at every look whether the entry has reached the remote meanwhile (then that is the
   * answer). Without a writable remote, runs `work` at once.
   */
  leased<T>(
    key: string,
    arrived: () => Promise<T | undefined>,
    work: () => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T>
  close(): Promise<void>
}

/** Remote requests in flight at once, per process. */
const REQUESTS_AT_ONCE = 16

export function createRemote(options: ResolvedRemote, logger: Logger, concurrency: number): Remote {
  const transport: Transport =
    options.location.kind === 's3'
      ? createS3Transport(options.location, options.timeoutMs)
      : createHttpTransport(options.location, options.timeoutMs)
  const limit = pLimit(REQUESTS_AT_ONCE)
  const slots = new ClaimSlots(concurrency)
  let down = false
  let writable = !options.readOnly
  let conditional: Promise<boolean> | undefined

  /** A failed remote request as one warning and a fallback, or, when the remote is required, an error. */
  async function guard<T>(fallback: T, write: boolean, run: () => Promise<T>): Promise<T> {
    if (down || (write && !writable)) return fallback
    try {
      return await run()
    } catch (error) {
      if (!(error instanceof RemoteError)) throw error
      const why = redact(error.message, options.secrets)
      if (options.required) throw remoteError(options, why)
      // Requests fail together when a remote goes down: the first one's warning speaks for all of them.
      if (write && error.kind === 'denied') {
        if (writable) {
          logger.warn(
            `imagegen: the remote ${options.description} refused a write (${why}); only reading from it`,
          )
        }
        writable = false
      } else {
        if (!down) {
          logger.warn(
            `imagegen: the remote ${options.description} is unavailable (${why}); going on with the local store only`,
          )
        }
        down = true
      }
      return fallback
    }
  }

  function conditionalWrites(): Promise<boolean> {
    if (options.conditionalWrites !== 'auto') return Promise.resolve(options.conditionalWrites)
    conditional ??= probeConditionalWrites(transport).catch((error) => {
      if (error instanceof RemoteError && error.kind === 'refused') return false
      throw error
    })
    return conditional
  }

  async function leased<T>(
    key: string,
    arrived: () => Promise<T | undefined>,
    work: () => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    let announced = ''
    for (;;) {
      signal?.throwIfAborted()
      const there = await arrived()
      if (there !== undefined) return there
      if (down || !writable) return work()
      const release = await slots.take()
      try {
        const claim = await guard(undefined, true, async () => {
          const settings = { ...options, conditional: await conditionalWrites() }
          return tryClaim(transport, key, settings)
        })
        if (!claim) return await work()
        if (claim.held) {
          try {
            return (await arrived()) ?? (await work())
          } finally {
            await claim.held.release()
          }
        }
        if (announced !== claim.holder) {
          announced = claim.holder
          logger.info(`imagegen: waiting for ${claim.holder}, which is generating ${key} for the remote`)
        }
      } finally {
        release()
      }
      // Not tied to `signal`: dozens of waiting keys would each add a listener to it. The loop looks at
      // the signal every turn, so a cancelled run stops waiting within one poll.
      await sleep(options.pollMs * (0.75 + Math.random() / 2))
    }
  }

  async function orThrow<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run()
    } catch (error) {
      if (error instanceof RemoteError) throw remoteError(options, redact(error.message, options.secrets))
      throw error
    }
  }

  const missing: RemoteLookup = { status: 'missing' }
  return {
    options,
    lookup: (key, { strict = false } = {}) =>
      limit(() =>
        strict
          ? orThrow(() => fetchEntry(transport, key, options.signingKey))
          : guard(missing, false, () => fetchEntry(transport, key, options.signingKey)),
      ),
    push: (record, readBlob, { strict = false, ...pushOptions } = {}) =>
      limit(async () => {
        const write = async (): Promise<PushResult> =>
          (await pushEntry(transport, record, readBlob, options.signingKey, pushOptions))
            ? 'written'
            : 'present'
        if (!strict) return guard<PushResult>('skipped', true, write)
        if (options.readOnly) throw remoteError(options, 'it is configured read-only')
        return orThrow(write)
      }),
    leased,
    close: () => transport.close(),
  }
}

function remoteError(options: ResolvedRemote, why: string): ImagegenError {
  return new ImagegenError('REMOTE_UNAVAILABLE', `the remote ${options.description} failed: ${why}`, {
    hint: options.required
      ? 'the remote is required (remote.required or IMAGEGEN_REMOTE_REQUIRED); check IMAGEGEN_REMOTE and its credentials'
      : 'check IMAGEGEN_REMOTE and its credentials',
  })
}
