import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { runInNewContext } from 'node:vm'
import { rspack } from '@rspack/core'
import { type Plugin as EsbuildPlugin, build as esbuild, type PluginBuild } from 'esbuild'
import { rollup } from 'rollup'
import * as vite8 from 'vite'
import * as vite6 from 'vite6'
import * as vite7 from 'vite7'
import webpack from 'webpack'
import imagegenEsbuild from '../../src/esbuild.js'
import type { Options } from '../../src/index.js'
import imagegenRollup from '../../src/rollup.js'
import imagegenRspack from '../../src/rspack.js'
import imagegenVite from '../../src/vite.js'
import imagegenWebpack from '../../src/webpack.js'

export type BundlerName = 'vite' | 'vite6' | 'vite7' | 'rollup' | 'webpack' | 'rspack' | 'esbuild'

export interface BuildOutput {
  outDir: string
  /** What the built entry put on `globalThis.imagegenFixture`, by running it. */
  run(): Promise<unknown>
  /** The output file a URL of the bundle points at: under the public path, or a `file:` URL. */
  fileOf(url: string): string
  /** The files the build asked its bundler to watch. */
  watchFiles: string[]
}

/** Every bundler builds to `dist/` with `/static/` as its public path, where it has one. */
const PUBLIC_PATH = '/static/'

let runs = 0

type PluginContext = vite8.Rollup.PluginContext
type VitePlugin = vite8.Plugin
/** Vite's `build`, typed by Vite 8's config: the config used here means the same to Vite 6 and 7. */
type ViteBuild = (config: vite8.InlineConfig) => Promise<unknown>

/** Each Vite major of the peer range; 6 and 7 bundle with Rollup, 8 with Rolldown. */
export const VITE_BUILDS = {
  vite: vite8.build,
  vite6: vite6.build as unknown as ViteBuild,
  vite7: vite7.build as unknown as ViteBuild,
} satisfies Record<string, ViteBuild>

type Builder = (root: string, options: Options) => Promise<BuildOutput>

export const BUNDLERS: Record<BundlerName, Builder> = {
  vite: viteBuilder(VITE_BUILDS.vite),
  vite6: viteBuilder(VITE_BUILDS.vite6),
  vite7: viteBuilder(VITE_BUILDS.vite7),

  async rollup(root, options) {
    const outDir = join(root, 'dist')
    await rm(outDir, { recursive: true, force: true })
    const bundle = await rollup({ input: join(root, 'entry.js'), plugins: [imagegenRollup(options)] })
    try {
      await bundle.write({ dir: outDir, format: 'es' })
    } finally {
      await bundle.close()
    }
    // Rollup's URLs are relative to the chunk: `new URL('assets/…', import.meta.url)`.
    return { ...esmOutput(outDir), fileOf: (url) => fileURLToPath(url), watchFiles: bundle.watchFiles }
  },

  webpack: (root, options) => webpackBuild('webpack', root, options),
  rspack: (root, options) => webpackBuild('rspack', root, options),

  async esbuild(root, options) {
    const outDir = join(root, 'dist')
    await rm(outDir, { recursive: true, force: true })
    const watchFiles: string[] = []
    await esbuild({
      absWorkingDir: root,
      entryPoints: [join(root, 'entry.js')],
      bundle: true,
      format: 'esm',
      outdir: outDir,
      publicPath: PUBLIC_PATH,
      assetNames: 'assets/[name]-[hash]',
      logLevel: 'silent',
      plugins: [spyOnEsbuildWatchFiles(imagegenEsbuild(options), watchFiles)],
    })
    return { ...esmOutput(outDir), watchFiles }
  },
}

/** A webpack or Rspack build of the fixture; `output` adds to its output options (`assetModuleFilename`). */
export async function webpackBuild(
  bundler: 'webpack' | 'rspack',
  root: string,
  options: Options,
  output: { assetModuleFilename?: string } = {},
): Promise<BuildOutput> {
  const outDir = join(root, 'dist')
  await rm(outDir, { recursive: true, force: true })
  const config = {
    mode: 'production' as const,
    context: root,
    entry: './entry.js',
    output: { path: outDir, filename: 'entry.js', publicPath: PUBLIC_PATH, ...output },
    optimization: { minimize: false },
    infrastructureLogging: { level: 'none' as const },
  }
  const compiler =
    bundler === 'webpack'
      ? webpack({ ...config, plugins: [imagegenWebpack(options)] })
      : rspack({ ...config, plugins: [imagegenRspack(options)] })
  return scriptOutput(outDir, await runCompiler(compiler))
}

