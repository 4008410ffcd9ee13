import { IMAGE_EXTENSIONS } from '../image-type.js'
import type { ManifestEntry } from '../manifest/types.js'
import type { ImageVariant } from '../pipeline/types.js'
import type { DerivedEntry } from './derive-entries.js'
import { type ImageBindings, imageValue } from './image-value.js'
import { Expression, jsLiteral, type LiteralValue } from './js-literal.js'

/**
 * How module code reaches an emitted file's URL: a JavaScript expression
 * (`import.meta.ROLLUP_FILE_URL_…`, `__webpack_public_path__ + "…"`), or a module specifier whose
 * default export is the URL (an esbuild `file` loader import) or, with `property`, is the URL or an
 * object with the URL there (Next's image imports: `{ src, width, height, … }` for the project's own
 * files and under webpack, the URL itself for Turbopack's imports from `node_modules`).
 */
export type AssetUrl = { expression: string } | { import: string; property?: string }

/** One file for the bundler to emit. */
export interface ModuleAsset {
  entry: ManifestEntry
  /** Which of the entry's `n` images the file is a variant of, from 0. */
  index: number
  variant: ImageVariant
  /** A readable name for the bundler to place and hash: `hero-640.webp`, `sketches-2-256.png`. */
  name: string
}

export interface ModuleCodeOptions {
  /**
   * Emits `asset` through the bundler and says how code refers to its URL. Called once per asset,
   * one after another in a fixed order, so the bundler sees the same emissions in the same order.
   */
  assetUrl(asset: ModuleAsset): AssetUrl | Promise<AssetUrl>
  /** Give each image its `meta` (prompt, model, revised prompt, recipe key). @default false */
  meta?: boolean
}

/** The module of a whole manifest: a named export per entry and a default export of all by name. */
export async function manifestModuleCode(
  entries: readonly DerivedEntry[],
  options: ModuleCodeOptions,
): Promise<string> {
  const module = new ModuleWriter(options)
  const exports: string[] = []
  for (const derived of entries) {
    exports.push(
      `export const ${derived.entry.exportName} = ${jsLiteral(await module.entryValue(derived))}\n`,
    )
  }
  const all = Object.fromEntries(entries.map(({ entry }) => [entry.name, new Expression(entry.exportName)]))
  return module.code([...exports, `export default ${jsLiteral(all)}\n`], entries)
}

/** The module of `images.yaml?image=<name>`: that one entry as the default export. */
export async function entryModuleCode(derived: DerivedEntry, options: ModuleCodeOptions): Promise<string> {
  const module = new ModuleWriter(options)
  const value = await module.entryValue(derived)
  return module.code([`export default ${jsLiteral(value)}\n`], [derived])
}

/**
 * The fields every image has, in the order of `ImagegenImage`: one function of the module makes them,
 * so that each image's code is its values alone. With hundreds of images, field names repeated per
 * image made most of a bundle's imagegen chunk.
 */
const IMAGE_FIELDS = ['src', 'width', 'height', 'format', 'alt', 'srcset', 'sources', 'placeholder']
/** Arguments in the order that lets most calls stop early: one format's `sources` follow from the rest. */
const IMAGE_ARGUMENTS = ['src', 'width', 'height', 'format', 'alt', 'srcset', 'placeholder']
const IMAGE_FUNCTION = `const _image = (${IMAGE_ARGUMENTS.join(', ')}, rest, sources = [{ type: "image/" + format, srcset }]) => ({ ${IMAGE_FIELDS.join(', ')}, ...rest })`

type ImageFields = { readonly [field: string]: LiteralValue | undefined }

/**
 * Collects the imports and variables that the exported values refer to: URLs, srcsets, and the short
 * strings that recur in every image (formats, MIME types, srcset widths), each written once.
 */
class ModuleWriter {
  private readonly imports: string[] = []
  private readonly bindings: string[] = []
  private readonly strings = new Map<string, Expression>()
  private urls = 0
  private srcsets = 0
  private images = 0

  constructor(private readonly options: ModuleCodeOptions) {}

  async entryValue(derived: DerivedEntry): Promise<LiteralValue> {
    const { images } = derived
    const values: LiteralValue[] = []
    for (const [index, image] of images.entries()) {
      const bindings: ImageBindings = { urls: [], srcsets: new Map() }
      const byFormat = new Map<string, { url: Expression; width: number }[]>()
      for (const variant of image.variants) {
        const name = assetName(derived.entry, images.length > 1 ? index + 1 : undefined, variant)
        const url = await this.url({ entry: derived.entry, index, variant, name })
        bindings.urls.push(url)
        const candidates = byFormat.get(variant.format) ?? []
        candidates.push({ url, width: variant.width })
        byFormat.set(variant.format, candidates)
      }
      for (const [format, candidates] of byFormat) {
        const srcset = this.srcsetExpression(candidates)
        bindings.srcsets.set(format, this.bind(`_srcset${this.srcsets++}`, srcset))
      }
      values.push(this.image(imageValue(derived, image, bindings, this.options.meta ?? false) as ImageFields))
    }
    // `n` decides the shape, not how many images came back, so the types never depend on a response.
    if ((derived.entry.request.n ?? 1) > 1) return values
    const [single] = values
    if (!single) throw new Error(`imagegen: entry ${derived.entry.name} resolved to no image`)
    return single
  }

