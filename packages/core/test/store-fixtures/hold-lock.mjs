// Holds the lock of one key until told to let go:
//   IMAGEGEN_STORE_MODULE=<url of the compiled store> node hold-lock.mjs <storeDir> <key> [staleMs]
// Prints `locked` once it holds it; a line on stdin releases it, then it prints `released` and exits.
import { createInterface } from 'node:readline'

const [dir, key, staleMs] = process.argv.slice(2)
const { openStore } = await import(process.env.IMAGEGEN_STORE_MODULE)
const lock = await openStore({ dir }).acquireLock(key, staleMs ? { staleMs: Number(staleMs) } : {})
process.stdout.write('locked\n')

const lines = createInterface({ input: process.stdin })
await new Promise((resolve) => lines.once('line', resolve))
lines.close()
await lock.release()
process.stdout.write('released\n')
