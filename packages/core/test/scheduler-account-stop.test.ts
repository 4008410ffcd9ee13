import { describe, expect, it } from 'vitest'
import { falJob, googleJob, schedulerFor, startFake, tinyJob } from './generate-helpers.js'

describe('an account refusal stops only its own provider', () => {
  it('a refused Google key stops the Google entries after the first; OpenAI’s go on', async () => {
    const fake = await startFake({
      faults: [{ match: { model: /^imagen/ }, fault: { kind: 'status', status: 403 } }],
    })
    const { scheduler } = await schedulerFor(fake, { concurrency: 1 })
    const google = await Promise.all(['g1', 'g2', 'g3'].map((name) => googleJob(name)))
    const openai = await Promise.all(['o1', 'o2', 'o3'].map((name) => tinyJob(name)))
    const outcomes = await Promise.allSettled([...google, ...openai].map((job) => scheduler.run(job)))
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      ...['rejected', 'rejected', 'rejected'],
      ...['fulfilled', 'fulfilled', 'fulfilled'],
    ])
    for (const outcome of outcomes.slice(0, 3))
      expect(outcome.status === 'rejected' && outcome.reason).toMatchObject({
        code: 'PROVIDER_AUTH',
        accountWide: true,
        hint: 'check GEMINI_API_KEY',
      })
    expect(fake.requests.filter((request) => request.api === 'google')).toHaveLength(1)
  })

  it('a refused OpenAI key does not stop fal’s entries', async () => {
    const fake = await startFake({
      faults: [
        { match: { when: (request) => request.api === 'openai' }, fault: { kind: 'status', status: 401 } },
      ],
    })
    const { scheduler } = await schedulerFor(fake, { concurrency: 1 })
    const openai = await Promise.all(['o1', 'o2'].map((name) => tinyJob(name)))
    const fal = await Promise.all(['f1', 'f2'].map((name) => falJob(name)))
    const outcomes = await Promise.allSettled([...openai, ...fal].map((job) => scheduler.run(job)))
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'rejected',
      'rejected',
      'fulfilled',
      'fulfilled',
    ])
    expect(fake.requests.filter((request) => request.api === 'openai')).toHaveLength(1)
  })

  it('a fal key refused, or a fal balance spent, stops fal’s entries', async () => {
    for (const fault of [{ kind: 'status', status: 401 }, { kind: 'insufficient-quota' }] as const) {
      const fake = await startFake({ faults: [{ fault }] })
      const { scheduler } = await schedulerFor(fake, { concurrency: 1 })
      const jobs = await Promise.all(['f1', 'f2', 'f3'].map((name) => falJob(name)))
      const outcomes = await Promise.allSettled(jobs.map((job) => scheduler.run(job)))
      expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true)
      expect(fake.requests, fault.kind).toHaveLength(1)
    }
  })
})
