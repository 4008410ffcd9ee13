import { hero } from './images.yaml'

document.querySelector('#app').innerHTML =
  `<img src="${hero.src}" srcset="${hero.srcset}" sizes="100vw" width="${hero.width}" height="${hero.height}" alt="${hero.alt}">`
