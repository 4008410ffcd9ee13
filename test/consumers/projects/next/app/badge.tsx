'use client'

import Image from 'next/image'
import { badge } from './images.yaml'

export function Badge() {
  return <Image src={badge} alt={badge.alt} placeholder="blur" width={128} />
}
