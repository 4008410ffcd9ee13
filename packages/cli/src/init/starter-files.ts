import { relative } from 'node:path'

/** Machine state inside the store; the store itself is meant to be committed. */
export const GITIGNORE_LINES = ['.imagegen/locks/']

/** `.gitignore` with imagegen's lines added; undefined when every one is there already. */
export function gitignoreWith(text: string | undefined): string | undefined {
  const present = new Set((text ?? '').split(/\r?\n/).map((line) => line.trim()))
  const missing = GITIGNORE_LINES.filter((line) => !present.has(line))
  if (missing.length === 0) return undefined
  const before = text === undefined || text === '' ? '' : text.endsWith('\n') ? `${text}\n` : `${text}\n\n`
  return `${before}# imagegen: lock files of generations in progress (commit the rest of .imagegen/)\n${missing.join('\n')}\n`
}

/**
 * A first manifest that passes `imagegen check` as written, with a `$schema` line that editors with
 * the YAML language server follow: the schema ships in `unplugin-imagegen`, which the user installs directly.
 */
export function starterManifest(manifestDir: string, root: string): string {
  const schema = relative(manifestDir, `${root}/node_modules/unplugin-imagegen/dist/images.schema.json`)
  return `# yaml-language-server: $schema=${schema.startsWith('.') ? schema : `./${schema}`}
#
# The images this site needs, generated at build time. Import them like any asset:
#   import { hero } from './images.yaml'
#   <img src={hero.src} srcset={hero.srcset} width={hero.width} height={hero.height} alt={hero.alt}>
# With OPENAI_API_KEY set, a build generates what is missing and keeps it in .imagegen/ (commit it);
# without a key, builds use placeholders; in CI (CI=true) a missing image fails the build.
# \`imagegen generate --dry-run\` shows what would be generated and its estimated cost.

defaults:
  model: gpt-image-1
  quality: medium            # low | medium | high | auto
  output_format: webp        # what the API returns: png | jpeg | webp
  transform:                 # what the page gets, made from it with sharp
    format: avif
    widths: [640, 1280]      # one file per width, for srcset

images:
  hero:                      # the export name: letters, digits, - and _
    prompt: A calm mountain lake at sunrise, mist over the water, soft light, photographic
    size: 1536x1024          # gpt-image-1: 1024x1024, 1536x1024, 1024x1536 or auto
    alt: A mountain lake at sunrise
    placeholder: blur        # blur | color | none: shown while the image loads
`
}
