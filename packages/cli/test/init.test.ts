import { existsSync } from 'node:fs'
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { listFiles, runImagegen } from './cli-helpers.js'

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'init')

/** A fresh copy of a project as its framework's template writes it. */
async function template(name: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), `imagegen-init-${name}-`))
  await cp(join(FIXTURES, name), root, { recursive: true })
  return root
}

async function snapshot(root: string): Promise<Record<string, string>> {
  const files = await listFiles(root)
  return Object.fromEntries(
    await Promise.all(files.map(async (file) => [file, await readFile(join(root, file), 'utf8')])),
  )
}

const CASES = [
  {
    fixture: 'vite-react',
    kind: 'Vite project, pnpm',
    config: 'vite.config.ts',
    added: ["import imagegen from 'unplugin-imagegen/vite'", 'plugins: [react(), imagegen()]'],
    tsconfig: 'tsconfig.app.json',
    manifest: 'src/images.yaml',
    next: ['pnpm add -D unplugin-imagegen imagegen', 'pnpm dev'],
  },
  {
    fixture: 'vite-vanilla',
    kind: 'Vite project, npm',
    config: 'vite.config.ts',
    added: ["import imagegen from 'unplugin-imagegen/vite'", 'plugins: [imagegen()]'],
    tsconfig: 'tsconfig.json',
    manifest: 'src/images.yaml',
    next: ['npm install -D unplugin-imagegen imagegen', 'npm run dev'],
  },
  {
    fixture: 'astro',
    kind: 'Astro project, yarn',
    config: 'astro.config.mjs',
    added: ["import imagegen from 'unplugin-imagegen/astro'", 'integrations: [imagegen()]'],
    tsconfig: 'tsconfig.json',
    manifest: 'src/images.yaml',
    // Astro's image service loads sharp from the project, which pnpm gives only the packages it names.
    next: ['yarn add -D unplugin-imagegen imagegen', 'yarn add sharp', 'yarn dev'],
  },
  {
    fixture: 'next',
    kind: 'Next.js project, pnpm',
    config: 'next.config.ts',
    added: [
      'import { withImagegen } from "unplugin-imagegen/next"',
      'export default withImagegen(nextConfig);',
    ],
    tsconfig: 'tsconfig.json',
    manifest: 'app/images.yaml',
    next: ['pnpm add -D unplugin-imagegen imagegen', 'pnpm dev'],
  },
  {
    fixture: 'sveltekit',
    kind: 'SvelteKit project, bun',
    config: 'vite.config.ts',
    added: ["import imagegen from 'unplugin-imagegen/vite'", 'plugins: [sveltekit(), imagegen()]'],
    tsconfig: 'tsconfig.json',
    // In `$lib`, which every route imports from.
    manifest: 'src/lib/images.yaml',
    next: ['bun add -d unplugin-imagegen imagegen', 'bun run dev'],
  },
  {
    fixture: 'nuxt',
    kind: 'Nuxt project, npm',
    config: 'nuxt.config.ts',
    added: ["modules: ['unplugin-imagegen/nuxt']"],
    tsconfig: 'tsconfig.json',
    manifest: 'images.yaml',
    next: ['npm install -D unplugin-imagegen imagegen', 'npm run dev'],
  },
  {
    fixture: 'webpack-esm',
    kind: 'webpack project, npm',
    config: 'webpack.config.mjs',
    added: ["import imagegen from 'unplugin-imagegen/webpack'", 'imagegen()]'],
    tsconfig: undefined,
    manifest: 'src/images.yaml',
    next: ['npm install -D unplugin-imagegen imagegen', 'npm run build'],
  },
  {
    fixture: 'rspack',
    kind: 'Rspack project, npm',
    config: 'rspack.config.ts',
    added: ['import imagegen from "unplugin-imagegen/rspack"', 'imagegen()]'],
    tsconfig: 'tsconfig.json',
    manifest: 'src/images.yaml',
    next: ['npm install -D unplugin-imagegen imagegen', 'npm run dev'],
  },
]

