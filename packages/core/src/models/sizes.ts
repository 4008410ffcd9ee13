import { orList } from '../manifest/wording.js'
import type { FlexibleSizes, SizeRule } from './types.js'

export type SizeVerdict =
  | { ok: true; experimental: boolean }
  | {
      ok: false
      /** Why, when the rule is more than a list. */
      reason?: string
      /** What would be right. */
      hint: string
    }

const SIZE_PATTERN = /^(\d+)x(\d+)$/

/** Whether a model makes `size` (`WIDTHxHEIGHT` or `auto`), and if not, what it would make. */
export function checkSize(rule: SizeRule, size: string): SizeVerdict {
  if (rule.kind === 'list') {
    return rule.sizes.includes(size)
      ? { ok: true, experimental: false }
      : { ok: false, hint: `use ${describeSizes(rule)}` }
  }
  if (size === 'auto') {
    return rule.auto ? { ok: true, experimental: false } : { ok: false, hint: `use ${describeSizes(rule)}` }
  }
  const match = SIZE_PATTERN.exec(size)
  if (!match) return { ok: false, reason: 'it is not WIDTHxHEIGHT', hint: `use ${describeSizes(rule)}` }
  return checkFlexible(rule, Number(match[1]), Number(match[2]))
}

function checkFlexible(rule: FlexibleSizes, width: number, height: number): SizeVerdict {
  const long = Math.max(width, height)
  const short = Math.min(width, height)
  const pixels = width * height
  if (width % rule.multipleOf !== 0 || height % rule.multipleOf !== 0) {
    const nearest = `${roundTo(width, rule.multipleOf)}x${roundTo(height, rule.multipleOf)}`
    return {
      ok: false,
      reason: `both edges must be multiples of ${rule.multipleOf}`,
      hint: `use ${nearest}, the nearest size that is`,
    }
  }
  if (long > rule.maxEdge) {
    return {
      ok: false,
      reason: `an edge is over ${rule.maxEdge}`,
      hint: `keep both edges at ${rule.maxEdge} or less`,
    }
  }
  if (short === 0 || long / short > rule.maxAspectRatio) {
    return {
      ok: false,
      reason: `its aspect ratio is over ${rule.maxAspectRatio}:1`,
      hint: `keep the long edge at most ${rule.maxAspectRatio} times the short one`,
    }
  }
  if (pixels > rule.maxPixels) {
    return {
      ok: false,
      reason: `it has more than ${rule.maxPixels.toLocaleString('en')} pixels`,
      hint: 'use at most 3840x2160 or the same number of pixels',
    }
  }
  if (pixels < rule.minPixels) {
    return {
      ok: false,
      reason: `it has fewer than ${rule.minPixels.toLocaleString('en')} pixels`,
      hint: 'use at least 1024x640 or the same number of pixels',
    }
  }
  return { ok: true, experimental: pixels > rule.experimentalAbovePixels }
}

/** The sizes a rule allows, as a hint reads them. */
export function describeSizes(rule: SizeRule): string {
  if (rule.kind === 'list') return orList(rule.sizes)
  return `WIDTHxHEIGHT with edges multiples of ${rule.multipleOf} up to ${rule.maxEdge}, such as ${orList(rule.suggested)}`
}

function roundTo(value: number, step: number): number {
  return Math.max(step, Math.round(value / step) * step)
}
