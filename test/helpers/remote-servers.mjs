import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/** A free loopback port (closed again at once; tests start their server on it right after). */
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
  const port = await freePort()
  const auth = token ? `if ($http_authorization != "Bearer ${token}") { return 401; }` : ''
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((name) => `${name}_temp_path ${join(dir, name)};`)
    .join('\n  ')
  const config = `daemon off;
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
  await writeFile(join(dir, 'nginx.conf'), config)
  const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], {
    stdio: 'ignore',
  })
  await waitForPort(port, child)
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

async function waitForPort(port, child) {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`)
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end()
        resolve(true)
      })
      socket.on('error', () => resolve(false))
    })
    if (open) return
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
  const port = await freePort()
  const bin = join(dirname(createRequire(import.meta.url).resolve('s3rver/package.json')), 'bin', 's3rver.js')
  const args = [bin, '-d', dir, '-a', '127.0.0.1', '-p', String(port), '-s', '--configure-bucket', S3_BUCKET]
  const child = spawn(process.execPath, args, { stdio: 'ignore' })
  await waitForPort(port, child)
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
