/** The service's error answers: `{"error": {"message", "type", "param", "code"}}` with an HTTP status. */

export interface ErrorObject {
  message: string
  type: string
  param: string | null
  code: string | null
}

/** Thrown anywhere in a request's handling; the handler turns it into the answer. */
export class ApiError extends Error {
  readonly status: number
  readonly error: ErrorObject
  readonly headers: Readonly<Record<string, string>>
  /** A body other than the OpenAI error object (Azure's gateway errors). */
  readonly body: unknown

  constructor(
    status: number,
    error: ErrorObject,
    options: { headers?: Record<string, string>; body?: unknown } = {},
  ) {
    super(error.message)
    this.name = 'ApiError'
    this.status = status
    this.error = error
    this.headers = options.headers ?? {}
    this.body = options.body ?? { error }
  }
}

export function invalidRequest(message: string, param: string | null = null, code: string | null = null) {
  return new ApiError(400, { message, type: 'invalid_request_error', param, code })
}

const quote = (value: unknown) => `'${String(value)}'`

export function listValues(values: readonly unknown[]): string {
  const quoted = values.map(quote)
  if (quoted.length <= 1) return quoted.join('')
  return `${quoted.slice(0, -1).join(', ')}, and ${quoted.at(-1)}`
}

export const unknownParameter = (name: string) =>
  invalidRequest(`Unknown parameter: '${name}'.`, name, 'unknown_parameter')

export const missingParameter = (name: string) =>
  invalidRequest(`Missing required parameter: '${name}'.`, name, 'missing_required_parameter')

export const invalidType = (name: string, expected: string, got: string) =>
  invalidRequest(
    `Invalid type for '${name}': expected ${expected}, but got ${got} instead.`,
    name,
    'invalid_type',
  )

export const invalidValue = (name: string, value: unknown, supported?: readonly unknown[]) =>
  invalidRequest(
    `Invalid value: ${quote(value)}.${supported ? ` Supported values are: ${listValues(supported)}.` : ''}`,
    name,
    'invalid_value',
  )

/** A field the chosen model does not take. */
export const unsupportedParameter = (name: string, model: string, hint: string) =>
  invalidRequest(
    `Unsupported parameter: '${name}' is not supported with this model (${model}). ${hint}`,
    name,
    'unsupported_parameter',
  )
