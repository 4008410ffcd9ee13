/** What the suites need to drive every provider's API on one `@imagegen/openai-fake` server. */

/** The environment that points every provider at one fake server (each with its own made-up key). */
export function fakeEnv(fake: { url: string; origin: string }): Record<string, string> {
  return {
    OPENAI_API_KEY: 'fake-key-e2e-test',
    OPENAI_BASE_URL: fake.url,
    GEMINI_API_KEY: 'gemini-e2e-test',
    GOOGLE_GEMINI_BASE_URL: fake.origin,
    FAL_KEY: 'fal-e2e-test',
    FAL_BASE_URL: `${fake.origin}/fal`,
  }
}

/** The prompt a recorded request carried, whichever API it went to (Imagen's sits in `instances`). */
export function requestPrompt(request: { body?: unknown }): string | undefined {
  const body = request.body as
    | { prompt?: string; instances?: { prompt?: string }[]; contents?: { parts?: { text?: string }[] }[] }
    | undefined
  return (
    body?.prompt ??
    body?.instances?.[0]?.prompt ??
    body?.contents?.[0]?.parts?.find((part) => typeof part.text === 'string')?.text
  )
}
