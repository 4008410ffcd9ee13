'use client'

import Image from 'next/image'
import { useState } from 'react'
import badge from '../images.yaml?image=badge'

/** A client component: the same object, imported one entry at a time. */
export function Badge() {
  const [large, setLarge] = useState(false)
  return (
    <button type="button" onClick={() => setLarge(!large)}>
      <Image src={badge} alt={badge.alt} placeholder="blur" width={large ? 256 : 128} />
    </button>
  )
}
