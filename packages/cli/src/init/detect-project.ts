import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ImagegenError } from '@imagegen/core'
import { FRAMEWORKS, type FrameworkSetup } from './frameworks.js'

export type PackageManager = 'pnpm' | 'yarn' | 'bun' | 'npm'

export interface DetectedProject {
  root: string
  framework: FrameworkSetup
  packageManager: PackageManager
  /** The `package.json` script that starts the site: `dev` when there is one, else `build`. */
  script: string
  /** Every package its package.json depends on, dev dependencies included. */
  dependencies: ReadonlySet<string>
}

interface PackageJson {
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  scripts?: Record<string, string>
  packageManager?: string
}

/** The project at `root`: its framework (the first of FRAMEWORKS whose package it depends on) and package manager. */
export async function detectProject(root: string, env: NodeJS.ProcessEnv): Promise<DetectedProject> {
  const manifest = join(root, 'package.json')
  if (!existsSync(manifest)) {
    throw new ImagegenError('CONFIG', `no package.json in ${root}`, {
      hint: 'run `imagegen init` in the folder of your site (where its package.json is)',
    })
  }
  const pkg = JSON.parse(await readFile(manifest, 'utf8')) as PackageJson
  const depends = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})])
  const framework = FRAMEWORKS.find((setup) => setup.packages.some((name) => depends.has(name)))
  if (!framework) {
    throw new ImagegenError('CONFIG', 'package.json names no framework or bundler imagegen knows', {
      hint: `install one of ${FRAMEWORKS.map((setup) => setup.name).join(', ')} first; imagegen adds itself to its config`,
    })
  }
  return {
    root,
    framework,
    packageManager: packageManagerOf(root, pkg, env),
    script: pkg.scripts?.dev ? 'dev' : 'build',
    dependencies: depends,
  }
}

const LOCKFILES: [string, PackageManager][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
]

function packageManagerOf(root: string, pkg: PackageJson, env: NodeJS.ProcessEnv): PackageManager {
  const declared = pkg.packageManager?.split('@')[0]
  if (isPackageManager(declared)) return declared
  const locked = LOCKFILES.find(([file]) => existsSync(join(root, file)))
  if (locked) return locked[1]
  // `pnpm dlx imagegen init`, `npx imagegen init`: the runner says who it is.
  const runner = env.npm_config_user_agent?.split('/')[0]
  return isPackageManager(runner) ? runner : 'npm'
}

function isPackageManager(name: string | undefined): name is PackageManager {
  return name === 'pnpm' || name === 'yarn' || name === 'bun' || name === 'npm'
}

/** The install command of the packages imagegen needs, as this package manager spells it. */
export function installCommand(manager: PackageManager, packages: readonly string[], dev = true): string {
  const add = { pnpm: 'pnpm add', yarn: 'yarn add', bun: 'bun add', npm: 'npm install' }[manager]
  const flag = dev ? (manager === 'bun' ? ' -d' : ' -D') : ''
  return `${add}${flag} ${packages.join(' ')}`
}

/** How this package manager runs a package.json script. */
export function runCommand(manager: PackageManager, script: string): string {
  return manager === 'npm'
    ? `npm run ${script}`
    : manager === 'bun'
      ? `bun run ${script}`
      : `${manager} ${script}`
}
