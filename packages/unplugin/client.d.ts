// Ambient types for imagegen manifests. Add `/// <reference types="unplugin-imagegen/client" />` to a
// declaration file of the project, or "unplugin-imagegen/client" to `compilerOptions.types`.
//
// `import { hero } from './images.yaml'` is typed exactly by the `images.d.yaml.ts` that the plugin
// writes beside each manifest (with `allowArbitraryExtensions` on); the declarations below are the
// fallback when that file is not there.
//
// `import hero from './images.yaml?image=hero'` cannot be typed here for every entry: TypeScript
// matches a module pattern with one `*` only, and the entry name would need a second. The plugin
// therefore writes `imagegen-env.d.ts` at the project root, with one declaration per entry, once the
// project uses such imports: include that file in the tsconfig.

declare module '*/images.yaml' {
  const images: Readonly<
    Record<string, import('unplugin-imagegen').ImagegenImage | import('unplugin-imagegen').ImagegenImage[]>
  >
  export default images
}

declare module '*.images.yaml' {
  const images: Readonly<
    Record<string, import('unplugin-imagegen').ImagegenImage | import('unplugin-imagegen').ImagegenImage[]>
  >
  export default images
}
