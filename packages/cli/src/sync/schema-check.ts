import { existsSync, readdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { type Manifest, positionAt } from '@imagegen/core/internal'

const SCHEMA_COMMENT = /^#\s*yaml-language-server:\s*\$schema=(\S+)/m
/** The schema ships in the package a project installs directly, so the path exists under npm, pnpm and yarn. */
const SCHEMA_FILE = 'unplugin-imagegen/dist/images.schema.json'

/**
 * A manifest's `# yaml-language-server: $schema=…` that names a file which is not there: editors then
 * quietly lose completion. One line per manifest, with the path that would work.
 */
export async function schemaProblems(root: string, manifests: readonly Manifest[]): Promise<string[]> {
  const installed = installedFile(root, SCHEMA_FILE) ?? unpluggedFile(root, SCHEMA_FILE)
  const pnp = yarnPnpProject(root)
  const problems: string[] = []
  for (const { file } of manifests) {
    const text = await readFile(file, 'utf8')
    const match = SCHEMA_COMMENT.exec(text)
    const value = match?.[1]
    if (!match || !value || /^[a-z][a-z\d+.-]*:/i.test(value) || existsSync(resolve(dirname(file), value)))
      continue
    const { line, column } = positionAt(text, file, match.index + match[0].indexOf('$schema'))
    const fix = installed
      ? `use $schema=${relative(dirname(file), installed)}`
      : pnp
        ? `Yarn PnP keeps unplugin-imagegen in a zip archive, where editors cannot read the schema: run \`yarn unplug unplugin-imagegen\`, which puts it at ${relative(dirname(file), join(pnp, '.yarn', 'unplugged'))}/unplugin-imagegen-npm-<version>-<hash>/node_modules/${SCHEMA_FILE} (imagegen sync then names the exact path), or set nodeLinker: node-modules in .yarnrc.yml`
        : 'install unplugin-imagegen, which ships the schema, and point $schema at its dist/images.schema.json'
    problems.push(`${relative(root, file)}:${line}:${column}  $schema=${value} does not exist — ${fix}`)
  }
  return problems
}

/**
 * `node_modules/<path>` as seen from the project root, looking up the folders as Node does, but as the
 * path a user writes (pnpm's symlinks not followed into its store).
 */
export function installedFile(root: string, path: string): string | undefined {
  for (let dir = root; ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', path)
    if (existsSync(file)) return file
    if (dirname(dir) === dir) return undefined
  }
}

/** The folder of the Yarn Plug'n'Play project (its `.pnp.cjs`) the root is in, if it is in one. */
export function yarnPnpProject(root: string): string | undefined {
  for (let dir = root; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.pnp.cjs'))) return dir
    if (dirname(dir) === dir) return undefined
  }
}

/** `<path>` in a package `yarn unplug` extracted for a Plug'n'Play project: `.yarn/unplugged/<id>/node_modules/<path>`. */
function unpluggedFile(root: string, path: string): string | undefined {
  const project = yarnPnpProject(root)
  const unplugged = project && join(project, '.yarn', 'unplugged')
  if (!unplugged || !existsSync(unplugged)) return undefined
  return readdirSync(unplugged)
    .map((id) => join(unplugged, id, 'node_modules', path))
    .find((file) => existsSync(file))
}
