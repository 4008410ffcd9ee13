/** Applies an endpoint schema from spec/fields.ts: unknown fields, required fields, types, enums, ranges. */

import {
  invalidRequest,
  invalidType,
  invalidValue,
  missingParameter,
  unknownParameter,
} from '../api-error.js'
import type { EndpointSchema, FieldSpec } from '../spec/fields.js'
import { isFilePart } from './multipart-fields.js'

/** Where the values came from: multipart sends every scalar as text. */
export type BodySource = 'json' | 'multipart'

/** The checked fields, with multipart text coerced to integers and booleans; nulls dropped. */
export type CheckedFields = Record<string, unknown>

export function checkFields(
  input: Record<string, unknown>,
  schema: EndpointSchema,
  source: BodySource,
): CheckedFields {
  for (const key of Object.keys(input)) if (!(key in schema.fields)) throw unknownParameter(key)
  for (const key of schema.required) if (input[key] === undefined) throw missingParameter(key)
  const checked: CheckedFields = {}
  for (const [key, value] of Object.entries(input)) {
    const spec = schema.fields[key] as FieldSpec
    if (value === null) {
      if (schema.required.includes(key)) throw missingParameter(key)
      if (!spec.nullable) throw invalidType(key, expectedOf(spec), 'null')
      continue
    }
    checked[key] = checkValue(key, value, spec, source)
  }
  return checked
}

function checkValue(key: string, value: unknown, spec: FieldSpec, source: BodySource): unknown {
  switch (spec.type) {
    case 'string':
      return checkString(key, value, spec)
    case 'integer':
      return checkRange(key, toInteger(key, value, source), spec)
    case 'boolean':
      return toBoolean(key, value, source)
    case 'file':
      return checkFile(key, value, spec)
    case 'image-ref':
      return checkImageRef(key, value)
    case 'image-refs':
      return checkImageRefs(key, value, spec)
  }
}

function checkString(key: string, value: unknown, spec: FieldSpec): string {
  if (typeof value !== 'string') throw invalidType(key, 'a string', describe(value))
  if (spec.enum && !spec.enum.includes(value)) throw invalidValue(key, value, spec.enum)
  const length = [...value].length
  if (spec.minLength !== undefined && length < spec.minLength)
    throw invalidRequest(
      `Invalid '${key}': string too short. Expected a string with minimum length ${spec.minLength}, but got a string with length ${length} instead.`,
      key,
      'string_below_min_length',
    )
  if (spec.maxLength !== undefined && length > spec.maxLength)
    throw stringTooLong(key, spec.maxLength, length)
  return value
}

export function stringTooLong(key: string, maxLength: number, length: number) {
  return invalidRequest(
    `Invalid '${key}': string too long. Expected a string with maximum length ${maxLength}, but got a string with length ${length} instead.`,
    key,
    'string_above_max_length',
  )
}

function toInteger(key: string, value: unknown, source: BodySource): number {
  if (source === 'multipart' && typeof value === 'string') {
    if (/^-?\d+$/.test(value.trim())) return Number(value.trim())
    throw invalidType(key, 'an integer', /^-?\d*\.\d+$/.test(value.trim()) ? 'a decimal number' : 'a string')
  }
  if (typeof value === 'number' && Number.isInteger(value)) return value
  throw invalidType(key, 'an integer', describe(value))
}

export function checkRange(key: string, value: number, spec: Pick<FieldSpec, 'minimum' | 'maximum'>): number {
  if (spec.minimum !== undefined && value < spec.minimum)
    throw invalidRequest(
      `Invalid '${key}': integer below minimum value. Expected a value >= ${spec.minimum}, but got ${value} instead.`,
      key,
      'integer_below_min_value',
    )
  if (spec.maximum !== undefined && value > spec.maximum)
    throw invalidRequest(
      `Invalid '${key}': integer above maximum value. Expected a value <= ${spec.maximum}, but got ${value} instead.`,
      key,
      'integer_above_max_value',
    )
  return value
}

function toBoolean(key: string, value: unknown, source: BodySource): boolean {
  if (source === 'multipart' && (value === 'true' || value === 'false')) return value === 'true'
  if (typeof value === 'boolean') return value
  throw invalidType(key, 'a boolean', describe(value))
}

function checkFile(key: string, value: unknown, spec: FieldSpec): unknown {
  if (Array.isArray(value) && spec.maxItems !== undefined) {
    if (value.length > spec.maxItems) throw arrayTooLong(key, spec.maxItems, value.length)
    return value
  }
  if (!isFilePart(value)) throw invalidType(key, 'a file', describe(value))
  return value
}

function checkImageRefs(key: string, value: unknown, spec: FieldSpec): unknown {
  if (!Array.isArray(value)) throw invalidType(key, 'an array', describe(value))
  if (value.length === 0)
    throw invalidRequest(
      `Invalid '${key}': empty array. Expected an array with minimum length 1, but got an empty array instead.`,
      key,
      'empty_array',
    )
  if (spec.maxItems !== undefined && value.length > spec.maxItems)
    throw arrayTooLong(key, spec.maxItems, value.length)
  return value.map((item, index) => checkImageRef(`${key}[${index}]`, item))
}

function checkImageRef(key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalidType(key, 'an object', describe(value))
  const ref = value as Record<string, unknown>
  for (const field of Object.keys(ref))
    if (field !== 'image_url' && field !== 'file_id') throw unknownParameter(`${key}.${field}`)
  const present = ['image_url', 'file_id'].filter((field) => ref[field] !== undefined)
  if (present.length !== 1)
    throw invalidRequest(
      `Invalid '${key}': provide exactly one of 'image_url' or 'file_id'.`,
      key,
      'invalid_value',
    )
  const field = present[0] as string
  if (typeof ref[field] !== 'string') throw invalidType(`${key}.${field}`, 'a string', describe(ref[field]))
  return ref
}

function arrayTooLong(key: string, maxItems: number, length: number) {
  return invalidRequest(
    `Invalid '${key}': array too long. Expected an array with maximum length ${maxItems}, but got an array with length ${length} instead.`,
    key,
    'array_above_max_length',
  )
}

function expectedOf(spec: FieldSpec): string {
  const article: Record<FieldSpec['type'], string> = {
    string: 'a string',
    integer: 'an integer',
    boolean: 'a boolean',
    file: 'a file',
    'image-ref': 'an object',
    'image-refs': 'an array',
  }
  return article[spec.type]
}

export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (isFilePart(value)) return 'a file'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal number'
  if (typeof value === 'string') return 'a string'
  if (typeof value === 'boolean') return 'a boolean'
  return 'an object'
}
