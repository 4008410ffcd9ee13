import { createRequire } from 'node:module'
import { type Imagegen, isImagegenError } from '@imagegen/core/internal'
import { cac } from 'cac'
import { checkCommand } from './commands/check.js'
import { generateCommand } from './commands/generate.js'
import { DEFAULT_GRACE_SECONDS, pruneCommand } from './commands/prune.js'
import { remoteSyncCommand } from './commands/remote-sync.js'
import { reviewCommand } from './commands/review.js'
import { statusCommand } from './commands/status.js'
import { syncCommand } from './commands/sync.js'
import { createEngine, type GlobalFlags } from './context.js'
import { EXIT, type ExitCode } from './exit-codes.js'
import { initCommand } from './init/init-command.js'
import { createTerminal } from './output/terminal.js'

export { EXIT, type ExitCode } from './exit-codes.js'

const { version } = createRequire(import.meta.url)('../package.json') as { version: string }

const EXIT_CODES_HELP = `Exit codes:
  0    success
  1    check found missing or damaged images; generate had failures, stopped at its budget,
       or (frozen, as in CI) found entries missing
  2    bad flags, configuration, environment or manifest; the API refused the account
       (401, 403, insufficient_quota)
  130  interrupted (Ctrl+C); finished images are kept

Environment:
  OPENAI_API_KEY   the OpenAI API key (only ever read from the environment)
  GEMINI_API_KEY   the Gemini API key for Google models (or GOOGLE_API_KEY)
  FAL_KEY          the fal key for fal-ai/* models
  OPENAI_BASE_URL  a compatible server instead of api.openai.com
  GOOGLE_GEMINI_BASE_URL  another root for the Gemini API
  IMAGEGEN_MODE    generate | frozen | placeholder (default: frozen when CI is set)
  IMAGEGEN_TIMEOUT time limit of one attempt, in seconds (default: 300)
  IMAGEGEN_REMOTE  a shared store: s3://bucket/prefix (AWS_* credentials, AWS_ENDPOINT_URL_S3)
                   or https://host/path (IMAGEGEN_REMOTE_TOKEN, or user:password in the URL)
  IMAGEGEN_REMOTE_SIGNING_KEY  sign records written; refuse unsigned or badly signed ones
  NO_COLOR         plain output`

