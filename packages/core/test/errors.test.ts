import { describe, expect, it } from 'vitest'
import { ImagegenError, ManifestError } from '../src/errors.js'

describe('ImagegenError', () => {
  it('reads as file:line:column  entry  problem — hint', () => {
    const error = new ImagegenError('MANIFEST_VALUE', '`quality: ultra` is not a quality', {
      position: { file: 'images.yaml', line: 3, column: 14 },
      entry: 'hero',
      hint: 'use low, medium, high or auto',
    })
    expect(error.message).toBe(
      'images.yaml:3:14  hero  `quality: ultra` is not a quality — use low, medium, high or auto',
    )
    expect(error.code).toBe('MANIFEST_VALUE')
  })

  it('gathers every issue of a manifest into one error', () => {
    const issues = [1, 2].map(
      (line) =>
        new ImagegenError('MANIFEST_TYPE', 'bad', {
          position: { file: 'a.yaml', line, column: 1 },
          entry: 'x',
        }),
    )
    const error = new ManifestError(issues)
    expect(error.message).toBe('2 problems in a.yaml:\n  a.yaml:1:1  x  bad\n  a.yaml:2:1  x  bad')
  })
})
