import { describe, expect, it } from 'vitest'
import { promptMarkerRule } from '../src/faults/prompt-marker.js'
import { FaultScript } from '../src/faults/select-fault.js'
import { formatDuration } from '../src/limits/duration.js'
import { TokenBucket } from '../src/limits/token-bucket.js'
import { parseMultipart } from '../src/parse/multipart.js'
import type { RecordedRequest } from '../src/record.js'
import { flexibleSizeProblem, resolveAutoSize } from '../src/spec/sizes.js'

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [17.2, '18ms'],
    [1000, '1s'],
    [1500, '1.5s'],
    [59_999, '59.999s'],
    [360_000, '6m0s'],
    [3_723_500, '1h2m3.5s'],
  ])('%d ms is %s', (ms, text) => expect(formatDuration(ms)).toBe(text))
})

describe('TokenBucket', () => {
  it('refills continuously over a minute', () => {
    let now = 0
    const bucket = new TokenBucket(60, () => now)
    expect(bucket.take(60)).toBe(true)
    expect(bucket.take(1)).toBe(false)
    expect(bucket.msUntilAvailable(1)).toBe(1000)
    now = 1000
    expect(bucket.remaining()).toBe(1)
    expect(bucket.msUntilFull()).toBe(59_000)
  })
})

describe('flexible sizes (gpt-image-2)', () => {
  it.each([
    ['1536x864', undefined],
    ['3840x2160', undefined],
    ['3072x1024', undefined],
    ['16x16', undefined],
    ['1000x1008', /divisible by 16/],
    ['3088x1024', /1:3 and 3:1/],
    ['3856x1296', /exceed 3840/],
    ['2896x2896', /3840x2160/],
  ])('%s', (size, problem) => {
    const [width, height] = size.split('x').map(Number) as [number, number]
    const found = flexibleSizeProblem({ width, height })
    if (problem === undefined) expect(found).toBeUndefined()
    else expect(found).toMatch(problem)
  })

  it('resolves auto from an input image', () => {
    expect(resolveAutoSize()).toBe('1024x1024')
    expect(resolveAutoSize({ width: 1600, height: 900 })).toBe('1536x1024')
    expect(resolveAutoSize({ width: 900, height: 1600 })).toBe('1024x1536')
  })
})

describe('parseMultipart', () => {
  const body = [
    '--b0undary',
    'Content-Disposition: form-data; name="prompt"',
    '',
    'multi\r\nline',
    '--b0undary',
    `Content-Disposition: form-data; name="image[]"; filename*=utf-8''otter%20%C3%A9.png`,
    'Content-Type: image/png',
    '',
    'PNG',
    '--b0undary',
    'Content-Disposition: form-data; name="mask"; filename="m\\"q.png"',
    '',
    '',
    '--b0undary--',
    '',
  ].join('\r\n')

  it('reads text and file parts, quoted boundaries, RFC 5987 names and parts without a type', () => {
    const parts = parseMultipart(Buffer.from(body), 'multipart/form-data; boundary="b0undary"')
    expect(parts).toEqual([
      { kind: 'text', name: 'prompt', value: 'multi\r\nline' },
      {
        kind: 'file',
        name: 'image[]',
        filename: 'otter é.png',
        contentType: 'image/png',
        bytes: Buffer.from('PNG'),
      },
      { kind: 'file', name: 'mask', filename: 'm"q.png', contentType: undefined, bytes: Buffer.alloc(0) },
    ])
  })

  it('rejects a body without its closing boundary or without a boundary at all', () => {
    expect(() =>
      parseMultipart(Buffer.from(body.slice(0, 60)), 'multipart/form-data; boundary=b0undary'),
    ).toThrow()
    expect(() => parseMultipart(Buffer.from(body), 'multipart/form-data')).toThrow(/boundary/)
  })
})

describe('promptMarkerRule', () => {
  it('reads faults, options, times and delays', () => {
    expect(promptMarkerRule('plain prompt')).toBeUndefined()
    expect(promptMarkerRule('x [fake:status=502 times=3]')).toEqual({
      times: 3,
      fault: { kind: 'status', status: 502 },
    })
    expect(promptMarkerRule('x [fake:rate-limit retry-after-ms=150]')).toMatchObject({
      fault: { kind: 'rate-limit', retryAfterMs: 150, retryAfterDate: false },
    })
    expect(promptMarkerRule('x [fake:delay=100] [fake:delay=50-150] [fake:hang]')).toEqual({
      delayMs: [150, 250],
      fault: { kind: 'hang' },
    })
    expect(promptMarkerRule('[fake:wrong-format=jpeg]')).toEqual({
      fault: { kind: 'wrong-format', format: 'jpeg' },
    })
    expect(promptMarkerRule('[fake:endless-body interval=5]')).toMatchObject({
      fault: { kind: 'endless-body', intervalMs: 5 },
    })
  })

  it('throws on an unknown kind or a missing number', () => {
    expect(() => promptMarkerRule('[fake:boom]')).toThrow(/Unknown fake marker/)
    expect(() => promptMarkerRule('[fake:status]')).toThrow(/needs a number/)
  })
})

describe('FaultScript', () => {
  const subject = (seq: number, prompt = 'p') => ({
    seq,
    endpoint: 'generations',
    model: 'gpt-image-1',
    prompt,
    request: {} as RecordedRequest,
  })

  it('takes the first unspent matching rule and counts uses', () => {
    const first = { times: 1, fault: { kind: 'hang' as const } }
    const second = { match: { nth: (seq: number) => seq % 2 === 0 }, fault: { kind: 'moderation' as const } }
    const script = new FaultScript([first, second])
    expect(script.take(subject(1))).toBe(first)
    expect(script.take(subject(2))).toBe(second)
    expect(script.take(subject(3))).toBeUndefined()
    script.replace([first])
    expect(script.take(subject(4))).toBe(first)
  })

  it('matches prompts by substring or pattern, models exactly', () => {
    const script = new FaultScript([{ match: { prompt: /^an? otter/i, model: 'gpt-image-1' } }])
    expect(script.take(subject(1, 'An otter'))).toBeDefined()
    expect(script.take(subject(1, 'the otter'))).toBeUndefined()
    expect(new FaultScript([{ match: { model: 'gpt-image' } }]).take(subject(1))).toBeUndefined()
  })
})
