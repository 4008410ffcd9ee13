import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createImagegen } from '../src/engine/index.js'
import { ImagegenError } from '../src/errors.js'
import { PROVIDER_NAMES } from '../src/providers/registry.js'

/** Where each provider reads another root from. */
const BASE_URL_VARIABLES: Record<string, string> = {
  openai: 'OPENAI_BASE_URL',
  google: 'GOOGLE_GEMINI_BASE_URL',
  fal: 'FAL_BASE_URL',
}

describe("a provider's base URL that is not http(s)", () => {
  it.each(PROVIDER_NAMES)(
    '%s: refused before the run, naming the variable but not its value',
    async (name) => {
      const variable = BASE_URL_VARIABLES[name]
      expect(variable, `${name} needs a row here`).toBeDefined()
      const root = await mkdtemp(join(tmpdir(), 'imagegen-base-url-'))
      for (const value of ['not-a-url', 'ftp://user:hunter2@example.com/v1']) {
        const env = { OPENAI_API_KEY: 'fake-key-test', [variable!]: value }
        const error = (() => {
          try {
            createImagegen({ root, env, mode: 'generate' })
          } catch (caught) {
            return caught
          }
        })()
        expect(error, value).toBeInstanceOf(ImagegenError)
        expect((error as ImagegenError).code).toBe('CONFIG')
        expect((error as ImagegenError).message).toMatch(new RegExp(`^${variable} is not an http\\(s\\) URL`))
        expect(
          JSON.stringify({ ...(error as ImagegenError), message: (error as Error).message }),
        ).not.toContain('hunter2')
      }
      // Other modes send nothing, so they do not check it.
      expect(() =>
        createImagegen({ root, env: { [variable!]: 'not-a-url' }, mode: 'placeholder' }),
      ).not.toThrow()
    },
  )
})
