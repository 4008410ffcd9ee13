import sharp from 'sharp'
import { sha256 } from '../hash.js'
import { canonicalJson } from '../recipe/canonical-json.js'
import type { DerivationPlan, VariantSpec } from './plan.js'

/** Bump whenever a change to this folder changes the bytes or the metadata it writes for the same input. */
export const PIPELINE_VERSION = 1

/**
 * Another sharp or libvips may encode the same request to other bytes, so their versions are part of
 * every key: upgrading sharp quietly re-derives instead of serving files whose hashes no longer hold.
 */
const ENCODER = { pipeline: PIPELINE_VERSION, sharp: sharp.versions.sharp, vips: sharp.versions.vips }

/** Names the cache index of one (source, transform, placeholder). */
export function derivationKey(sourceHash: string, plan: DerivationPlan): string {
  return sha256(canonicalJson({ ...ENCODER, source: sourceHash, ...plan }))
}

/**
 * Names one variant's file. It leaves out the other widths and the placeholder, so transforms that
 * share a width (`[640]` and `[640, 1280]`) share its file.
 */
export function variantKey(sourceHash: string, spec: VariantSpec): string {
  return sha256(canonicalJson({ ...ENCODER, source: sourceHash, variant: spec }))
}
