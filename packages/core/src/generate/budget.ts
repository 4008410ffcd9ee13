import { ImagegenError } from '../errors.js'

export interface BudgetLimits {
  maxNewImages: number
  maxCost: number
  /** Generate images of unknown price under a cost cap (counted as nothing towards it). @default false */
  allowUnpriced?: boolean
}

/**
 * What a run may still spend. A generation reserves its images and estimated cost before it starts and
 * is refused if that would pass a limit, so a run stops before it overspends, not after; a failed
 * generation gives its reservation back.
 */
export class Budget {
  private images = 0
  private cost = 0

  constructor(private readonly limits: BudgetLimits) {}

  reserve(entry: string, images: number, estimatedCost: number | undefined): () => void {
    const { maxNewImages, maxCost } = this.limits
    if (this.images + images > maxNewImages) {
      throw new ImagegenError(
        'BUDGET',
        `not generated: the run reached its limit of ${maxNewImages} new images`,
        {
          entry,
          hint: 'raise maxNewImages (--max-new) to generate the rest',
        },
      )
    }
    if (Number.isFinite(maxCost)) {
      if (estimatedCost === undefined && !this.limits.allowUnpriced) {
        throw new ImagegenError('BUDGET', 'not generated: its price is unknown and the run has a cost cap', {
          entry,
          hint: 'pass --allow-unpriced (allowUnpriced: true) to generate it anyway, or remove the cost cap',
        })
      }
      if (estimatedCost !== undefined && this.cost + estimatedCost > maxCost + 1e-9) {
        throw new ImagegenError(
          'BUDGET',
          `not generated: it would bring the run's estimated cost to $${(this.cost + estimatedCost).toFixed(3)}, past its cap of $${maxCost}`,
          { entry, hint: 'raise maxCost (--max-cost) to generate the rest' },
        )
      }
    }
    this.images += images
    this.cost += estimatedCost ?? 0
    let released = false
    return () => {
      if (released) return
      released = true
      this.images -= images
      this.cost -= estimatedCost ?? 0
    }
  }
}
