import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { run } from '../../helpers/examples.js'

/** Yarn 4 (Berry) as its own npm package: one file, no corepack, no download from outside npm. */
const YARN_PACKAGE = '@yarnpkg/cli-dist@4'

/**
 * Installs Yarn into a temp prefix with npm (from `registry`, which sends it on to npmjs) and returns
 * the command that runs it, with the prefix to remove afterwards.
 */
export async function installYarn(registry: string): Promise<{ command: string[]; prefix: string }> {
  const prefix = await mkdtemp(join(tmpdir(), 'imagegen-yarn-cli-'))
  const install = await run(
    'npm',
    [
      'install',
      '--prefix',
      prefix,
      `--registry=${registry}`,
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      YARN_PACKAGE,
    ],
    { cwd: prefix },
  )
  if (install.code !== 0) throw new Error(`npm install ${YARN_PACKAGE} failed:\n${install.output}`)
  return { command: ['node', join(prefix, 'node_modules', '@yarnpkg', 'cli-dist', 'bin', 'yarn.js')], prefix }
}

/**
 * `.yarnrc.yml` of a project that installs from the loopback `registry` with the node-modules linker
 * (what `nodeLinker: node-modules` users have), and an empty `yarn.lock` that makes the folder a Yarn
 * project of its own.
 */
export async function configureYarnProject(dir: string, registry: string): Promise<void> {
  const yarnrc = [
    'nodeLinker: node-modules',
    `npmRegistryServer: "${registry.replace(/\/$/, '')}"`,
    'unsafeHttpWhitelist: ["127.0.0.1"]',
    // The loopback registry "published" the packages a moment ago: Yarn's age gate would hold them back.
    'npmMinimalAgeGate: 0',
    'enableTelemetry: false',
    'enableGlobalCache: true',
    '',
  ]
  await writeFile(join(dir, '.yarnrc.yml'), yarnrc.join('\n'))
  await writeFile(join(dir, 'yarn.lock'), '')
}
