import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUNDLERS } from './helpers/bundlers.js'
import { copyFixture, type Project } from './helpers/project.js'

const require = createRequire(import.meta.url)
const TSC = require.resolve('typescript/bin/tsc')
const CLIENT_TYPES = fileURLToPath(new URL('../client.d.ts', import.meta.url))
/** What the package's `ImagegenImage` is: core's, re-exported. */
const CORE_TYPES = join(require.resolve('@imagegen/core/package.json'), '../dist/index.d.ts')

/** Compiles only when the generated types say what the modules are; each `@ts-expect-error` must hold. */
const CHECK = `
import images, { giftBasket, hero, sketches } from './images.yaml'
import heroOnly from './images.yaml?image=hero'
import sketchesOnly from './images.yaml?image=sketches'
import other from './other.images.yaml'
import type { ImagegenImage } from 'unplugin-imagegen'

// @ts-expect-error: the manifest has no such entry
import { villain } from './images.yaml'

const src: string = hero.src
const widths: number[] = sketches.map((sketch) => sketch.width)
const basket: ImagegenImage = giftBasket
const byName: ImagegenImage = images['gift-basket']
const one: ImagegenImage = heroOnly
const many: ImagegenImage[] = sketchesOnly
// Without generated types (no such manifest here), client.d.ts types any manifest loosely.
const loose: ImagegenImage | ImagegenImage[] | undefined = other.anything
// @ts-expect-error: an entry with n: 2 is an array
const notOne: ImagegenImage = sketches

// What Astro's and Next's <Image> take as src, and Next's placeholder prop.
interface ImageMetadata {
  src: string
  width: number
  height: number
  format: 'png' | 'jpg' | 'jpeg' | 'tiff' | 'webp' | 'gif' | 'svg' | 'avif'
}
interface StaticImageData {
  src: string
  height: number
  width: number
  blurDataURL?: string
  blurWidth?: number
  blurHeight?: number
}
type PlaceholderValue = 'blur' | 'empty' | \`data:image/\${string}\`
const astro: ImageMetadata = hero
const next: StaticImageData = hero
const placeholder: PlaceholderValue = hero.placeholder

export { astro, basket, byName, loose, many, next, notOne, one, placeholder, src, villain, widths }
`

describe('generated types', () => {
  let project: Project
  beforeAll(async () => {
    project = await copyFixture()
    await BUNDLERS.rollup(project.root, { root: project.root, mode: 'placeholder', env: {}, logger: quiet })
  })
  afterAll(async () => {
    await project?.remove()
  })

  it('type every import form under allowArbitraryExtensions, with client.d.ts', async () => {
    await project.write('check.ts', CHECK)
    await project.write(
      'tsconfig.json',
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'preserve',
          moduleResolution: 'bundler',
          allowArbitraryExtensions: true,
          skipLibCheck: true,
          types: [],
          paths: { 'unplugin-imagegen': [CORE_TYPES] },
        },
        files: ['check.ts', 'imagegen-env.d.ts', CLIENT_TYPES],
      }),
    )
    const result = await promisify(execFile)(process.execPath, [TSC, '-p', project.root]).catch(
      (error: { stdout: string }) => error,
    )
    expect(result.stdout).toBe('')
  })
})

const quiet = { info() {}, warn() {}, error() {} }
