import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { hasImagegenPlugin, settingError } from './framework-setup.js'
import type { Options } from './options.js'
import { allowArbitraryExtensions } from './typescript-config.js'
import vite from './vite.js'
import { writeManifestTypes } from './write-types.js'

export type { ImagegenImage } from '@imagegen/core'
export type { Options } from './options.js'

const NAME = 'unplugin-imagegen/astro'
const SHARP_SERVICE = 'astro/assets/services/sharp'

/** The parts of Astro's integration API used here (Astro 5). */
interface SetupOptions {
  config: {
    root: URL
    image: { service: { entrypoint: string } }
    vite: { plugins?: unknown[] }
  }
  // `never[]`: Astro's own config type (its PluginOption[]) must accept what is passed here.
  updateConfig(config: { vite: { plugins: never[] } }): unknown
  logger: { info(message: string): void }
}
export interface AstroIntegration {
  name: string
  // Method syntax: Astro's own, richer options type is assignable to this one.
  hooks: { 'astro:config:setup'(options: SetupOptions): Promise<void> }
}

/**
 * `astro.config.mjs`: `integrations: [imagegen()]`. Adds the Vite plugin, sets the TypeScript option
 * that the generated types need and writes those types (so `astro check` passes on a fresh clone), and
 * checks before the build that Astro's
 * image service can load sharp from the project, which pnpm installs only when the project names it.
 */
export default function imagegen(options: Omit<Options, 'assetModuleFilename'> = {}): AstroIntegration {
  return {
    name: 'unplugin-imagegen',
    hooks: {
      'astro:config:setup': async ({ config, updateConfig, logger }) => {
        const root = options.root ?? fileURLToPath(config.root)
        if (hasImagegenPlugin(config.vite.plugins)) {
          throw settingError(
            NAME,
            'astro.config has imagegen() in vite.plugins as well as in integrations; remove it from vite.plugins, the integration adds it',
          )
        }
        if (config.image.service.entrypoint === SHARP_SERVICE) requireSharp(root)
        if (options.dts !== false) {
          const changed = allowArbitraryExtensions(root, NAME)
          if (changed) logger.info(changed)
          // `astro check` loads no module: the types must be there before it.
          await writeManifestTypes({ ...options, root })
        }
        updateConfig({ vite: { plugins: [vite({ root, ...options }) as never] } })
      },
    },
  }
}

function requireSharp(root: string): void {
  try {
    createRequire(join(root, 'package.json')).resolve('sharp')
  } catch {
    throw settingError(
      NAME,
      `Astro's image service needs sharp, which ${root} cannot load (pnpm installs only the packages a project names): add it with \`pnpm add sharp\` (or npm install sharp), or set image.service to passthroughImageService() from 'astro/config'`,
    )
  }
}
