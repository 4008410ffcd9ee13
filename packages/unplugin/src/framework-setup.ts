/** What the framework integrations (Astro, Nuxt) check of a project's setup, and how they refuse it. */

/**
 * Whether a framework's Vite plugin list (nested arrays, `false` and `null` allowed, as Vite takes it)
 * already holds imagegen's plugin: an integration that adds it must not add it a second time.
 */
export function hasImagegenPlugin(plugins: unknown[] = []): boolean {
  return plugins
    .flat(Number.POSITIVE_INFINITY)
    .some((plugin) => (plugin as { name?: unknown } | null)?.name === 'unplugin-imagegen')
}

/**
 * A framework integration's refusal of the project's setup (`name` is the integration's entry point): a
 * setting to change, not a crash. Frameworks print a thrown error's stack under its message, so this
 * one has none.
 */
export function settingError(name: string, message: string): Error {
  const error = new Error(`${name}: ${message}`)
  error.stack = ''
  return error
}