/**
 * Rolldown's plugin context has no `getWatchFiles`, so what the plugin asks Vite to watch is seen on
 * its way there: the load hook runs with a context whose `addWatchFile` also records.
 */
function spyOnWatchFiles(plugin: VitePlugin, watched: string[]): VitePlugin {
  const load = plugin.load as { handler: (this: PluginContext, id: string) => unknown }
  const handler = load.handler
  load.handler = function (id) {
    const context = Object.create(this) as PluginContext
    context.addWatchFile = (file: string) => {
      watched.push(file)
      this.addWatchFile(file)
    }
    return handler.call(context, id)
  }
  return plugin
}

/** esbuild keeps `watchFiles` to its watch mode: they are seen in the load results on their way there. */
function spyOnEsbuildWatchFiles(plugin: EsbuildPlugin, watched: string[]): EsbuildPlugin {
  return {
    name: plugin.name,
    setup(build) {
      const onLoad: PluginBuild['onLoad'] = (options, callback) =>
        build.onLoad(options, async (args) => {
          const result = await callback(args)
          watched.push(...(result?.watchFiles ?? []))
          return result
        })
      return plugin.setup({ ...build, onLoad })
    },
  }
}

function underPublicPath(outDir: string): (url: string) => string {
  return (url) => {
    if (!url.startsWith(PUBLIC_PATH)) throw new Error(`${url} is not under ${PUBLIC_PATH}`)
    return join(outDir, url.slice(PUBLIC_PATH.length))
  }
}

/**
 * A Vite build of the fixture under the `/static/` base; `ssr` builds it as server code instead, as
 * Astro builds its pages, where image URLs must still be public paths rather than `file:` URLs.
 */
export function viteBuilder(build: ViteBuild, { ssr = false } = {}): Builder {
  return async (root, options) => {
    const outDir = join(root, ssr ? 'dist-server' : 'dist')
    const watchFiles: string[] = []
    await build({
      root,
      base: PUBLIC_PATH,
      configFile: false,
      logLevel: 'silent',
      plugins: [spyOnWatchFiles(imagegenVite(options), watchFiles)],
      build: {
        outDir,
        emptyOutDir: true,
        minify: false,
        modulePreload: false,
        ...(ssr ? { ssr: true, ssrEmitAssets: true } : {}),
        rollupOptions: { input: join(root, 'entry.js'), output: { entryFileNames: 'entry.js' } },
      },
    })
    return { ...esmOutput(outDir), watchFiles }
  }
}

/** ES module output runs by being imported, each build under a new URL. */
function esmOutput(outDir: string): Omit<BuildOutput, 'watchFiles'> {
  return {
    outDir,
    fileOf: underPublicPath(outDir),
    async run() {
      const global = globalThis as { imagegenFixture?: unknown }
      delete global.imagegenFixture
      await import(`${pathToFileURL(join(outDir, 'entry.js')).href}?run=${++runs}`)
      const values = global.imagegenFixture
      delete global.imagegenFixture
      if (!values) throw new Error('the bundle set no imagegenFixture')
      return values
    },
  }
}

/** webpack's and Rspack's output is a script: it runs in a fresh context of its own. */
function scriptOutput(outDir: string, fileDependencies: Iterable<string>): BuildOutput {
  return {
    outDir,
    watchFiles: [...fileDependencies],
    fileOf: underPublicPath(outDir),
    async run() {
      const context: { imagegenFixture?: unknown } = {}
      runInNewContext(await readFile(join(outDir, 'entry.js'), 'utf8'), context)
      if (!context.imagegenFixture) throw new Error('the bundle set no imagegenFixture')
      return context.imagegenFixture
    },
  }
}

interface Stats {
  compilation: { fileDependencies: Iterable<string> }
  hasErrors(): boolean
  toJson(options: { all: false; errors: true }): { errors?: { message: string }[] }
}

interface Compiler {
  run(callback: (error: Error | null, stats?: Stats) => void): void
  close(callback: (error?: Error | null) => void): void
}

/** The build's file dependencies when it succeeded; rejects with every error message of a failed one. */
function runCompiler(compiler: Compiler): Promise<Iterable<string>> {
  return new Promise((resolve, reject) => {
    compiler.run((error, stats) => {
      compiler.close(() => {
        if (error) return reject(error)
        if (stats?.hasErrors()) {
          const messages = stats.toJson({ all: false, errors: true }).errors?.map((item) => item.message)
          return reject(new Error(messages?.join('\n') ?? 'the build failed'))
        }
        resolve(stats?.compilation.fileDependencies ?? [])
      })
    })
  })
}