describe('imagegen init on each framework’s own template', () => {
  it.each(CASES)(
    '$fixture: plugin, tsconfig, .gitignore, images.yaml; then nothing to change',
    async (spec) => {
      const cwd = await template(spec.fixture)
      const before = await snapshot(cwd)
      const result = await runImagegen(['init'], { cwd })
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout).toContain(`imagegen init: ${spec.kind}`)

      const config = await readFile(join(cwd, spec.config), 'utf8')
      for (const line of spec.added) expect(config).toContain(line)
      // Everything the template had is still there, comments included.
      for (const line of (before[spec.config] ?? '').split('\n').filter((text) => text.startsWith('//')))
        expect(config).toContain(line)

      if (spec.tsconfig) {
        const tsconfig = await readFile(join(cwd, spec.tsconfig), 'utf8')
        expect(tsconfig).toMatch(/"allowArbitraryExtensions": true/)
        for (const comment of (before[spec.tsconfig] ?? '').match(/\/[*/].*$/gm) ?? [])
          expect(tsconfig).toContain(comment)
      }
      expect(await readFile(join(cwd, '.gitignore'), 'utf8')).toMatch(/^\.imagegen\/locks\/$/m)
      if (before['.gitignore'])
        expect(await readFile(join(cwd, '.gitignore'), 'utf8')).toContain(before['.gitignore'])

      const manifest = await readFile(join(cwd, spec.manifest), 'utf8')
      const schema = /^# yaml-language-server: \$schema=(\S+)$/m.exec(manifest)?.[1] ?? ''
      expect(resolve(dirname(join(cwd, spec.manifest)), schema)).toBe(
        join(cwd, 'node_modules', 'unplugin-imagegen', 'dist', 'images.schema.json'),
      )
      for (const line of spec.next) expect(result.stdout).toContain(`  ${line}\n`)

      const after = await snapshot(cwd)
      const again = await runImagegen(['init'], { cwd })
      expect(again.code).toBe(0)
      expect(again.stdout).toContain('nothing to change; imagegen is set up')
      expect(await snapshot(cwd)).toEqual(after)
    },
  )

  it('the starter manifest is valid as written', async () => {
    const cwd = await template('vite-vanilla')
    await runImagegen(['init'], { cwd })
    const status = await runImagegen(['status', '--json'], { cwd })
    expect(status.code, status.stderr).toBe(0)
    const { entries } = JSON.parse(status.stdout) as { entries: { entry: string; size: string }[] }
    expect(entries.map((entry) => [entry.entry, entry.size])).toEqual([['hero', '1536x1024']])
  })

  it('after the install, Next names only what is still to install, then the run command', async () => {
    const cwd = await template('vite-vanilla')
    const manifest = join(cwd, 'package.json')
    const pkg = JSON.parse(await readFile(manifest, 'utf8')) as { devDependencies: Record<string, string> }
    pkg.devDependencies['unplugin-imagegen'] = '^0.1.0'
    await writeFile(manifest, JSON.stringify(pkg))
    const half = await runImagegen(['init'], { cwd })
    expect(half.stdout).toContain('Next:\n  npm install -D imagegen\n  npm run dev\n')

    const both = await template('vite-vanilla')
    pkg.devDependencies.imagegen = '^0.1.0'
    await writeFile(join(both, 'package.json'), JSON.stringify(pkg))
    const installed = await runImagegen(['init'], { cwd: both })
    expect(installed.code, installed.stderr).toBe(0)
    expect(installed.stdout).toContain('Next:\n  npm run dev\n')
    expect(installed.stdout).not.toContain('install')
  })

  it('--dry-run prints the diff and writes nothing', async () => {
    const cwd = await template('vite-react')
    const before = await snapshot(cwd)
    const result = await runImagegen(['init', '--dry-run'], { cwd })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('--- a/vite.config.ts')
    expect(result.stdout).toContain('+++ b/vite.config.ts')
    expect(result.stdout).toMatch(/^-\s+plugins: \[react\(\)\],$/m)
    expect(result.stdout).toMatch(/^\+\s+plugins: \[react\(\), imagegen\(\)\],$/m)
    expect(result.stdout).toMatch(/^\+\s+"allowArbitraryExtensions": true$/m)
    expect(result.stdout).toContain('--- /dev/null')
    expect(result.stdout).toContain('+++ b/src/images.yaml')
    expect(result.stdout).toContain('would change 4 files; nothing was written')
    expect(await snapshot(cwd)).toEqual(before)
  })

  it('refuses a CommonJS webpack config: writes nothing, prints the lines to add, exits 1', async () => {
    const cwd = await template('webpack-cjs')
    const before = await snapshot(cwd)
    const result = await runImagegen(['init'], { cwd })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('nothing was written — webpack.config.js was left alone')
    expect(result.stderr).toContain("const imagegen = require('unplugin-imagegen/webpack')")
    expect(result.stderr).toContain(
      'plugins: [imagegen()],   // in the exported config; if a plugins list is there already, add imagegen() to it',
    )
    expect(await snapshot(cwd)).toEqual(before)
  })

  it('esbuild has no config file: the rest is done and the plugin lines printed', async () => {
    const cwd = await template('esbuild')
    const result = await runImagegen(['init'], { cwd })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain("import imagegen from 'unplugin-imagegen/esbuild'")
    expect(result.stdout).toContain('plugins: [imagegen()]')
    expect(existsSync(join(cwd, 'src', 'images.yaml'))).toBe(true)
    expect(await readFile(join(cwd, 'build.mjs'), 'utf8')).not.toContain('imagegen')
  })

  it('a folder without package.json or framework is a clear error, exit 2', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'imagegen-init-empty-'))
    const none = await runImagegen(['init'], { cwd: empty })
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('no package.json in')
    await writeFile(join(empty, 'package.json'), '{ "name": "plain", "dependencies": { "lodash": "^4" } }\n')
    const plain = await runImagegen(['init'], { cwd: empty })
    expect(plain.code).toBe(2)
    expect(plain.stderr).toContain('package.json names no framework or bundler imagegen knows')
    expect(await listFiles(empty)).toEqual(['package.json'])
  })
})
