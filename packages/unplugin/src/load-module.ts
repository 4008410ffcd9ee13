import { readFileSync } from 'node:fs'
import { ImagegenError, type Manifest, type ManifestEntry } from '@imagegen/core'
import {
  type DerivedEntry,
  deriveEntries,
  didYouMean,
  entryModuleCode,
  type ModuleCodeOptions,
  manifestModuleCode,
} from '@imagegen/core/internal'
import type { UnpluginBuildContext } from 'unplugin'
import type { BuildEngine, BuildSession } from './build-session.js'
import { buildError } from './errors.js'
import type { AssetEmitter } from './hosts/host.js'
import type { ManifestId } from './manifest-id.js'
import type { TypeFiles } from './type-files.js'
import type { ViteDevImages } from './vite-dev/index.js'

export interface ModuleSources {
  session: BuildSession
  emitter: AssetEmitter
  typeFiles: TypeFiles
  dev?: ViteDevImages | undefined
}

/**
 * The code of a manifest module: the manifest read and checked, its entries from the store (or
 * generated, or placeholders, by the mode), derived by their transforms, and their files emitted
 * through the bundler. Also keeps the generated types and the bundler's watch list up to date.
 * Failures come out as build errors, with positions resolved against the project root.
 */
export async function loadModule(
  context: UnpluginBuildContext,
  id: ManifestId,
  sources: ModuleSources,
): Promise<string> {
  const engine = await sources.session.start()
  try {
    return await moduleCode(context, id, engine, sources)
  } catch (error) {
    throw buildError(error, engine.options.root)
  }
}

async function moduleCode(
  context: UnpluginBuildContext,
  id: ManifestId,
  engine: BuildEngine,
  { session, emitter, typeFiles, dev }: ModuleSources,
): Promise<string> {
  const { imagegen, pipeline, options, configFile } = engine
  // Vite's dev server watches a module's own file already, and a module watching itself imports
  // itself in its graph: an HMR update would stop at that cycle and reach no importer.
  if (!dev) context.addWatchFile(id.file)
  if (configFile) context.addWatchFile(configFile)
  const manifest = await imagegen.loadManifest(id.file)
  const entries = id.entry === undefined ? manifest.entries : [findEntry(manifest, id.entry)]
  for (const file of inputFiles(entries)) context.addWatchFile(file)
  if (options.dts) await typeFiles.update(manifest, id.entry !== undefined, options.root)

  const planned = await imagegen.plan(entries)
  const resolved = dev ? await dev.resolve(engine, planned, id.file) : await imagegen.resolve(planned)
  session.record(resolved)
  const derived = await deriveEntries(pipeline, resolved)
  const bytes = emitter.emitsBytes ? readVariants(derived) : undefined
  const code: ModuleCodeOptions = {
    assetUrl: (asset) => emitter.url(context, asset, bytes?.get(asset.variant.file)),
    meta: options.meta,
  }
  const [single] = derived
  if (id.entry !== undefined && single) return entryModuleCode(single, code)
  return manifestModuleCode(derived, code)
}

/**
 * Every derived file's bytes, for a build to emit. Synchronously: these are files of tens of kilobytes,
 * and through `fs/promises` each costs four thread-pool round trips; 400 of them took 40–60 ms that way
 * against about 10 ms read directly. Only builds emit bytes; the dev server never comes here.
 */
function readVariants(derived: readonly DerivedEntry[]): Map<string, Buffer> {
  const files = [
    ...new Set(
      derived.flatMap(({ images }) =>
        images.flatMap(({ variants }) => variants.map((variant) => variant.file)),
      ),
    ),
  ]
  return new Map(files.map((file) => [file, readFileSync(file)] as const))
}

function findEntry(manifest: Manifest, name: string): ManifestEntry {
  const entry = manifest.entries.find((candidate) => candidate.name === name)
  if (entry) return entry
  const names = manifest.entries.map((candidate) => candidate.name)
  const guess = didYouMean(name, names)
  const file = manifest.entries[0]?.position.file ?? manifest.file
  throw new ImagegenError(
    'UNKNOWN_ENTRY',
    `${file} has no entry \`${name}\` (asked for by \`?image=${name}\`)`,
    {
      hint: guess ? `did you mean \`?image=${guess}\`?` : `its entries are ${names.join(', ') || 'none'}`,
    },
  )
}

function inputFiles(entries: readonly ManifestEntry[]): string[] {
  return entries.flatMap((entry) =>
    [...entry.images, entry.mask, entry.variation].flatMap((input) => (input ? [input.absolutePath] : [])),
  )
}