/** Runs the `imagegen` command line; resolves to the exit code. */
export async function runCli(
  argv: readonly string[],
  signal: AbortSignal = new AbortController().signal,
): Promise<ExitCode> {
  const terminal = createTerminal()
  const cli = cac('imagegen')
  let result: Promise<ExitCode> | undefined

  cli.option('--root <dir>', 'Project root: manifests are found below it (default: the current directory)')
  cli
    .command(
      'init',
      'Add imagegen to this project: its bundler config, tsconfig, .gitignore and a first images.yaml',
    )
    .option('--dry-run', 'Show the changes as a diff; write nothing')
    .action((flags) => {
      result = initCommand(
        terminal,
        { root: flags.root === undefined ? undefined : String(flags.root), dryRun: Boolean(flags.dryRun) },
        process.env,
      )
    })
  cli
    .command('generate', 'Generate the images that are missing from the store')
    .option('--only <name>', 'Only entries with this name or glob (repeatable)')
    .option('--force <name>', 'Generate a fresh image for this entry although it is stored (repeatable)')
    .option('--concurrency <n>', 'Generations in flight at once (default: 4)')
    .option('--max-new <n>', 'Stop after this many new images')
    .option('--max-cost <usd>', 'Stop before the estimated cost passes this many USD')
    .option('--allow-unpriced', 'Under --max-cost, generate images of unknown price too')
    .option('--timeout <seconds>', 'Time limit of one attempt (default: 300, or IMAGEGEN_TIMEOUT)')
    .option('--dry-run', 'List what would be generated and its estimated cost; send nothing')
    .action((flags) => {
      result = withEngine(flags, (imagegen) =>
        generateCommand(
          imagegen,
          terminal,
          { only: list(flags.only), force: list(flags.force), dryRun: Boolean(flags.dryRun) },
          signal,
        ),
      )
    })
  cli
    .command(
      'check',
      'Verify every manifest and that every entry is stored with a good image; never generates',
    )
    .option('--remote', 'Check the remote instead: every entry there, verified as a read-through would')
    .action((flags) => {
      result = withEngine(flags, (imagegen) =>
        flags.remote ? remoteSyncCommand(imagegen, terminal, 'check') : checkCommand(imagegen, terminal),
      )
    })
  cli
    .command('push', "Write the manifests' stored entries to the remote (records already there are kept)")
    .action((flags) => {
      result = withEngine(flags, (imagegen) => remoteSyncCommand(imagegen, terminal, 'push'))
    })
  cli
    .command('pull', "Copy the manifests' entries missing locally from the remote, each verified")
    .action((flags) => {
      result = withEngine(flags, (imagegen) => remoteSyncCommand(imagegen, terminal, 'pull'))
    })
  cli
    .command('status', 'List every entry: endpoint, model, size, quality, state, estimated cost')
    .alias('ls')
    .option('--json', 'Print JSON')
    .action((flags) => {
      result = withEngine(flags, (imagegen) =>
        statusCommand(imagegen, terminal, { json: Boolean(flags.json) }),
      )
    })
  cli
    .command('sync', 'Write the types of every manifest (images.d.yaml.ts), as a build would; check tsconfig')
    .action((flags) => {
      result = withEngine(flags, (imagegen) => syncCommand(imagegen, terminal))
    })
  cli
    .command('prune', 'Remove recipes no manifest references and blobs no recipe references')
    .option('--dry-run', 'Report what would be removed; remove nothing')
    .option(
      '--grace <seconds>',
      `Keep unreferenced files younger than this (default: ${DEFAULT_GRACE_SECONDS})`,
    )
    .action((flags) => {
      const graceSeconds = positiveNumber(flags.grace, '--grace', false) ?? DEFAULT_GRACE_SECONDS
      result = withEngine(flags, (imagegen) =>
        pruneCommand(imagegen, terminal, { dryRun: Boolean(flags.dryRun), graceSeconds }),
      )
    })
  cli
    .command(
      'review',
      'A gallery of the entries that changed since a git revision or another copy of the project',
    )
    .option('--base <rev>', 'The git revision to compare with (default: HEAD)')
    .option('--base-dir <dir>', 'Compare with another copy of the project (its manifests and store) instead')
    .option('--out <dir>', 'Where the gallery is written (default: imagegen-review)')
    .option('--format <format>', 'html (a gallery directory) or markdown (a summary on stdout)')
    .option('--all', 'Include unchanged entries')
    .option('--open', 'Open the gallery in a browser')
    .action((flags) => {
      const format = flags.format ?? 'html'
      if (format !== 'html' && format !== 'markdown') {
        throw new Error(`--format takes html or markdown, not \`${format}\``)
      }
      if (flags.base !== undefined && flags.baseDir !== undefined) {
        throw new Error('--base and --base-dir name the same thing; give one')
      }
      result = withEngine(flags, (imagegen) =>
        reviewCommand(imagegen, terminal, {
          ...(flags.base !== undefined ? { base: String(flags.base) } : {}),
          ...(flags.baseDir !== undefined ? { baseDir: String(flags.baseDir) } : {}),
          out: String(flags.out ?? 'imagegen-review'),
          format,
          all: Boolean(flags.all),
          open: Boolean(flags.open),
        }),
      )
    })
  cli.help((sections) => [...sections, { body: EXIT_CODES_HELP }])
  cli.version(version)

  async function withEngine(flags: Record<string, unknown>, run: (imagegen: Imagegen) => Promise<ExitCode>) {
    const imagegen = await createEngine(globalFlags(flags), terminal)
    try {
      return await run(imagegen)
    } finally {
      await imagegen.close()
    }
  }

  try {
    const parsed = cli.parse(['node', 'imagegen', ...argv], { run: false })
    if (parsed.options.help || parsed.options.version) return EXIT.ok
    if (!cli.matchedCommand) {
      terminal.err(
        cli.args.length > 0
          ? `imagegen: unknown command \`${cli.args[0]}\``
          : 'imagegen: a command is needed',
      )
      cli.outputHelp()
      return EXIT.usage
    }
    await cli.runMatchedCommand()
    return await (result ?? Promise.resolve(EXIT.ok))
  } catch (error) {
    const message = isImagegenError(error)
      ? error.message
      : `imagegen: ${asTyped((error as Error).message, argv)}`
    terminal.err(terminal.color.red(message))
    return isImagegenError(error) && error.code !== 'CONFIG' ? EXIT.problems : EXIT.usage
  }
}

/** cac names an unknown flag camel-cased (`--bogusFlag`); the user typed `--bogus-flag`. */
function asTyped(message: string, argv: readonly string[]): string {
  const unknown = /^Unknown option `--?([^`]+)`/.exec(message)?.[1]
  if (unknown === undefined) return message
  const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())
  const typed = argv.find((arg) => /^--?[^-]/.test(arg) && camel(arg.replace(/^--?|=.*$/g, '')) === unknown)
  return `unknown option \`${typed?.replace(/=.*$/, '') ?? `--${unknown}`}\`; see \`imagegen --help\``
}

function globalFlags(flags: Record<string, unknown>): GlobalFlags {
  const result: GlobalFlags = {}
  if (flags.root !== undefined) result.root = String(flags.root)
  const concurrency = positiveNumber(flags.concurrency, '--concurrency', true)
  if (concurrency !== undefined) result.concurrency = concurrency
  const maxNew = positiveNumber(flags.maxNew, '--max-new', true)
  if (maxNew !== undefined) result.maxNew = maxNew
  const maxCost = positiveNumber(flags.maxCost, '--max-cost', false)
  if (maxCost !== undefined) result.maxCost = maxCost
  const timeout = positiveNumber(flags.timeout, '--timeout', false)
  if (timeout === 0) throw new Error('--timeout takes a number of seconds above 0, not `0`')
  if (timeout !== undefined) result.timeoutMs = timeout * 1000
  if (flags.allowUnpriced === true) result.allowUnpriced = true
  return result
}

function positiveNumber(value: unknown, flag: string, integer: boolean): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (!Number.isFinite(number) || number < 0 || (integer && !Number.isInteger(number))) {
    throw new Error(`${flag} takes ${integer ? 'a whole number' : 'a number'} of 0 or more, not \`${value}\``)
  }
  return number
}

function list(value: unknown): string[] {
  if (value === undefined || value === true) return []
  return (Array.isArray(value) ? value : [value]).map(String)
}
