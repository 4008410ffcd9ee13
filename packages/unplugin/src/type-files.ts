import { join } from 'node:path'
import type { Manifest } from '@imagegen/core'
import {
  declarationFile,
  entryQueryDeclarations,
  manifestDeclarations,
  QUERY_DECLARATION_FILE,
  writeIfChanged,
} from '@imagegen/core/internal'

/**
 * Keeps the generated types in step with the manifests: `images.d.yaml.ts` beside each one, and the
 * root's `imagegen-env.d.ts` once the project uses `?image=` imports. Files are written only when
 * their content changes, so neither watchers nor editors see churn.
 */
export class TypeFiles {
  /** Every manifest this process has loaded, latest version, for the shared `?image=` file. */
  private readonly manifests = new Map<string, Manifest>()
  private usesEntryImports = false
  private queue: Promise<unknown> = Promise.resolve()

  /** `entryImport`: the manifest was loaded for a `?image=` import. */
  async update(manifest: Manifest, entryImport: boolean, root: string): Promise<void> {
    this.manifests.set(manifest.file, manifest)
    this.usesEntryImports ||= entryImport
    await writeIfChanged(declarationFile(manifest.file), manifestDeclarations(manifest))
    if (this.usesEntryImports) await this.writeQueryTypes(join(root, QUERY_DECLARATION_FILE))
  }

  /** One write at a time, each with every manifest known when it was asked for: the last one wins. */
  private writeQueryTypes(file: string): Promise<unknown> {
    const manifests = [...this.manifests.values()].sort((a, b) => a.file.localeCompare(b.file))
    const content = entryQueryDeclarations(manifests)
    const write = this.queue.catch(() => {}).then(() => writeIfChanged(file, content))
    this.queue = write
    return write
  }
}
