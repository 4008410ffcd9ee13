import { storeLayout } from '@imagegen/core/internal'
import type { UnpluginBuildContext } from 'unplugin'
import { BuildSession } from '../build-session.js'
import { buildError } from '../errors.js'
import { consoleLogger } from '../hosts/host.js'
import { loadModule } from '../load-module.js'
import { type ManifestId, parseManifestId } from '../manifest-id.js'
import { TypeFiles } from '../type-files.js'
import { nextImageEmitter } from './image-imports.js'
import type { LoaderOptions } from './loader-options.js'
import { namedFilesDir } from './prepare.js'

/** The part of the loader API that webpack and Turbopack both give. */
interface LoaderContext {
  resourcePath: string
  resourceQuery: string
  rootContext: string
  getOptions(): LoaderOptions
  async(): (error: Error | null, code?: string) => void
  addDependency(file: string): void
  addContextDependency(dir: string): void
}

/**
 * One session per process and settings: Turbopack runs loaders in worker processes that live across
 * builds and rebuilds, webpack in its own, and each load is one module of whichever build is running.
 */
const sessions = new Map<string, LoaderSession>()

interface LoaderSession {
  session: BuildSession
  typeFiles: TypeFiles
  idle?: NodeJS.Timeout
}

/**
 * A loader sees no end of a build. Once no manifest has loaded for a moment, the session ends as a
 * build's would (the summary line, the engine closed); the next load starts it again.
 */
const IDLE_MS = 1000

function sessionFor({ options }: LoaderOptions): LoaderSession {
  const key = JSON.stringify(options)
  let found = sessions.get(key)
  if (!found) {
    // `prepareImages` printed the build's summary; a loader's would repeat it once per worker.
    const host = { root: options.root, logger: { ...consoleLogger, info: () => {} } }
    found = { session: new BuildSession(options, host), typeFiles: new TypeFiles() }
    sessions.set(key, found)
  }
  clearTimeout(found.idle)
  return found
}

function endWhenIdle(found: LoaderSession): void {
  clearTimeout(found.idle)
  found.idle = setTimeout(() => void found.session.end(), IDLE_MS).unref()
}

/**
 * `images.yaml` (and `?image=<name>`) as a JavaScript module for Next, under Turbopack (`turbopack.rules`
 * with `as: '*.js'`) and webpack alike. Everything the module is made from is declared as a
 * dependency, so Turbopack's cache under `.next/` and webpack's watch mode see every change: the
 * manifest, its inputs, the config file, the store's records, and the derived files it imports.
 */
export default function imagegenNextLoader(this: LoaderContext): void {
  const done = this.async()
  moduleCode(this).then(
    (code) => done(null, code),
    (error: unknown) => done(buildError(error, this.rootContext)),
  )
}

async function moduleCode(loader: LoaderContext): Promise<string> {
  const settings = loader.getOptions()
  const id = parseManifestId(loader.resourcePath + loader.resourceQuery)
  if (!id)
    throw new Error(
      `${loader.resourcePath}${loader.resourceQuery} is not a form of images.yaml that imagegen loads`,
    )
  const found = sessionFor(settings)
  try {
    return await load(loader, settings, id, found)
  } finally {
    endWhenIdle(found)
  }
}

async function load(
  loader: LoaderContext,
  settings: LoaderOptions,
  id: ManifestId,
  { session, typeFiles }: LoaderSession,
): Promise<string> {
  const engine = await session.start()
  const depend = (file: string) => {
    if (file.startsWith(settings.options.root)) loader.addDependency(file)
  }
  const context = { addWatchFile: depend } as unknown as UnpluginBuildContext
  const emitter = nextImageEmitter(id.file, namedFilesDir(engine.imagegen.options.cacheDir), depend)
  const recipes = storeLayout(engine.imagegen.store.dir).recipesDir
  if (recipes.startsWith(settings.options.root)) loader.addContextDependency(recipes)
  return session.track(loadModule(context, id, { session, emitter, typeFiles }))
}
