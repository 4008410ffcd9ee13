import { execFile } from 'node:child_process'
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { REPO } from './helpers/examples.js'

const BENCH = join(REPO, 'bench')
const IMPORTS = /^import\s[\s\S]*?\sfrom\s+['"][^'"]+['"]/gm
const scripts = await Promise.all(
  (await readdir(BENCH))
    .filter((name) => name.endsWith('.mjs'))
    .map(async (name) => ({
      name,
      imports: (await readFile(join(BENCH, name), 'utf8')).match(IMPORTS) ?? [],
    })),
)

/**
 * The benchmarks are run by hand, rarely, so a renamed export breaks them unseen. Each one's import
 * declarations, alone in a module beside it, are linked by Node: a name a package no longer exports
 * fails there, before any benchmark code runs.
 */
describe('benchmark scripts', () => {
  it('finds the benchmarks and their imports', () => {
    expect(scripts.map(({ name }) => name)).toContain('run.mjs')
    expect(scripts.filter(({ imports }) => imports.length > 0).length).toBeGreaterThan(8)
  })

  it.each(scripts.filter(({ imports }) => imports.length > 0))(
    '$name imports only what the packages export',
    async ({ name, imports }) => {
      const check = join(BENCH, `.imports-of-${name}`)
      await writeFile(check, `${imports.join('\n')}\n`)
      try {
        const { stderr } = await promisify(execFile)(process.execPath, [check], { cwd: BENCH })
        expect(stderr).toBe('')
      } finally {
        await rm(check, { force: true })
      }
    },
  )
})
