import Image from 'next/image'
import { Badge } from './badge'
import { hero } from './images.yaml'

export default function Home() {
  return (
    <main>
      <Image src={hero} alt={hero.alt} placeholder="blur" sizes="100vw" />
      {/* biome-ignore lint/performance/noImgElement: imagegen's own srcset, beside next/image */}
      <img src={hero.src} srcSet={hero.srcset} width={hero.width} height={hero.height} alt={hero.alt} />
      <Badge />
    </main>
  )
}
