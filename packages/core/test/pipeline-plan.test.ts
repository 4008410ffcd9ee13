import { describe, expect, it } from 'vitest'
import { derivationKey, variantKey } from '../src/pipeline/cache-key.js'
import { planDerivation, variantWidths } from '../src/pipeline/plan.js'

const source = { format: 'png', width: 1536 } as const

describe('pipeline: planning', () => {
  it.each([
    [
      [640, 1280, 4000],
      [640, 1280, 1536],
    ],
    [
      [1280, 640, 640],
      [640, 1280],
    ],
    [[4000, 2000], [1536]],
    [[], [1536]],
    [undefined, [1536]],
  ])('plans widths %j as %j on a 1536 source', (widths, planned) => {
    expect(variantWidths(1536, widths)).toEqual(planned)
  })

  it('resolves original to the source format and copies only at the source width without a quality', () => {
    expect(planDerivation(source, { widths: [640, 1536] }, 'none').variants).toEqual([
      { width: 640, format: 'png', quality: undefined, fit: 'cover', copy: false },
      { width: 1536, format: 'png', quality: undefined, fit: 'cover', copy: true },
    ])
    expect(planDerivation(source, { format: 'original', quality: 80 }, 'none').variants[0]?.copy).toBe(false)
    expect(planDerivation(source, { format: 'png' }, 'none').variants[0]?.copy).toBe(false)
  })

  it('keys a derivation by everything that changes its output, and nothing else', () => {
    const hash = 'a'.repeat(64)
    const key = (transform: object, placeholder: 'blur' | 'color' | 'none' = 'blur', from = hash) =>
      derivationKey(from, planDerivation(source, transform, placeholder))

    const base = key({ format: 'webp', widths: [640, 1280] })
    expect(base).toMatch(/^[0-9a-f]{64}$/)
    expect(key({ widths: [1280, 640, 640], format: 'webp' })).toBe(base)
    expect(key({ format: 'webp', widths: [640, 1280], fit: 'cover' })).toBe(base)
    const changes = [
      key({ format: 'webp', widths: [640, 1280] }, 'color'),
      key({ format: 'webp', widths: [640, 1280] }, 'blur', 'b'.repeat(64)),
      key({ format: 'avif', widths: [640, 1280] }),
      key({ format: 'webp', widths: [640] }),
      key({ format: 'webp', widths: [640, 1280], quality: 80 }),
      key({ format: 'webp', widths: [640, 1280], fit: 'contain' }),
    ]
    expect(new Set([base, ...changes]).size).toBe(changes.length + 1)
  })

  it('keys a variant by its own spec, so transforms that share a width share its file', () => {
    const hash = 'a'.repeat(64)
    const [narrow] = planDerivation(source, { format: 'webp', widths: [640] }, 'none').variants
    const [shared, wide] = planDerivation(source, { format: 'webp', widths: [640, 1280] }, 'blur').variants
    expect(variantKey(hash, narrow!)).toBe(variantKey(hash, shared!))
    expect(variantKey(hash, wide!)).not.toBe(variantKey(hash, shared!))
    expect(variantKey('b'.repeat(64), narrow!)).not.toBe(variantKey(hash, narrow!))
  })
})
