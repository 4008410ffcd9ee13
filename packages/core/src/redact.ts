/**
 * The text with every secret cut out. Whatever a server echoes back or an error says passes through this
 * before it may reach a message, a log or the store. Secrets shorter than four characters are not looked
 * for: cutting them would mangle ordinary words without protecting anything.
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text
  for (const secret of secrets) {
    if (secret && secret.length >= 4) result = result.split(secret).join('[redacted]')
  }
  return result
}
