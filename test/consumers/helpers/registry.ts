import { createReadStream } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { PackedPackage } from './pack.js'

const UPSTREAM = 'https://registry.npmjs.org'

export interface Registry {
  url: string
  close(): Promise<void>
}

/**
 * A loopback registry that has "published" the packed packages and sends every other name to npmjs.
 *
 * Why a registry and not `npm install ./unplugin-imagegen.tgz`: a user installs from a registry, and
 * there `@imagegen/core` is found by the range `unplugin-imagegen` and `imagegen` depend on. Tarballs
 * given as direct dependencies only work under npm (which dedupes a transitive range onto a direct
 * `file:` dependency); pnpm would look the range up on npmjs and needs `overrides`, which no user
 * writes. With this registry the projects' package.json files are exactly what `npm i -D
 * unplugin-imagegen imagegen` writes after a release, and npm and pnpm resolve them unaided. Other
 * names are redirected, not proxied, so both clients keep using their shared caches of npmjs.
 */
export async function startRegistry(packages: PackedPackage[]): Promise<Registry> {
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg]))
  let base = ''
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://registry').pathname
    const tarball = path.match(/^\/-\/tarballs\/(.+)$/)
    const pkg = byName.get(decodeURIComponent((tarball?.[1] ?? path.slice(1)).replace(/\.tgz$/, '')))
    if (!pkg) {
      response.writeHead(302, { location: `${UPSTREAM}${request.url}` }).end()
    } else if (tarball) {
      response.writeHead(200, { 'content-type': 'application/octet-stream' })
      createReadStream(pkg.file).pipe(response)
    } else {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify(packument(pkg, `${base}/-/tarballs/${encodeURIComponent(pkg.name)}.tgz`)))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: `${base}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

function packument(pkg: PackedPackage, tarball: string) {
  const published = new Date().toISOString()
  return {
    name: pkg.name,
    'dist-tags': { latest: pkg.version },
    time: { created: published, modified: published, [pkg.version]: published },
    versions: {
      [pkg.version]: {
        ...pkg.manifest,
        _id: `${pkg.name}@${pkg.version}`,
        dist: { tarball, integrity: pkg.integrity, shasum: pkg.shasum },
      },
    },
  }
}
