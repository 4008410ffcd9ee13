import { readFile } from 'node:fs/promises'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { join } from 'node:path'
import { type FakeOpenAI, startFakeOpenAI } from '@imagegen/openai-fake'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { filesUnder } from './helpers/examples.js'
import { createProject, manyEntries, SMALL_DALL_E } from './helpers/project.js'
import { runImagegen } from './helpers/run-cli.js'

/**
 * What the S3 transport puts on the wire and how it reads answers s3rver never gives: a loopback server
 * that records every request and answers as a bucket would whose conditional writes find the object
 * there already (S3 and R2 answer 412, or 409 while another conditional write to it is under way).
 */
interface Recorded {
  method: string
  url: string
  headers: IncomingHttpHeaders
}

interface Recorder {
  url: string
  requests: Recorded[]
  /** The answer to a PUT with `If-None-Match: *`. */
  conditionalStatus: number
  close(): Promise<void>
}

async function startRecorder(): Promise<Recorder> {
  const recorder: Recorder = { url: '', requests: [], conditionalStatus: 412, close: async () => {} }
  const server: Server = createServer(async (req, res) => {
    await req.toArray()
    recorder.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers })
    if (req.method === 'PUT')
      return res.writeHead(req.headers['if-none-match'] === '*' ? recorder.conditionalStatus : 200).end()
    if (req.method === 'DELETE') return res.writeHead(204).end()
    res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  recorder.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  recorder.close = () => new Promise((resolve) => server.close(() => resolve()))
  return recorder
}

const SESSION_TOKEN = 'fake-session-token-SECRET-93e1'
const SECRET_KEY = 'fake-secret-access-key-SECRET-5a7c'

let fake: FakeOpenAI
let recorder: Recorder
beforeAll(async () => {
  fake = await startFakeOpenAI()
  recorder = await startRecorder()
})
afterAll(async () => {
  await recorder?.close()
  await fake?.close()
})

/** Three entries stored locally, generated without a remote. */
async function generatedProject(prefix: string): Promise<string> {
  const manifest = manyEntries(3, prefix, SMALL_DALL_E)
  const root = await createProject({ 'images.yaml': manifest })
  const env = { OPENAI_API_KEY: 'fake-key-s3-wire', OPENAI_BASE_URL: fake.url }
  const generated = await runImagegen(['generate'], { cwd: root, env })
  expect(generated.code, generated.stderr).toBe(0)
  return root
}

/** S3 through the general `AWS_ENDPOINT_URL` alone (no `AWS_ENDPOINT_URL_S3`), with temporary credentials. */
function s3Env(): Record<string, string> {
  return {
    IMAGEGEN_REMOTE: 's3://team-bucket/images',
    AWS_ENDPOINT_URL: recorder.url,
    AWS_ACCESS_KEY_ID: 'AKIDSESSIONEXAMPLE',
    AWS_SECRET_ACCESS_KEY: SECRET_KEY,
    AWS_SESSION_TOKEN: SESSION_TOKEN,
    AWS_REGION: 'eu-central-1',
  }
}

describe('the S3 transport on the wire', () => {
  it('reaches AWS_ENDPOINT_URL path-style, sends the session token signed, and leaks it nowhere', async () => {
    const root = await generatedProject('Session token, study')
    recorder.requests.length = 0
    const checked = await runImagegen(['check', '--remote'], { cwd: root, env: s3Env() })
    expect(checked.code).toBe(1)
    expect(checked.stderr).toContain('0 of 3 entries are on s3://team-bucket/images')

    const records = recorder.requests.filter((request) => request.url.includes('/ac/'))
    expect(records).toHaveLength(3)
    for (const { url, headers } of records) {
      expect(url).toMatch(/^\/team-bucket\/images\/ac\/[0-9a-f]{64}$/)
      expect(headers['x-amz-security-token']).toBe(SESSION_TOKEN)
      expect(headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDSESSIONEXAMPLE\/\d{8}\/eu-central-1\/s3\/aws4_request, SignedHeaders=[^,]*x-amz-security-token/,
      )
    }
    const output = `${checked.stdout}${checked.stderr}`
    for (const secret of [SESSION_TOKEN, SECRET_KEY]) {
      expect(output).not.toContain(secret)
      for (const file of await filesUnder(root)) {
        expect((await readFile(join(root, file))).includes(secret), `${file} holds a secret`).toBe(false)
      }
    }
  }, 60_000)

  for (const status of [412, 409]) {
    it(`push reads ${status} to a conditional write as "already there", never as a failure`, async () => {
      const root = await generatedProject(`Conditional ${status}, study`)
      recorder.requests.length = 0
      recorder.conditionalStatus = status
      const pushed = await runImagegen(['push'], { cwd: root, env: s3Env() })
      expect(pushed.code, pushed.stderr).toBe(0)
      expect(pushed.stdout).toContain('0 copied, 3 already there, 0 missing, 0 refused')
      const recordPuts = recorder.requests.filter(
        (request) => request.method === 'PUT' && request.url.includes('/ac/'),
      )
      expect(recordPuts).toHaveLength(3)
      for (const put of recordPuts) expect(put.headers['if-none-match']).toBe('*')
    }, 60_000)
  }
})
