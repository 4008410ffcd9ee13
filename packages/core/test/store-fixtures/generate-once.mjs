// One of several processes that want the same entry:
//   IMAGEGEN_STORE_MODULE=<url of the compiled store> node generate-once.mjs <storeDir> <key> <markerDir> <goFile>
// Prints `ready`, waits until <goFile> exists so that all of them start together, then asks the store
// for the entry; each generation it pays for leaves a file in <markerDir>. Prints the outcome as JSON.
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fakePng, recipeOf } from './fake-image.mjs'

const [dir, key, markerDir, goFile] = process.argv.slice(2)
const { openStore } = await import(process.env.IMAGEGEN_STORE_MODULE)
const store = openStore({ dir, lock: { pollMs: 20 } })

process.stdout.write('ready\n')
while (!existsSync(goFile)) await sleep(5)

const outcome = await store.readOrGenerate(key, async () => {
  await writeFile(join(markerDir, `generation-${process.pid}`), '')
  await sleep(400) // a provider call takes a while: long enough for every other process to be waiting
  return {
    recipe: recipeOf('contended'),
    images: [{ bytes: fakePng(1000, process.pid), width: 32, height: 32 }],
    meta: { model: 'test-model' },
  }
})
process.stdout.write(
  `${JSON.stringify({ generated: outcome.generated, blob: outcome.record.outputs[0].blob })}\n`,
)
