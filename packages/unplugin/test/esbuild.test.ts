import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'
import imagegenEsbuild from '../src/esbuild.js'
import { bundlerSuite } from './bundler-suite.js'
import { copyFixture } from './helpers/project.js'

bundlerSuite('esbuild')

describe('esbuild: an imagegen-asset: id that the plugin did not make', () => {
  it('is refused with a clear error, and the file it names is not read into the output', async () => {
    const project = await copyFixture()
    const secret = join(project.root, '..', `not-an-image-${Date.now()}.txt`)
    await writeFile(secret, 'SECRET-CONTENTS-of-a-file-outside-the-build')
    await project.write(
      'entry.js',
      `import images from './images.yaml'\nimport leaked from 'imagegen-asset:0123456789abcdef/x.png?file=${secret}'\nglobalThis.out = [images, leaked]\n`,
    )
    const outdir = join(project.root, 'dist')
    const building = build({
      absWorkingDir: project.root,
      entryPoints: [join(project.root, 'entry.js')],
      bundle: true,
      format: 'esm',
      outdir,
      logLevel: 'silent',
      plugins: [imagegenEsbuild({ root: project.root, mode: 'placeholder', dts: false, logger: quiet })],
    })
    await expect(building).rejects.toThrow(
      /imagegen-asset:0123456789abcdef\/x\.png\?file=.* is not an image this plugin derived/,
    )
    const written = await readdir(outdir, { recursive: true }).catch(() => [] as string[])
    for (const file of written.filter((name) => /\.\w+$/.test(name)))
      expect(await readFile(join(outdir, file), 'utf8')).not.toContain('SECRET-CONTENTS')
    await project.remove()
  })
})

const quiet = { info() {}, warn() {}, error() {} }
