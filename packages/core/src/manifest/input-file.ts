import { open, realpath, stat } from 'node:fs/promises'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { ImagegenError, type SourcePosition } from '../errors.js'
import { detectImageFormat, type ImageFormat } from '../image-type.js'
import type { InputRule } from '../models/types.js'
import type { InputFile } from './types.js'
import { orList } from './wording.js'

/** The project root, both as given and with symlinks resolved: inputs must stay inside it. */
export interface ProjectRoot {
  path: string
  realPath: string
}

export interface InputContext {
  root: ProjectRoot
  manifestDir: string
  rule: InputRule
  /** Who the rule is for, as hints name it: `dall-e-2`, `a mask`. */
  ruleOwner: string
  position: SourcePosition
  entry: string
}

const HEADER_BYTES = 32

/**
 * Resolves an input path of the manifest (relative to the manifest's folder) to a real file inside
 * the project root, and checks it is an image the model reads. A `../` escape, an absolute path
 * outside the root and a symlink that leads outside are refused: a manifest must not make a build
 * upload files from elsewhere on the machine.
 */
export async function resolveInputFile(
  written: string,
  context: InputContext,
): Promise<InputFile | ImagegenError> {
  const fail = (problem: string, hint: string) =>
    new ImagegenError('MANIFEST_INPUT', problem, { position: context.position, entry: context.entry, hint })
  const shown = `\`${written.length > 80 ? `${written.slice(0, 79)}…` : written}\``

  if (written.includes('\0'))
    return fail(`${shown} is not a valid path`, 'write a path relative to this file')
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(written) || written.startsWith('data:')) {
    return fail(`${shown} is a URL`, 'inputs are files in the project: save it next to the manifest')
  }
  const { root } = context
  const absolutePath = resolve(context.manifestDir, written)
  if (!isInside(root.path, absolutePath) && !isInside(root.realPath, absolutePath)) {
    return fail(`${shown} is outside the project root`, `keep input files under ${root.path}`)
  }
  let realPath: string
  try {
    realPath = await realpath(absolutePath)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return fail(`${shown} does not exist`, `looked for ${relative(root.path, absolutePath) || '.'}`)
    }
    return fail(`${shown} cannot be read (${code ?? 'unknown error'})`, 'check the file and its permissions')
  }
  if (!isInside(root.realPath, realPath)) {
    return fail(`${shown} is a symlink to a file outside the project root`, 'copy the file into the project')
  }
  try {
    const problem = await checkImageFile(realPath, context)
    if (problem) return fail(`${shown} ${problem.problem}`, problem.hint)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error'
    return fail(`${shown} cannot be read (${code})`, 'check the file and its permissions')
  }
  return { path: written, absolutePath: realPath, position: context.position }
}

async function checkImageFile(
  path: string,
  context: InputContext,
): Promise<{ problem: string; hint: string } | undefined> {
  const { rule, ruleOwner } = context
  const info = await stat(path)
  if (!info.isFile()) return { problem: 'is not a file', hint: 'name an image file' }
  if (info.size >= rule.maxBytes) {
    const limit = `${rule.maxBytes / (1024 * 1024)} MB`
    return { problem: `is ${megabytes(info.size)}`, hint: `${ruleOwner} takes files under ${limit}` }
  }
  const header = await readHeader(path)
  const format = detectImageFormat(header)
  if (!format || !rule.formats.includes(format as never)) {
    return {
      problem: format ? `is ${article(format)} ${format.toUpperCase()} image` : 'is not an image file',
      hint: `${ruleOwner} takes ${orList(rule.formats.map((each) => each.toUpperCase()))}`,
    }
  }
  const size = format === 'png' ? pngSize(header) : undefined
  if (rule.square && size && size.width !== size.height) {
    return {
      problem: `is ${size.width}x${size.height}, not square`,
      hint: `${ruleOwner} takes square images`,
    }
  }
  return undefined
}

async function readHeader(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r')
  try {
    const buffer = new Uint8Array(HEADER_BYTES)
    const { bytesRead } = await handle.read(buffer, 0, HEADER_BYTES, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/** A PNG's size, from its IHDR chunk (always first, right after the signature). */
function pngSize(header: Uint8Array): { width: number; height: number } | undefined {
  if (header.length < 24 || String.fromCharCode(...header.subarray(12, 16)) !== 'IHDR') return undefined
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength)
  return { width: view.getUint32(16), height: view.getUint32(20) }
}

function isInside(parent: string, child: string): boolean {
  const path = relative(parent, child)
  return path === '' || (path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path))
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

function article(format: ImageFormat): string {
  return format === 'avif' ? 'an' : 'a'
}