  code(body: readonly string[], entries: readonly DerivedEntry[]): string {
    const source = entries[0]?.entry.position.file
    const head = source ? `// Generated by imagegen from ${source}\n` : ''
    const imports = this.imports.length > 0 ? `${this.imports.join('\n')}\n` : ''
    const helpers = this.images > 0 ? [IMAGE_FUNCTION] : []
    const lines = [...helpers, ...this.bindings]
    const bindings = lines.length > 0 ? `${lines.join('\n')}\n\n` : ''
    return `${head}${imports}${bindings}${body.join('\n')}`
  }

  private async url(asset: ModuleAsset): Promise<Expression> {
    const name = `_url${this.urls++}`
    const url = await this.options.assetUrl(asset)
    if ('import' in url) {
      const binding = url.property ? `${name}_module` : name
      this.imports.push(`import ${binding} from ${JSON.stringify(url.import)}`)
      if (!url.property) return new Expression(name)
      const member = `${binding}[${JSON.stringify(url.property)}]`
      return this.bind(name, `typeof ${binding} === "string" ? ${binding} : ${member}`)
    }
    return this.bind(name, url.expression)
  }

  /** `_image(src, width, …, { blurDataURL, … })`, its recurring strings shared. */
  private image(fields: ImageFields): Expression {
    this.images++
    const { format, sources, placeholder } = fields
    const ownSources = !isDefaultSources(fields) && Array.isArray(sources)
    const shared: ImageFields = {
      ...fields,
      format: typeof format === 'string' ? this.string(format) : format,
      sources: ownSources
        ? sources.map((source: ImageFields) => ({ ...source, type: this.string(source.type as string) }))
        : sources,
      // A colour placeholder's data URL is its own; `blur` and `empty` recur.
      placeholder:
        typeof placeholder === 'string' && !placeholder.startsWith('data:')
          ? this.string(placeholder)
          : placeholder,
    }
    const values = IMAGE_ARGUMENTS.map((field) => jsLiteral(shared[field] ?? new Expression('undefined')))
    const rest = jsLiteral(
      Object.fromEntries(Object.entries(shared).filter(([field]) => !IMAGE_FIELDS.includes(field))),
    )
    if (ownSources) values.push(rest, jsLiteral(shared.sources ?? []))
    else if (rest !== '{}') values.push(rest)
    return new Expression(`_image(${values.join(', ')})`)
  }

  /** `_url0 + _s1 + _url1 + _s2`, where `_s1` is `" 320w, "`. */
  private srcsetExpression(candidates: readonly { url: Expression; width: number }[]): string {
    return candidates
      .map(({ url, width }, index) => {
        const separator = index < candidates.length - 1 ? ', ' : ''
        return `${url.code} + ${this.string(` ${width}w${separator}`).code}`
      })
      .join(' + ')
  }

  /** A variable holding `text`, declared the first time it is asked for. */
  private string(text: string): Expression {
    let shared = this.strings.get(text)
    if (!shared) {
      shared = this.bind(`_s${this.strings.size}`, JSON.stringify(text))
      this.strings.set(text, shared)
    }
    return shared
  }

  private bind(name: string, expression: string): Expression {
    this.bindings.push(`const ${name} = ${expression}`)
    return new Expression(name)
  }
}

/** One `<source>`, of the image's own format and srcset: what `_image` makes when given none. */
function isDefaultSources({ format, srcset, sources }: ImageFields): boolean {
  if (!Array.isArray(sources) || sources.length !== 1) return false
  const [source] = sources as ImageFields[]
  return (
    source?.type === `image/${format}` &&
    source.srcset instanceof Expression &&
    srcset instanceof Expression &&
    source.srcset.code === srcset.code
  )
}

/** `hero-640.webp`; with several images, `sketches-2-640.webp` (1-based). */
function assetName(entry: ManifestEntry, ordinal: number | undefined, variant: ImageVariant): string {
  const stem = ordinal === undefined ? entry.name : `${entry.name}-${ordinal}`
  return `${stem}-${variant.width}.${IMAGE_EXTENSIONS[variant.format]}`
}
