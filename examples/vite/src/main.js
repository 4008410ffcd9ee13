import { card, hero, logo } from '../images.yaml'
import { render } from './render.js'

render(document.getElementById('app'), { hero, logo, card })
