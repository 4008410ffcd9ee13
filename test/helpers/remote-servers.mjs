import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A free loopback port (closed again at once: another process may take it before a server binds it). */
export async function freePort() {
  const server = createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

/**
 * Debian's nginx with WebDAV PUT and DELETE, on a loopback port, every path in a temp folder, run as the
 * current user in one process. With `token`, only `Authorization: Bearer <token>` may use it.
 */
/** @param {{ token?: string }} [options] */
export async function startNginx({ token } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'imagegen-nginx-'))
  const dataDir = join(dir, 'data')
  await mkdir(join(dataDir, 'cache'), { recursive: true })
  const auth = token ? `if ($http_authorization != "Bearer ${token}") { return 401; }` : ''
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((name) => `${name}_temp_path ${join(dir, name)};`)
    .join('\n  ')
  const config = (port) => `daemon off;
master_process off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
  ${temp}
  log_format timed '$msec "$request" $status';
  access_log ${join(dir, 'access.log')} timed;
  client_max_body_size 64m;
  server {
    listen 127.0.0.1:${port};
    root ${dataDir};
    location /cache/ {
      ${auth}
      dav_methods PUT DELETE;
      create_full_put_path on;
      dav_access user:rw;
    }
    location /readonly/ {
      alias ${join(dataDir, 'cache')}/;
      limit_except GET HEAD { deny all; }
    }
  }
}
`
  const marker = randomUUID()
  await writeFile(join(dataDir, 'whose'), marker)
  const { port, child } = await onFreePort(async (port) => {
    await writeFile(join(dir, 'nginx.conf'), config(port))
    const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], {
      stdio: 'ignore',
    })
    return (await answers(port, child, '/whose', marker)) ? child : undefined
  })
  return {
    url: `http://127.0.0.1:${port}/cache/`,
    readOnlyUrl: `http://127.0.0.1:${port}/readonly/`,
    env: {},
    port,
    dataDir: join(dataDir, 'cache'),
    async requests() {
      const log = await readFile(join(dir, 'access.log'), 'utf8').catch(() => '')
      return log
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const match = /"(\w+) (\S+) [^"]*" (\d+)/.exec(line)
          return match ? `${match[1]} ${match[2]} ${match[3]}` : line
        })
    },
    kill: () => child.kill('SIGKILL'),
    stop: () => stopChild(child),
  }
}

/**
 * Starts a server on a free port, and on another one when the port was taken meanwhile (the server exits,
 * or someone else answers): tests run side by side, each starting servers.
 * @template T
 * @param {(port: number) => Promise<T | undefined>} start the server, or undefined when it did not get the port
 */
async function onFreePort(start) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort()
    const child = await start(port)
    if (child) return { port, child }
  }
  throw new Error('no free port for a test server after 5 attempts')
}

/**
 * Whether `child` came to serve `marker` at `path` on `port`; false (and the child stopped) when it
 * exited first or another server holds the port.
 */
async function answers(port, child, path, marker) {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null || child.signalCode !== null) return false
    const body = await fetch(`http://127.0.0.1:${port}${path}`).then(
      (response) => response.text(),
      () => undefined,
    )
    if (body !== undefined) {
      if (body === marker) return true
      child.kill('SIGKILL')
      return false
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`the server did not listen on ${port}`)
}

/** Debian installs nginx in /usr/sbin, which is not on every user's PATH. */
const NGINX = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx'

export const S3_BUCKET = 'imagegen-cache'

/**
 * s3rver (an S3 API on the file system, checking SigV4 against its built-in S3RVER:S3RVER credentials)
 * in its own process on a loopback port, with one bucket; runners reach it path-style.
 */
export async function startS3rver() {
  const dir = await mkdtemp(join(tmpdir(), 'imagegen-s3rver-'))
  const lib = createRequire(import.meta.url).resolve('s3rver')
  // Port 0: the server binds a free port itself and says which, so no other test can take it first.
  const script = `const S3rver = require(${JSON.stringify(lib)})
new S3rver({ address: '127.0.0.1', port: 0, directory: ${JSON.stringify(dir)}, silent: true,
  configureBuckets: [{ name: ${JSON.stringify(S3_BUCKET)} }] })
  .run().then(({ port }) => console.log(port))`
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  const port = await new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => resolve(Number(String(chunk).trim())))
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code} before listening`)))
  })
  // s3rver deletes a folder the moment its last object goes, racing a PUT into it that then crashes the
  // server (ENOENT): runners probing and releasing leases at once do just that. A file that is no object
  // keeps the leases' folder, and so its parents, for good.
  const leases = join(dir, S3_BUCKET, 'team', 'images', 'leases')
  await mkdir(leases, { recursive: true })
  await writeFile(join(leases, 'keep-this-folder'), '')
  return {
    url: `s3://${S3_BUCKET}/team/images`,
    env: {
      AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${port}`,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
    },
    dataDir: dir,
    kill: () => child.kill('SIGKILL'),
    stop: () => stopChild(child),
  }
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

/** Files under a remote's data folder whose path and content match: how tests see leases and records. */
export async function remoteFiles(dir, pathPart, content) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
  const found = []
  for (const entry of entries) {
    const file = join(entry.parentPath, entry.name)
    if (!entry.isFile() || !file.includes(pathPart) || file.endsWith('._S3rver_metadata.json')) continue
    if (content === undefined || (await readFile(file, 'utf8').catch(() => '')).includes(content))
      found.push(file)
  }
  return found
}
