// Resolves every manifest under this folder and writes its images to ./out. Without OPENAI_API_KEY the
// images are offline placeholders; with one, missing images are generated and kept in .imagegen/.
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createImagegen, isImagegenError } from '@imagegen/core'

const root = dirname(fileURLToPath(import.meta.url))
const out = join(root, 'out')
const logger = { info: console.log, warn: console.warn, error: console.error }
const imagegen = createImagegen({ root, logger })

try {
  await mkdir(out, { recursive: true })
  console.log(`imagegen demo: mode ${imagegen.options.mode}`)
  for (const file of await imagegen.findManifests()) {
    const manifest = await imagegen.loadManifest(file)
    const resolved = await imagegen.resolve(await imagegen.plan(manifest.entries))
    for (const { entry, images, source } of resolved) {
      for (const [index, image] of images.entries()) {
        const name = `${entry.name}${images.length > 1 ? `-${index + 1}` : ''}.${image.format}`
        await writeFile(join(out, name), await image.read())
        console.log(
          `  ${name.padEnd(22)} ${image.width}x${image.height} ${image.format.padEnd(5)} (${source})`,
        )
      }
    }
  }
  console.log(`images written to ${out}`)
} catch (error) {
  console.error(isImagegenError(error) ? error.message : error)
  process.exitCode = 1
} finally {
  await imagegen.close()
}
