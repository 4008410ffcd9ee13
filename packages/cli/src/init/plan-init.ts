import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { findManifests } from '@imagegen/core/internal'
import type { DetectedProject } from './detect-project.js'
import { addToConfig, UnsafeEdit } from './edit-bundler-config.js'
import { allowArbitraryExtensions, findTsconfig } from './edit-tsconfig.js'
import { gitignoreWith, starterManifest } from './starter-files.js'

export interface FileChange {
  /** Relative to the root. */
  file: string
  /** Undefined for a new file. */
  before: string | undefined
  after: string
  what: string
}

export interface InitPlan {
  changes: FileChange[]
  /** Files already as imagegen needs them: `[file, why]`. */
  unchanged: [string, string][]
  /** What imagegen could not do safely, with the lines to add by hand; nothing is written then. */
  refused: string | undefined
  /** Lines the user adds by hand where there is no config file to edit (esbuild). */
  byHand: string[]
}

/** Every change `imagegen init` would make, computed before anything is written. */
export async function planInit(project: DetectedProject): Promise<InitPlan> {
  const plan: InitPlan = { changes: [], unchanged: [], refused: undefined, byHand: [] }
  await planBundlerConfig(project, plan)
  const tsconfig = findTsconfig(project.root)
  if (tsconfig) {
    const text = await readFile(join(project.root, tsconfig), 'utf8')
    const after = await allowArbitraryExtensions(text, tsconfig)
    if (after === undefined) plan.unchanged.push([tsconfig, 'allowArbitraryExtensions is already on'])
    else
      plan.changes.push({
        file: tsconfig,
        before: text,
        after,
        what: 'allowArbitraryExtensions: true, the types of ./images.yaml',
      })
  }
  const gitignore = await readFile(join(project.root, '.gitignore'), 'utf8').catch(() => undefined)
  const ignored = gitignoreWith(gitignore)
  if (ignored === undefined) plan.unchanged.push(['.gitignore', 'ignores imagegen’s lock files already'])
  else
    plan.changes.push({
      file: '.gitignore',
      before: gitignore,
      after: ignored,
      what: 'ignores imagegen’s lock files',
    })
  const manifests = await findManifests(project.root)
  if (manifests.length > 0) {
    plan.unchanged.push([manifests[0] ?? '', 'a manifest exists already'])
  } else {
    const dir =
      project.framework.manifestDir ??
      ['src', 'app'].find((name) => existsSync(join(project.root, name))) ??
      '.'
    const file = dir === '.' ? 'images.yaml' : `${dir}/images.yaml`
    const after = starterManifest(join(project.root, dir), project.root)
    plan.changes.push({ file, before: undefined, after, what: 'a starter manifest with one image' })
  }
  return plan
}

async function planBundlerConfig(project: DetectedProject, plan: InitPlan): Promise<void> {
  const { framework } = project
  const snippet = byHandLines(project)
  if (framework.edit === 'by-hand') {
    plan.byHand = snippet
    return
  }
  const file = framework.configFiles.find((name) => existsSync(join(project.root, name)))
  if (!file) {
    if (!framework.starter) {
      plan.refused = `no ${framework.configFiles.join(' or ')} found to add imagegen to`
      plan.byHand = snippet
      return
    }
    const name = findTsconfig(project.root) ? framework.configFiles[0] : 'vite.config.js'
    const after = await addToConfig(framework.starter, framework)
    plan.changes.push({
      file: name ?? 'vite.config.js',
      before: undefined,
      after,
      what: `with ${call(project)}`,
    })
    return
  }
  const before = await readFile(join(project.root, file), 'utf8')
  if (before.includes('unplugin-imagegen')) {
    plan.unchanged.push([file, 'uses unplugin-imagegen already'])
    return
  }
  try {
    const after = await addToConfig(before, framework)
    plan.changes.push({ file, before, after, what: `added ${call(project)}` })
  } catch (error) {
    if (!(error instanceof UnsafeEdit)) throw error
    plan.refused = `${file} was left alone: ${error.message}`
    plan.byHand = before.includes('module.exports') ? requireLines(project) : snippet
  }
}

function call({ framework }: DetectedProject): string {
  if (framework.edit === 'nuxt-module') return `'${framework.importFrom}' to modules`
  if (framework.edit === 'wrap') return `${framework.local}(…) around the exported config`
  return `${framework.local}() from ${framework.importFrom}`
}

/** A second `plugins:` key would replace the first: say where the call goes when the list exists. */
const ADD_TO_LIST = '; if a plugins list is there already, add imagegen() to it'

/** The by-hand lines of a CommonJS config (Node 20.19+ can `require` the ES module). */
function requireLines({ framework }: DetectedProject): string[] {
  const imported = framework.named ? `{ ${framework.local} }` : framework.local
  const use =
    framework.edit === 'wrap'
      ? `module.exports = ${framework.local}(nextConfig)`
      : `plugins: [${framework.local}()],   // in the exported config${ADD_TO_LIST}`
  return [`const ${imported} = require('${framework.importFrom}')`, use]
}

/** What to write by hand where the config cannot be edited safely. */
function byHandLines({ framework }: DetectedProject): string[] {
  const imported = framework.named ? `{ ${framework.local} }` : framework.local
  const importLine = `import ${imported} from '${framework.importFrom}'`
  switch (framework.edit) {
    case 'nuxt-module':
      return [`modules: ['${framework.importFrom}'],   // in defineNuxtConfig({ … })`]
    case 'wrap':
      return [importLine, `export default ${framework.local}(nextConfig)`]
    case 'integration':
      return [importLine, `integrations: [${framework.local}()],   // in defineConfig({ … })`]
    default:
      return [importLine, `plugins: [${framework.local}()],   // in the build options${ADD_TO_LIST}`]
  }
}
