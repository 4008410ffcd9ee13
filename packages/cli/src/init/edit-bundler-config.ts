import type { ProxifiedModule } from 'magicast'
import type { FrameworkSetup } from './frameworks.js'

/** A config file imagegen will not rewrite, and why: the user adds the lines by hand. */
export class UnsafeEdit extends Error {}

/**
 * The config with imagegen added, by an AST edit (magicast keeps the file's own formatting and
 * comments around what changed). Throws UnsafeEdit when the file is not in a shape the edit can be
 * sure of, such as CommonJS or a default export built at run time.
 */
export async function addToConfig(source: string, setup: FrameworkSetup): Promise<string> {
  const { builders, generateCode, parseModule } = await import('magicast')
  const { addNuxtModule, addVitePlugin } = await import('magicast/helpers')
  let mod: ProxifiedModule
  try {
    mod = parseModule(source)
  } catch (error) {
    throw new UnsafeEdit(`it does not parse (${(error as Error).message})`)
  }
  const exported = mod.exports.default as { $type?: string; $args?: unknown[] } | undefined
  if (!exported) throw new UnsafeEdit('it has no `export default` (CommonJS `module.exports` is not edited)')
  const options = () => {
    const object = exported.$type === 'function-call' ? exported.$args?.[0] : exported
    if ((object as { $type?: string } | undefined)?.$type !== 'object') {
      throw new UnsafeEdit('its default export is not an object literal or a `defineConfig({ … })` call')
    }
    return object as Record<string, unknown[] | undefined>
  }
  const importIt = () =>
    mod.imports.$append({
      from: setup.importFrom,
      imported: setup.named ? setup.local : 'default',
      local: setup.local,
    })
  const append = (key: string, value: unknown) => {
    const config = options()
    const list = config[key]
    if (list !== undefined && !Array.isArray(list) && (list as { $type?: string }).$type !== 'array') {
      throw new UnsafeEdit(`its \`${key}\` is not a list written in the file`)
    }
    config[key] ||= []
    config[key]?.push(value)
    importIt()
  }
  switch (setup.edit) {
    case 'vite-plugin':
      options()
      addVitePlugin(mod, { from: setup.importFrom, constructor: setup.local })
      break
    case 'plugins':
      append('plugins', builders.functionCall(setup.local))
      break
    case 'integration':
      append('integrations', builders.functionCall(setup.local))
      break
    case 'nuxt-module':
      options()
      addNuxtModule(mod, setup.importFrom)
      break
    case 'wrap':
      mod.exports.default = builders.functionCall(setup.local, exported)
      importIt()
      break
    case 'by-hand':
      throw new UnsafeEdit('there is no config file to edit')
  }
  const { code } = generateCode(mod)
  return source.endsWith('\n') && !code.endsWith('\n') ? `${code}\n` : code
}
