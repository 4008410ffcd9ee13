/** How imagegen joins a framework's config: which call goes where. */
export type ConfigEdit =
  /** `plugins: [..., imagegen()]` in the default export (Vite's `addVitePlugin` finds it inside `defineConfig`). */
  | 'vite-plugin'
  /** `plugins: [..., imagegen()]` in a default-exported object (webpack, Rspack). */
  | 'plugins'
  /** `integrations: [..., imagegen()]` (Astro). */
  | 'integration'
  /** `modules: [..., 'unplugin-imagegen/nuxt']` (Nuxt). */
  | 'nuxt-module'
  /** `export default withImagegen(nextConfig)` (Next). */
  | 'wrap'
  /** No config file to edit (esbuild's is a script of the project's own): print the lines to add. */
  | 'by-hand'

export interface FrameworkSetup {
  name: string
  /** The packages in package.json that identify it. */
  packages: string[]
  /** Its config file, first match wins; created as the first name when `starter` is given and none exists. */
  configFiles: string[]
  /** Where imagegen's part comes from. */
  importFrom: string
  /** The imported name, default import unless `named`. */
  local: string
  named?: boolean
  edit: ConfigEdit
  /** The whole config file for a project that has none yet (a vanilla Vite app has no vite.config). */
  starter?: string
  /**
   * Packages the framework loads from the project itself at build and run time, which pnpm gives a
   * project only when it names them (Astro's image service: sharp).
   */
  projectPackages?: string[]
  /** Where the starter manifest goes, when the framework has a folder for shared modules; else `src/`, `app/` or the root. */
  manifestDir?: string
}

const VITE_FILES = ['vite.config.ts', 'vite.config.mts', 'vite.config.js', 'vite.config.mjs']

/** In order of detection: a framework before the bundler it is built on. */
export const FRAMEWORKS: readonly FrameworkSetup[] = [
  {
    name: 'Next.js',
    packages: ['next'],
    configFiles: ['next.config.ts', 'next.config.mjs', 'next.config.js'],
    importFrom: 'unplugin-imagegen/next',
    local: 'withImagegen',
    named: true,
    edit: 'wrap',
  },
  {
    name: 'Nuxt',
    packages: ['nuxt'],
    configFiles: ['nuxt.config.ts', 'nuxt.config.js', 'nuxt.config.mjs'],
    importFrom: 'unplugin-imagegen/nuxt',
    local: 'imagegen',
    edit: 'nuxt-module',
  },
  {
    name: 'Astro',
    packages: ['astro'],
    projectPackages: ['sharp'],
    configFiles: ['astro.config.mjs', 'astro.config.ts', 'astro.config.mts', 'astro.config.js'],
    importFrom: 'unplugin-imagegen/astro',
    local: 'imagegen',
    edit: 'integration',
  },
  {
    name: 'SvelteKit',
    packages: ['@sveltejs/kit'],
    configFiles: VITE_FILES,
    importFrom: 'unplugin-imagegen/vite',
    local: 'imagegen',
    edit: 'vite-plugin',
    // Imported from any route as `$lib/images.yaml`.
    manifestDir: 'src/lib',
  },
  {
    name: 'Vite',
    packages: ['vite'],
    configFiles: VITE_FILES,
    importFrom: 'unplugin-imagegen/vite',
    local: 'imagegen',
    edit: 'vite-plugin',
    starter: "import { defineConfig } from 'vite'\n\nexport default defineConfig({\n  plugins: [],\n})\n",
  },
  {
    name: 'Rspack',
    packages: ['@rspack/core', '@rspack/cli'],
    configFiles: ['rspack.config.ts', 'rspack.config.mts', 'rspack.config.mjs', 'rspack.config.js'],
    importFrom: 'unplugin-imagegen/rspack',
    local: 'imagegen',
    edit: 'plugins',
  },
  {
    name: 'webpack',
    packages: ['webpack', 'webpack-cli'],
    configFiles: ['webpack.config.ts', 'webpack.config.mjs', 'webpack.config.js'],
    importFrom: 'unplugin-imagegen/webpack',
    local: 'imagegen',
    edit: 'plugins',
  },
  {
    name: 'esbuild',
    packages: ['esbuild'],
    configFiles: [],
    importFrom: 'unplugin-imagegen/esbuild',
    local: 'imagegen',
    edit: 'by-hand',
  },
]
