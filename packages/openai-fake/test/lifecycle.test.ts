import { describe, expect, it } from 'vitest'
import { type RecordedRequest, startFakeOpenAI } from '../src/index.js'
import { generate } from './helpers.js'

const GPT = { model: 'gpt-image-1', prompt: 'x', quality: 'low' }

/** Settles to whether the promise failed, so a rejection before the assertion is not unhandled. */
const failed = (promise: Promise<unknown>) =>
  promise.then(
    () => false,
    () => true,
  )

describe('close()', () => {
  it('ends a hanging request, and the record says the server closed it', async () => {
    const fake = await startFakeOpenAI({ faults: [{ fault: { kind: 'hang' } }] })
    const pending = failed(generate(fake, GPT))
    await expect.poll(() => fake.stats.inFlight).toBe(1)
    const started = Date.now()
    await fake.close()
    expect(Date.now() - started).toBeLessThan(2000)
    expect(await pending).toBe(true)
    expect(fake.requests[0]?.outcome).toBe('server-closed')
    expect(fake.stats.inFlight).toBe(0)
  })

  it('ends an endless body and a long delay', async () => {
    const fake = await startFakeOpenAI({
      faults: [
        { match: { prompt: 'endless' }, fault: { kind: 'endless-body', intervalMs: 5 } },
        { match: { prompt: 'slow' }, delayMs: 60_000 },
      ],
    })
    const endless = await generate(fake, { ...GPT, prompt: 'endless' })
    const body = failed(endless.text())
    const slow = failed(generate(fake, { ...GPT, prompt: 'slow' }))
    await expect.poll(() => fake.stats.inFlight).toBe(2)
    await fake.close()
    expect(await body).toBe(true)
    expect(await slow).toBe(true)
    expect(fake.requests.map((request) => request.outcome)).toEqual(['server-closed', 'server-closed'])
  })

  it('does not wait for idle keep-alive connections, and can be called twice', async () => {
    const fake = await startFakeOpenAI()
    expect((await generate(fake, GPT)).status).toBe(200)
    const started = Date.now()
    await Promise.all([fake.close(), fake.close()])
    expect(Date.now() - started).toBeLessThan(2000)
    await expect(generate(fake, GPT)).rejects.toThrow()
  })

  it('reports each finished request to onRequest', async () => {
    const seen: RecordedRequest[] = []
    const fake = await startFakeOpenAI({ onRequest: (request) => seen.push(request) })
    await generate(fake, GPT)
    await generate(fake, { prompt: '' })
    await fake.close()
    expect(seen.map((request) => request.status)).toEqual([200, 400])
  })

  it('listens on the given port', async () => {
    const probe = await startFakeOpenAI()
    const port = probe.port
    await probe.close()
    const fake = await startFakeOpenAI({ port })
    expect(fake.url).toBe(`http://127.0.0.1:${port}/v1`)
    await fake.close()
  })
})
