import type { LimitFunction } from 'p-limit'
import { describe, expect, it } from 'vitest'
import { isImagegenError } from '../src/errors.js'
import { backoffDelay, sleep } from '../src/generate/backoff.js'
import { Budget } from '../src/generate/budget.js'
import { estimateCost } from '../src/generate/cost.js'
import { Pacer } from '../src/generate/pacer.js'
import { emptyReport, summarizeReport } from '../src/generate/report.js'
import type { ImageRequest } from '../src/manifest/types.js'
import type { Recipe } from '../src/recipe/types.js'

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the maximum, less up to 25 % jitter', () => {
    const top = (attempt: number) => backoffDelay(attempt, undefined, { random: () => 0 })
    const bottom = (attempt: number) => backoffDelay(attempt, undefined, { random: () => 0.999_999 })
    expect([0, 1, 2, 3, 4, 5, 10].map(top)).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000])
    expect(bottom(0)).toBeCloseTo(375, 2)
    expect(bottom(9)).toBeCloseTo(6000, 1)
    for (let attempt = 0; attempt < 12; attempt++) {
      const delay = backoffDelay(attempt, undefined)
      const ceiling = Math.min(500 * 2 ** attempt, 8000)
      expect(delay).toBeGreaterThanOrEqual(ceiling * 0.75)
      expect(delay).toBeLessThanOrEqual(ceiling)
    }
  })

  it('spreads retries: jitter makes delays differ', () => {
    const delays = new Set(Array.from({ length: 20 }, () => backoffDelay(2, undefined)))
    expect(delays.size).toBeGreaterThan(1)
  })

  it('honours the server’s wait, longer than its own, up to maxRetryAfterMs', () => {
    expect(backoffDelay(0, 3_000)).toBe(3_000)
    expect(backoffDelay(0, 60_000)).toBe(60_000)
    expect(backoffDelay(0, 300_000)).toBe(300_000)
    expect(backoffDelay(5, 20)).toBe(20)
    // Zero is no advice; past the maximum (a daily quota, say) the scheduler does not retry at all.
    expect(backoffDelay(0, 301_000, { random: () => 0 })).toBe(500)
    expect(backoffDelay(1, 0, { random: () => 0 })).toBe(1000)
    expect(backoffDelay(0, 90_000, { maxRetryAfterMs: 120_000 })).toBe(90_000)
  })

  it('takes the test settings', () => {
    expect(backoffDelay(3, undefined, { initialDelayMs: 5, maxDelayMs: 20, random: () => 0 })).toBe(20)
  })
})

describe('sleep', () => {
  it('waits, and stops at once on abort', async () => {
    const started = performance.now()
    await sleep(30)
    expect(performance.now() - started).toBeGreaterThanOrEqual(25)
    const controller = new AbortController()
    const pending = sleep(10_000, controller.signal)
    controller.abort(new Error('stop'))
    await expect(pending).rejects.toThrow('stop')
    await expect(sleep(10, AbortSignal.abort(new Error('already')))).rejects.toThrow('already')
  })
})

function recipe(request: Partial<ImageRequest> & { model: string }): Recipe {
  return {
    version: 1,
    provider: 'openai',
    endpoint: 'generations',
    request: { n: 1, ...request },
    inputs: {},
    rev: 0,
  }
}

describe('estimateCost', () => {
  it('prices gpt-image-1 by the published table', () => {
    expect(estimateCost(recipe({ model: 'gpt-image-1', quality: 'low', size: '1024x1024' }))).toBe(0.011)
    expect(estimateCost(recipe({ model: 'gpt-image-1', quality: 'medium', size: '1024x1024' }))).toBe(0.042)
    expect(estimateCost(recipe({ model: 'gpt-image-1', quality: 'high', size: '1536x1024' }))).toBe(0.25)
    expect(
      estimateCost(recipe({ model: 'gpt-image-1', quality: 'medium', size: '1024x1536', n: 3 })),
    ).toBeCloseTo(0.189, 9)
  })

  it('prices auto quality and size as the dearest, so a budget is never passed by surprise', () => {
    expect(estimateCost(recipe({ model: 'gpt-image-1', quality: 'auto', size: '1024x1024' }))).toBe(0.167)
    expect(estimateCost(recipe({ model: 'gpt-image-1', quality: 'low', size: 'auto' }))).toBe(0.016)
    expect(estimateCost(recipe({ model: 'gpt-image-1' }))).toBe(0.25)
  })

  it('prices other GPT image models as gpt-image-1, and scales unlisted sizes by pixels', () => {
    expect(estimateCost(recipe({ model: 'gpt-image-1-mini', quality: 'medium', size: '1024x1024' }))).toBe(
      0.042,
    )
    expect(estimateCost(recipe({ model: 'gpt-image-2', quality: 'medium', size: '2048x1152' }))).toBeCloseTo(
      (0.042 * 2048 * 1152) / (1024 * 1024),
      9,
    )
  })

  it('prices DALL·E from its estimates and knows nothing of other models', () => {
    expect(estimateCost(recipe({ model: 'dall-e-2', size: '256x256', n: 2 }))).toBe(0.032)
    expect(estimateCost(recipe({ model: 'dall-e-3', quality: 'hd', size: '1792x1024' }))).toBe(0.12)
    expect(estimateCost(recipe({ model: 'my-local-model', size: '512x512' }))).toBeUndefined()
  })
})

