/**
 * Whether a framework's Vite plugin list (nested arrays, `false` and `null` allowed, as Vite takes it)
 * already holds imagegen's plugin: an integration that adds it must not add it a second time.
 */
export function hasImagegenPlugin(plugins: unknown[] = []): boolean {
  return plugins
    .flat(Number.POSITIVE_INFINITY)
    .some((plugin) => (plugin as { name?: unknown } | null)?.name === 'unplugin-imagegen')
}
