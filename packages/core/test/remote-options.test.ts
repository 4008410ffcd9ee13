import { describe, expect, it } from 'vitest'
import { validateConfig } from '../src/config/config-schema.js'
import { resolveRemote } from '../src/remote/options.js'

describe('the remote, from the environment alone', () => {
  it('is none without IMAGEGEN_REMOTE', () => {
    expect(resolveRemote(undefined, {})).toBeUndefined()
  })

  it('s3:// on AWS: virtual-hosted, the region and credentials from AWS_*', () => {
    const remote = resolveRemote(undefined, {
      IMAGEGEN_REMOTE: 's3://team-images/site/',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret-access-key-example',
      AWS_SESSION_TOKEN: 'session-token-example',
    })
    expect(remote?.location).toMatchObject({
      kind: 's3',
      bucket: 'team-images',
      prefix: 'site',
      region: 'eu-west-1',
      pathStyle: false,
      credentials: { accessKeyId: 'AKIDEXAMPLE', sessionToken: 'session-token-example' },
    })
    expect(String((remote?.location as { endpoint?: URL } | undefined)?.endpoint)).toBe(
      'https://s3.eu-west-1.amazonaws.com/',
    )
    expect(remote?.secrets).toEqual(
      expect.arrayContaining(['secret-access-key-example', 'session-token-example']),
    )
  })

  it('s3:// with AWS_ENDPOINT_URL_S3 (R2, MinIO): path-style; it wins over AWS_ENDPOINT_URL', () => {
    const remote = resolveRemote(undefined, {
      IMAGEGEN_REMOTE: 's3://images',
      AWS_ENDPOINT_URL: 'https://general.example',
      AWS_ENDPOINT_URL_S3: 'https://acct.r2.cloudflarestorage.com',
      AWS_REGION: 'auto',
    })
    expect(remote?.location).toMatchObject({ bucket: 'images', prefix: '', pathStyle: true, region: 'auto' })
    expect(remote?.location.kind === 's3' && remote.location.credentials).toBe(undefined)
  })

  it('https:// with user:password: basic auth, and the URL shown without them', () => {
    const remote = resolveRemote(undefined, {
      IMAGEGEN_REMOTE: 'https://ci:pa%24%24word-example@cache.example/imagegen',
    })
    expect(remote?.description).toBe('https://cache.example/imagegen')
    expect(remote?.location).toMatchObject({
      kind: 'http',
      authorization: `Basic ${Buffer.from('ci:pa$$word-example').toString('base64')}`,
    })
    expect(String((remote?.location as { base?: URL } | undefined)?.base)).toBe(
      'https://cache.example/imagegen/',
    )
    expect(remote?.secrets).toEqual(expect.arrayContaining(['pa$$word-example']))
  })

  it('IMAGEGEN_REMOTE_TOKEN is a bearer token; the signing key, read-only and required flags are read too', () => {
    const remote = resolveRemote(
      { timeoutMs: 2000 },
      {
        IMAGEGEN_REMOTE: 'http://127.0.0.1:9090/cache',
        IMAGEGEN_REMOTE_TOKEN: 'token-example',
        IMAGEGEN_REMOTE_SIGNING_KEY: 'signing-key-example',
        IMAGEGEN_REMOTE_READ_ONLY: '1',
        IMAGEGEN_REMOTE_REQUIRED: 'true',
      },
    )
    expect(remote).toMatchObject({
      readOnly: true,
      required: true,
      timeoutMs: 2000,
      signingKey: 'signing-key-example',
    })
    expect(remote?.location).toMatchObject({ authorization: 'Bearer token-example' })
  })

  it('a bad URL or setting is a CONFIG error naming the fix, never echoing the URL', () => {
    expect(() => resolveRemote(undefined, { IMAGEGEN_REMOTE: 'ftp://user:hunter2-example@host/x' })).toThrow(
      /a ftp: remote is not supported — set IMAGEGEN_REMOTE/,
    )
    expect(() => resolveRemote({ url: 'not a url' }, {})).toThrow(/the remote is not a URL/)
    expect(() => resolveRemote({ url: 'https://h/x', leaseMs: 0 }, {})).toThrow(/remote.leaseMs `0`/)
  })

  it('the config file and resolveRemote agree on each duration: zero is refused by both, one by neither', () => {
    const name = 'imagegen.config.mjs'
    for (const setting of ['timeoutMs', 'leaseMs', 'pollMs', 'settleMs'] as const) {
      const source = `export default {\n  remote: {\n    ${setting}: 0,\n  },\n}\n`
      expect(() => validateConfig({ remote: { [setting]: 0 } }, source, name)).toThrow(
        `\`remote.${setting}\` must be more than 0`,
      )
      expect(() => resolveRemote({ url: 'https://h/x', [setting]: 0 }, {})).toThrow(`remote.${setting} \`0\``)
      const accepted = validateConfig({ remote: { url: 'https://h/x', [setting]: 1 } }, source, name)
      expect(resolveRemote(accepted.remote, {})?.[setting]).toBe(1)
    }
  })
})
