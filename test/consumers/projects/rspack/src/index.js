import { harbour, kites } from './images.yaml'

for (const image of [harbour, ...kites]) {
  const img = document.createElement('img')
  Object.assign(img, {
    src: image.src,
    srcset: image.srcset,
    sizes: '100vw',
    width: image.width,
    height: image.height,
    alt: image.alt,
  })
  document.body.append(img)
}
