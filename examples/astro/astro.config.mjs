import { defineConfig } from 'astro/config'
import imagegen from 'unplugin-imagegen/vite'

export default defineConfig({
  // Astro's image service needs sharp, which this example does not install: imagegen has already
  // made the sizes, so astro:assets passes them through.
  image: { service: { entrypoint: 'astro/assets/services/noop' } },
  vite: { plugins: [imagegen()] },
})