describe('Budget', () => {
  it('refuses the image past maxNewImages, and a failed generation gives its images back', () => {
    const budget = new Budget({ maxNewImages: 3, maxCost: Number.POSITIVE_INFINITY })
    budget.reserve('a', 2, undefined)
    const release = budget.reserve('b', 1, undefined)
    const error = catchError(() => budget.reserve('c', 1, 0.01))
    expect(error).toMatchObject({ code: 'BUDGET', entry: 'c' })
    expect(error?.message).toContain('limit of 3 new images')
    release()
    release()
    budget.reserve('c', 1, 0.01)
    expect(catchError(() => budget.reserve('d', 1, 0.01))).toMatchObject({ code: 'BUDGET' })
  })

  it('refuses what would bring the estimated cost past maxCost, before it is spent', () => {
    const budget = new Budget({ maxNewImages: Number.POSITIVE_INFINITY, maxCost: 0.1 })
    budget.reserve('a', 1, 0.042)
    budget.reserve('b', 1, 0.042)
    const error = catchError(() => budget.reserve('c', 1, 0.042))
    expect(error).toMatchObject({ code: 'BUDGET', entry: 'c' })
    expect(error?.message).toContain('$0.126, past its cap of $0.1')
    // Something cheaper still fits.
    budget.reserve('d', 1, 0.011)
  })

  it('allows exactly reaching the cap despite floating point', () => {
    const budget = new Budget({ maxNewImages: Number.POSITIVE_INFINITY, maxCost: 0.3 })
    for (const entry of ['a', 'b', 'c']) budget.reserve(entry, 1, 0.1)
    expect(catchError(() => budget.reserve('d', 1, 0.001))).toMatchObject({ code: 'BUDGET' })
  })

  it('with a cost cap, refuses what it cannot price; without one, does not care', () => {
    const capped = new Budget({ maxNewImages: Number.POSITIVE_INFINITY, maxCost: 1 })
    expect(catchError(() => capped.reserve('local', 1, undefined))).toMatchObject({ code: 'BUDGET' })
    const open = new Budget({ maxNewImages: Number.POSITIVE_INFINITY, maxCost: Number.POSITIVE_INFINITY })
    open.reserve('local', 1, undefined)
  })
})

function catchError(action: () => unknown) {
  try {
    action()
  } catch (error) {
    if (isImagegenError(error)) return error
    throw error
  }
  return undefined
}

/** Just the parts of p-limit the pacer reads and sets. */
function fakeLimit(concurrency: number, activeCount = 0) {
  return { concurrency, activeCount } as unknown as LimitFunction & { activeCount: number }
}

describe('Pacer', () => {
  it('halves concurrency on a 429, once for the requests sent before the halving', () => {
    let now = 1000
    const limit = fakeLimit(8)
    const pacer = new Pacer(limit, 8, () => now)
    pacer.onRateLimited(900, undefined)
    expect(limit.concurrency).toBe(4)
    now = 1010
    pacer.onRateLimited(950, undefined) // sent under the old limit: says nothing new
    expect(limit.concurrency).toBe(4)
    pacer.onRateLimited(1005, undefined) // sent after the halving
    expect(limit.concurrency).toBe(2)
    pacer.onRateLimited(1020, undefined)
    pacer.onRateLimited(1030, undefined)
    expect(limit.concurrency).toBe(1)
  })

  it('holds new requests for the server’s wait', async () => {
    let now = 0
    const pacer = new Pacer(fakeLimit(4), 4, () => now)
    expect(pacer.holdMs).toBe(0)
    pacer.onRateLimited(0, 300)
    expect(pacer.holdMs).toBe(300)
    now = 100
    expect(pacer.holdMs).toBe(200)
    pacer.onRateLimited(100, 50) // a shorter wait does not shorten the hold
    expect(pacer.holdMs).toBe(200)
    now = 300
    await pacer.ready()
  })

  it('earns a slot back per round of successes, and climbs back slowly to the level refused', () => {
    const limit = fakeLimit(8)
    const pacer = new Pacer(limit, 8, () => 0)
    pacer.onRateLimited(0, undefined) // refused at 8
    expect(limit.concurrency).toBe(4)
    const successesUntil = (target: number) => {
      let count = 0
      while (limit.concurrency < target && count < 1000) {
        pacer.onSuccess({})
        count++
      }
      return count
    }
    expect(successesUntil(5)).toBe(4)
    expect(successesUntil(6)).toBe(5)
    expect(successesUntil(7)).toBe(6)
    expect(successesUntil(8)).toBe(7 * 8)
    expect(successesUntil(9)).toBe(1000) // never past the ceiling
    expect(limit.concurrency).toBe(8)
  })

  it('holds new requests while the remaining requests are fewer than those in flight', () => {
    const now = 0
    const limit = fakeLimit(4, 2)
    const pacer = new Pacer(limit, 4, () => now)
    pacer.onSuccess({ limitRequests: 100, remainingRequests: 50, resetRequestsMs: 30_000 })
    expect(pacer.holdMs).toBe(0)
    // 2 in flight, 1 left: the 2 used come back evenly over the 40 s reset, the one missing in half of it.
    pacer.onSuccess({ limitRequests: 3, remainingRequests: 1, resetRequestsMs: 40_000 })
    expect(pacer.holdMs).toBe(20_000)
    const unknownLimit = new Pacer(fakeLimit(4, 3), 4, () => now)
    unknownLimit.onSuccess({ remainingRequests: 0, resetRequestsMs: 1_500 })
    expect(unknownLimit.holdMs).toBe(1_500)
  })
})

describe('summarizeReport', () => {
  it('says what a run did in one line', () => {
    const report = { ...emptyReport(), generated: 2, fromStore: 3, estimatedCost: 0.084, wallTimeMs: 1234 }
    report.tokens.total = 2200
    expect(summarizeReport(report)).toBe(
      'imagegen: 3 from store, 2 generated, 0 failed, ~$0.084, 2200 tokens, 1.2s',
    )
  })
})
