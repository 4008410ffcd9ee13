/** Renders each image as an <img> with its srcset, and the hero over its blurred placeholder. */
export function render(root, images) {
  for (const [name, image] of Object.entries(images)) {
    const figure = document.createElement('figure')
    const img = document.createElement('img')
    img.src = image.src
    img.srcset = image.srcset
    img.sizes = '(max-width: 640px) 100vw, 640px'
    img.width = image.width
    img.height = image.height
    img.alt = image.alt ?? name
    img.loading = 'lazy'
    img.style.maxWidth = '100%'
    img.style.height = 'auto'
    if (image.blurDataURL) {
      img.style.backgroundImage = `url(${image.blurDataURL})`
      img.style.backgroundSize = 'cover'
    } else if (image.color) {
      img.style.backgroundColor = image.color
    }
    const caption = document.createElement('figcaption')
    caption.textContent = `${name}: ${image.width}×${image.height} ${image.format}`
    figure.append(img, caption)
    root.append(figure)
  }
}
