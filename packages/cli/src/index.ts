import { createRequire } from 'node:module'
import { type Imagegen, isImagegenError } from '@imagegen/core'
import { cac } from 'cac'
import { checkCommand } from './commands/check.js'
import { generateCommand } from './commands/generate.js'
import { DEFAULT_GRACE_SECONDS, pruneCommand } from './commands/prune.js'
import { remoteSyncCommand } from './commands/remote-sync.js'
import { statusCommand } from './commands/status.js'
import { createEngine, type GlobalFlags } from './context.js'
import { EXIT, type ExitCode } from './exit-codes.js'
import { createTerminal } from './output/terminal.js'

export { EXIT, type ExitCode } from './exit-codes.js'

const { version } = createRequire(import.meta.url)('../package.json') as { version: string }

const EXIT_CODES_HELP = `Exit codes:
  0    success
  1    check found missing or damaged images; generate had failures or stopped at its budget
  2    bad flags or configuration, or a manifest with errors
  130  interrupted (Ctrl+C); finished images are kept

Environment:
  OPENAI_API_KEY   the API key (only ever read from the environment)
  OPENAI_BASE_URL  a compatible server instead of api.openai.com
  IMAGEGEN_MODE    generate | frozen | placeholder (default: frozen when CI is set)
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
    .command('generate', 'Generate the images that are missing from the store')
    .option('--only <name>', 'Only entries with this name or glob (repeatable)')
    .option('--force <name>', 'Generate a fresh image for this entry although it is stored (repeatable)')
    .option('--concurrency <n>', 'Generations in flight at once (default: 4)')
    .option('--max-new <n>', 'Stop after this many new images')
    .option('--max-cost <usd>', 'Stop before the estimated cost passes this many USD')
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
    terminal.err(
      terminal.color.red(isImagegenError(error) ? error.message : `imagegen: ${(error as Error).message}`),
    )
    return isImagegenError(error) && error.code !== 'CONFIG' ? EXIT.problems : EXIT.usage
  }
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
