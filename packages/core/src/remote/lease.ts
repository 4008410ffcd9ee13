import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { remotePaths } from './remote-entries.js'
import type { Transport } from './transport.js'

export interface LeaseSettings {
  leaseMs: number
  /** Without conditional writes: how long a claim must stand before it counts. */
  settleMs: number
  /** Whether the server refuses a `PUT` with `If-None-Match: *` over an existing object. */
  conditional: boolean
}

export interface HeldLease {
  /** Gives the lease up (deletes it, or marks it expired where deletes are refused). Never throws. */
  release(): Promise<void>
}

export type Claim = { held: HeldLease } | { held?: undefined; holder: string }

interface LeaseBody {
  token: string
  holder: string
  /** Epoch milliseconds. */
  expires: number
}

/** Links in one key's chain of leases (see `claimConditionally`) before a claim gives up for this round. */
const MAX_LINKS = 64

/**
 * Tries once to claim the right to generate `key` for the whole group of runners sharing the remote.
 * With conditional writes a claim is exact. Without them it is a write, a pause and a read-back: the
 * last writer wins, and losers see its token — reliable as long as `settleMs` exceeds how long any
 * competitor's write takes to land.
 */
export async function tryClaim(transport: Transport, key: string, settings: LeaseSettings): Promise<Claim> {
  const token = randomUUID()
  const claim = settings.conditional
    ? await claimConditionally(transport, key, token, settings)
    : await claimBySettling(transport, key, token, settings)
  if (claim.held) return { held: hold(transport, claim.path, token, settings) }
  return { holder: claim.holder }
}

type Attempt = { held: true; path: string } | { held?: undefined; holder: string }

/**
 * A chain of create-once objects, `<key>.0`, `<key>.1`, …: a live link blocks, an expired one sends the
 * claimer on to the next. Taking over a dead runner's lease is so itself a create-once, with no
 * read-modify-write race between two runners that both saw it expire.
 */
async function claimConditionally(
  transport: Transport,
  key: string,
  token: string,
  settings: LeaseSettings,
): Promise<Attempt> {
  for (let link = 0, tries = 0; link < MAX_LINKS && tries < MAX_LINKS * 2; tries++) {
    const path = `${remotePaths.lease(key)}.${link}`
    const created = await transport.put(path, leaseBody(token, settings.leaseMs), { ifNoneMatch: true })
    if (created === 'written') return { held: true, path }
    const current = parseLease(await transport.get(path))
    if (current === undefined) continue // released between our write and our look: try it again
    if (current.expires > Date.now()) return { holder: current.holder }
    link++
  }
  return { holder: 'runners that keep abandoning it' }
}

async function claimBySettling(
  transport: Transport,
  key: string,
  token: string,
  settings: LeaseSettings,
): Promise<Attempt> {
  const path = `${remotePaths.lease(key)}.0`
  const started = performance.now()
  const current = parseLease(await transport.get(path))
  if (current && current.expires > Date.now()) return { holder: current.holder }
  // A read this old may predate another runner's claim that has since been verified: look again later
  // rather than overwrite it.
  if (performance.now() - started > settings.settleMs / 2) return { holder: 'another runner, perhaps' }
  await transport.put(path, leaseBody(token, settings.leaseMs))
  // A competitor's write lands as late as its read plus its write took; a server that is slow for us is
  // slow for it too, so the pause stretches with what this read and write took.
  await sleep(Math.max(settings.settleMs, 3 * (performance.now() - started)))
  const after = parseLease(await transport.get(path))
  if (after?.token === token) return { held: true, path }
  return { holder: after?.holder ?? 'another runner' }
}

/** Keeps the lease alive (renewed every third of its life) until released. */
function hold(transport: Transport, path: string, token: string, settings: LeaseSettings): HeldLease {
  const renew = setInterval(() => {
    transport.put(path, leaseBody(token, settings.leaseMs)).catch(() => {})
  }, settings.leaseMs / 3)
  renew.unref()
  return {
    async release() {
      clearInterval(renew)
      try {
        await transport.delete(path)
      } catch {
        // A server that refuses deletes still lets us say the lease is over.
        await transport.put(path, leaseBody(token, -settings.leaseMs)).catch(() => {})
      }
    },
  }
}

function leaseBody(token: string, lifetimeMs: number): Buffer {
  const body: LeaseBody = {
    token,
    holder: `${hostname()} pid ${process.pid}`,
    expires: Date.now() + lifetimeMs,
  }
  return Buffer.from(JSON.stringify(body))
}

/** A lease object's content; undefined when there is none, and an expired lease when it is unreadable. */
function parseLease(bytes: Buffer | undefined): LeaseBody | undefined {
  if (!bytes) return undefined
  try {
    const body = JSON.parse(bytes.toString('utf8')) as Partial<LeaseBody>
    if (typeof body.token === 'string' && typeof body.expires === 'number' && typeof body.holder === 'string')
      return body as LeaseBody
  } catch {}
  return { token: '', holder: 'an unreadable lease', expires: 0 }
}

/**
 * Whether the server honours `If-None-Match: *` on PUT: one probe object written twice. Servers that
 * ignore the header (nginx WebDAV, s3rver) overwrite it; S3, R2 and MinIO answer 412 to the second.
 */
export async function probeConditionalWrites(transport: Transport): Promise<boolean> {
  const path = `leases/probe-${randomUUID()}`
  const body = Buffer.from('probe')
  try {
    await transport.put(path, body, { ifNoneMatch: true })
    return (await transport.put(path, body, { ifNoneMatch: true })) === 'exists'
  } finally {
    await transport.delete(path).catch(() => {})
  }
}
