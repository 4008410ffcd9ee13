import type { Readable } from 'node:stream'
import { createParser, type EventSourceMessage } from 'eventsource-parser'
import { cappedChunks } from './read-body.js'

export type { EventSourceMessage }

/**
 * Reads a body of server-sent events, handing each whole event to `onEvent` in order, one at a time
 * (an event is handled before the next chunk is read). The body is capped at `limit` bytes in all, like
 * any answer; an event cut off by the end of the body is dropped, as a browser's EventSource drops it.
 */
export async function readEventStream(
  body: Readable,
  limit: number,
  onEvent: (event: EventSourceMessage) => Promise<void> | void,
): Promise<void> {
  const ready: EventSourceMessage[] = []
  const parser = createParser({ onEvent: (event) => ready.push(event) })
  const decoder = new TextDecoder()
  for await (const chunk of cappedChunks(body, limit)) {
    parser.feed(decoder.decode(chunk, { stream: true }))
    while (ready.length > 0) await onEvent(ready.shift() as EventSourceMessage)
  }
}
