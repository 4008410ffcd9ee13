import sharp from 'sharp'

let configured = false

/**
 * These settings are process-wide, so they are made once, when the first image is derived, rather
 * than on import.
 *
 * - The libvips operation cache is off. It keeps recent operations and their buffers (up to 50 MB and
 *   100 operations by default) in case the same ones come again, but here each source is decoded for
 *   its few variants and never seen again in the run: the cache could only hold memory. (Not much in
 *   practice: bench/pipeline-memory.mjs peaks a few MB lower without it, within its noise.)
 * - Threads per image are left to sharp: the core count, or 1 on glibc Linux without jemalloc, where
 *   more threads fragment the heap and the resident size keeps climbing. Parallelism comes from the
 *   pipeline's own limit on sources in flight instead.
 */
export function configureSharp(): void {
  if (configured) return
  configured = true
  sharp.cache(false)
}
