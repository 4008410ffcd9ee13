import { IMAGE_FORMATS, type ImageFormat } from '../image-type.js'
import type { Logger } from '../logger.js'
import type { GenerationRequest } from '../providers/types.js'
import type { StoreRecord } from '../store/record.js'

/** The format the request asked for, when it named one (a server may not honour it). */
export function formatAsked({ recipe }: GenerationRequest): { requestedFormat?: ImageFormat } {
  const asked = IMAGE_FORMATS.find((format) => format === recipe.request.output_format)
  return asked === undefined ? {} : { requestedFormat: asked }
}

/** The store keeps what the provider sent; the user hears at once that it is not what was asked. */
export function warnFormatMismatch(job: GenerationRequest, record: StoreRecord, logger: Logger): void {
  const output = record.outputs.find((candidate) => candidate.requested_format)
  if (!output) return
  logger.warn(
    `imagegen: ${job.entryName}: asked for ${output.requested_format}, the provider answered ${output.format}; stored as ${output.format} (imagegen status shows it)`,
  )
}
