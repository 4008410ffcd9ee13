import { createRequire } from 'node:module'
import { type ImagegenEngine, isImagegenError } from '@imagegen/core/internal'
import { cac } from 'cac'
import { checkCommand } from './commands/check.js'
import { generateCommand } from './commands/generate.js'
import { DEFAULT_GRACE_SECONDS, pruneCommand } from './commands/prune.js'
import { remoteSyncCommand } from './commands/remote-sync.js'
import { reviewCommand } from './commands/review.js'
import { statusCommand } from './commands/status.js'
import { syncCommand } from './commands/sync.js'
import { createEngine } from './context.js'
import { EXIT, type ExitCode } from './exit-codes.js'
import { asTyped, EXIT_CODES_HELP, globalFlags, list, positiveNumber } from './flags.js'
import { initCommand } from './init/init-command.js'
import { createTerminal } from './output/terminal.js'

export { EXIT, type ExitCode } from './exit-codes.js'

const { version } = createRequire(import.meta.url)('../package.json') as { version: string }

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

  async function withEngine(
    flags: Record<string, unknown>,
    run: (imagegen: ImagegenEngine) => Promise<ExitCode>,
  ) {
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
