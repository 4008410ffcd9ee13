import type { ImagegenImage } from 'unplugin-imagegen'
import { hero, tiles } from './images.yaml'

function picture(image: ImagegenImage): string {
  const sources = image.sources.map(
    (source) => `<source type="${source.type}" srcset="${source.srcset}" sizes="100vw">`,
  )
  return `<picture>${sources.join('')}<img src="${image.src}" srcset="${image.srcset}" sizes="100vw" width="${image.width}" height="${image.height}" alt="${image.alt}"></picture>`
}

document.querySelector<HTMLDivElement>('#app')!.innerHTML = [hero, ...tiles].map(picture).join('\n')
