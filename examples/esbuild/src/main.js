import { hero, icon, waves } from '../images.yaml'
import { render } from './render.js'

render(document.getElementById('app'), { hero, icon, waves })
