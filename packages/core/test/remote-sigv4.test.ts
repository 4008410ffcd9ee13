import { AwsV4Signer } from 'aws4fetch'
import { describe, expect, it } from 'vitest'
import type { S3Location } from '../src/remote/options.js'
import { objectUrl, signedHeaders } from '../src/remote/s3-transport.js'

/*
 * Signing checked against AWS's published vectors, since the test server (s3rver) checks no signature.
 * - aws-sig-v4-test-suite (https://docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html):
 *   get-vanilla, post-vanilla, get-vanilla-query-order-key-case; credentials AKIDEXAMPLE, 20150830T123600Z.
 * - Amazon S3 API Reference, "Signature Calculations for the Authorization Header: Transferring Payload in
 *   a Single Chunk" (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html):
 *   the PUT Object example, credentials AKIAIOSFODNN7EXAMPLE, 20130524T000000Z.
 */
const SUITE = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  service: 'service',
  region: 'us-east-1',
  datetime: '20150830T123600Z',
}
const SUITE_CREDENTIAL = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request'

describe('the SigV4 signer (aws4fetch) against aws-sig-v4-test-suite', () => {
  const vectors = [
    [
      'get-vanilla',
      'GET',
      'https://example.amazonaws.com/',
      '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    ],
    [
      'post-vanilla',
      'POST',
      'https://example.amazonaws.com/',
      '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b',
    ],
    [
      'get-vanilla-query-order-key-case',
      'GET',
      'https://example.amazonaws.com/?Param2=value2&Param1=value1',
      'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
    ],
  ] as const
  for (const [name, method, url, signature] of vectors) {
    it(name, async () => {
      const signed = await new AwsV4Signer({ ...SUITE, method, url }).sign()
      expect(signed.headers.get('authorization')).toBe(
        `${SUITE_CREDENTIAL}, SignedHeaders=host;x-amz-date, Signature=${signature}`,
      )
    })
  }
})

describe("the S3 remote's request signing against the S3 API Reference example", () => {
  const location: S3Location = {
    kind: 's3',
    bucket: 'examplebucket',
    prefix: '',
    endpoint: new URL('https://s3.amazonaws.com'),
    region: 'us-east-1',
    pathStyle: false,
    credentials: {
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    },
  }

  it('PUT Object: the virtual-hosted URL, the payload hash and the Authorization header', async () => {
    const url = objectUrl(location, 'test$file.text')
    expect(url.href).toBe('https://examplebucket.s3.amazonaws.com/test%24file.text')
    const headers = await signedHeaders(
      location,
      'PUT',
      url,
      { date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY' },
      Buffer.from('Welcome to Amazon S3.'),
      '20130524T000000Z',
    )
    expect(headers['x-amz-content-sha256']).toBe(
      '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072',
    )
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
        'SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, ' +
        'Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd',
    )
  })

  it('addresses non-AWS endpoints by path, under the prefix, and sends no signature without credentials', async () => {
    const { credentials: _, ...anonymous } = location
    const r2 = {
      ...anonymous,
      endpoint: new URL('https://acct.r2.cloudflarestorage.com'),
      pathStyle: true,
      prefix: 'team/images',
    }
    const url = objectUrl(r2, 'ac/abc')
    expect(url.href).toBe('https://acct.r2.cloudflarestorage.com/examplebucket/team/images/ac/abc')
    const headers = await signedHeaders(r2, 'GET', url, {})
    expect(headers.authorization).toBeUndefined()
  })
})
