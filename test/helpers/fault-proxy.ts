import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http'
import { join } from 'node:path'

/**
 * What the proxy does to requests: pass them, answer 500, never answer, damage the blobs it serves, or
 * pass them and honour `If-None-Match: *` on PUT as S3, R2 and MinIO do (nginx itself ignores it).
 */
export type FaultMode = 'pass' | 'error-500' | 'hang' | 'truncate-blobs' | 'wrong-blobs' | 'conditional'

export interface FaultProxy {
  url: string
  mode: FaultMode
  close(): Promise<void>
}

/**
 * A loopback HTTP proxy in front of a real remote (nginx), scripted to fail the ways a remote fails:
 * 5xx, a hang, a blob cut short or swapped for another image's bytes.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target)
  const hanging = new Set<ServerResponse>()
  let otherBlob: Buffer | undefined
  // Conditional PUTs are decided one at a time, so that two creates of one object cannot both succeed.
  let conditionalQueue: Promise<unknown> = Promise.resolve()
  const proxy: FaultProxy = { url: '', mode: 'pass', close: async () => {} }

  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const body = Buffer.concat(await req.toArray())
    if (proxy.mode === 'error-500') return res.writeHead(500).end('internal error')
    if (proxy.mode === 'hang') {
      hanging.add(res)
      return
    }
    if (proxy.mode === 'conditional' && req.method === 'PUT' && req.headers['if-none-match'] === '*') {
      const decided = conditionalQueue.then(async () => {
        const exists = await forward(
          upstream,
          { method: 'HEAD', url: req.url, headers: req.headers },
          Buffer.alloc(0),
        )
        return exists.status === 200 ? { status: 412, body: Buffer.alloc(0) } : forward(upstream, req, body)
      })
      conditionalQueue = decided.catch(() => {})
      const answer = await decided
      return res.writeHead(answer.status, { 'content-length': answer.body.length }).end(answer.body)
    }
    const answer = await forward(upstream, req, body)
    let payload = answer.body
    const isBlob = req.method === 'GET' && req.url?.includes('/cas/') && answer.status === 200
    if (isBlob && proxy.mode === 'truncate-blobs') payload = payload.subarray(0, payload.length >> 1)
    if (isBlob && proxy.mode === 'wrong-blobs') {
      // Another real image: the right format and plausible, only not the one asked for.
      payload =
        otherBlob && !otherBlob.equals(payload) ? otherBlob : Buffer.concat([payload, Buffer.from([0])])
    }
    if (isBlob) otherBlob = answer.body
    res.writeHead(answer.status, { 'content-length': payload.length })
    res.end(req.method === 'HEAD' ? undefined : payload)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  proxy.url = `http://127.0.0.1:${port}${upstream.pathname}`
  proxy.close = async () => {
    for (const res of hanging) res.destroy()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
  return proxy
}

interface Forwarded {
  method?: string | undefined
  url?: string | undefined
  headers: IncomingMessage['headers']
}

function forward(upstream: URL, req: Forwarded, body: Buffer): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve) => {
    const headers = { ...req.headers, host: upstream.host, 'content-length': String(body.length) }
    const out = request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers },
      async (answer) =>
        resolve({ status: answer.statusCode ?? 502, body: Buffer.concat(await answer.toArray()) }),
    )
    out.on('error', () => resolve({ status: 502, body: Buffer.alloc(0) }))
    out.end(body)
  })
}

/**
 * What must hold of a remote (nginx's data folder) whatever failed: every record parses and names blobs
 * that are there and hash to their names. Returns the problems (none is good) and how many records.
 */
export async function remoteProblems(dataDir: string): Promise<{ records: number; problems: string[] }> {
  const problems: string[] = []
  const names = await readdir(join(dataDir, 'ac')).catch(() => [] as string[])
  for (const name of names) {
    let envelope: { record?: { key?: string; outputs?: { blob: string }[] } }
    try {
      envelope = JSON.parse(await readFile(join(dataDir, 'ac', name), 'utf8'))
    } catch {
      problems.push(`ac/${name} does not parse`)
      continue
    }
    if (envelope.record?.key !== name) problems.push(`ac/${name} holds key ${envelope.record?.key}`)
    for (const { blob } of envelope.record?.outputs ?? []) {
      const bytes = await readFile(join(dataDir, 'cas', blob)).catch(() => undefined)
      if (!bytes) problems.push(`ac/${name}: cas/${blob} is missing`)
      else if (createHash('sha256').update(bytes).digest('hex') !== blob)
        problems.push(`cas/${blob} is damaged`)
    }
  }
  for (const blob of await readdir(join(dataDir, 'cas')).catch(() => [] as string[])) {
    const bytes = await readFile(join(dataDir, 'cas', blob))
    if (createHash('sha256').update(bytes).digest('hex') !== blob) problems.push(`cas/${blob} is damaged`)
  }
  return { records: names.length, problems }
}
