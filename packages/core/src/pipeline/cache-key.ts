import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { sha256 } from '../hash.js'
import { canonicalJson } from '../recipe/canonical-json.js'
import type { DerivationPlan, VariantSpec } from './plan.js'

/** Bump whenever a change to this folder changes the bytes or the metadata it writes for the same input. */
export const PIPELINE_VERSION = 1

let encoder: { pipeline: number; sharp: string } | undefined

/**
 * Another sharp (with the libvips each release pins) may encode the same request to other bytes, so
 * its version is part of every key: upgrading sharp quietly re-derives instead of serving files whose
 * hashes no longer hold. Read from its package.json, not `sharp.versions`: loading sharp costs a
 * process ~100 ms, which a build whose derivatives are all cached never otherwise pays.
 */
function encoderVersions(): { pipeline: number; sharp: string } {
  encoder ??= { pipeline: PIPELINE_VERSION, sharp: installedVersion('sharp') }
  return encoder
}

/** The version in the package.json of the package `name` resolves to from here. */
function installedVersion(name: string): string {
  let dir = dirname(createRequire(import.meta.url).resolve(name))
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
      if (manifest.name === name) return String(manifest.version)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    if (dirname(dir) === dir) throw new Error(`imagegen: no package.json of ${name} found`)
    dir = dirname(dir)
  }
}

/** Names the cache index of one (source, transform, placeholder). */
export function derivationKey(sourceHash: string, plan: DerivationPlan): string {
  return sha256(canonicalJson({ ...encoderVersions(), source: sourceHash, ...plan }))
}

/**
 * Names one variant's file. It leaves out the other widths and the placeholder, so transforms that
 * share a width (`[640]` and `[640, 1280]`) share its file.
 */
export function variantKey(sourceHash: string, spec: VariantSpec): string {
  return sha256(canonicalJson({ ...encoderVersions(), source: sourceHash, variant: spec }))
}
