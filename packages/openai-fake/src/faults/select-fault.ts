/** Picks the rule for a request: the first one that matches and is not spent. */

import type { RecordedRequest } from '../record.js'
import type { FaultMatch, FaultRule } from './types.js'

export interface MatchSubject {
  seq: number
  endpoint: string
  model: string
  prompt: string | undefined
  request: RecordedRequest
}

export class FaultScript {
  private rules: FaultRule[] = []
  private readonly used = new Map<FaultRule, number>()

  constructor(rules: readonly FaultRule[] = []) {
    this.replace(rules)
  }

  /** New rules; their `times` start counting again. */
  replace(rules: readonly FaultRule[]): void {
    this.rules = [...rules]
    this.used.clear()
  }

  /** The rule for this request, if any; counts it against the rule's `times`. */
  take(subject: MatchSubject): FaultRule | undefined {
    for (const rule of this.rules) {
      const used = this.used.get(rule) ?? 0
      if (used >= (rule.times ?? Number.POSITIVE_INFINITY)) continue
      if (!matches(rule.match ?? {}, subject)) continue
      this.used.set(rule, used + 1)
      return rule
    }
    return undefined
  }
}

function matches(match: FaultMatch, subject: MatchSubject): boolean {
  if (match.endpoint !== undefined) {
    const endpoints: readonly string[] =
      typeof match.endpoint === 'string' ? [match.endpoint] : match.endpoint
    if (!endpoints.includes(subject.endpoint)) return false
  }
  if (match.model !== undefined && !test(match.model, subject.model, true)) return false
  if (
    match.prompt !== undefined &&
    (subject.prompt === undefined || !test(match.prompt, subject.prompt, false))
  )
    return false
  if (match.nth !== undefined && !matchesNth(match.nth, subject.seq)) return false
  if (match.when !== undefined && !match.when(subject.request)) return false
  return true
}

function test(pattern: string | RegExp, value: string, exact: boolean): boolean {
  if (typeof pattern !== 'string') {
    pattern.lastIndex = 0
    return pattern.test(value)
  }
  return exact ? value === pattern : value.includes(pattern)
}

function matchesNth(nth: NonNullable<FaultMatch['nth']>, seq: number): boolean {
  if (typeof nth === 'number') return seq === nth
  if (typeof nth === 'function') return nth(seq)
  return nth.includes(seq)
}
