import type { ImagegenImage } from 'unplugin-imagegen'
import { cover, portrait } from './images.yaml'

function Picture({ image }: { image: ImagegenImage }) {
  return (
    <picture>
      {image.sources.map((source) => (
        <source key={source.type} type={source.type} srcSet={source.srcset} sizes="100vw" />
      ))}
      <img
        src={image.src}
        srcSet={image.srcset}
        sizes="100vw"
        width={image.width}
        height={image.height}
        alt={image.alt}
      />
    </picture>
  )
}

export default function App() {
  return (
    <main>
      <h1>Vite + React</h1>
      <Picture image={cover} />
      <Picture image={portrait} />
    </main>
  )
}
