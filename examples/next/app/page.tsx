import Image from 'next/image'
import { gallery, hero } from '../images.yaml'
import { Badge } from './badge'

/** A server component: the image object goes to next/image as `src`, its blur placeholder included. */
export default function Home() {
  return (
    <main>
      <h1>imagegen + Next.js</h1>
      <Image src={hero} alt={hero.alt} placeholder="blur" sizes="(max-width: 960px) 100vw, 960px" priority />
      {/* Or the sizes imagegen derived, as a plain srcset. */}
      {gallery.map((image) => (
        // biome-ignore lint/performance/noImgElement: the plain <img srcset> form is what this shows
        <img
          key={image.src}
          src={image.src}
          srcSet={image.srcset}
          width={image.width}
          height={image.height}
          alt={image.alt}
        />
      ))}
      <Badge />
    </main>
  )
}
