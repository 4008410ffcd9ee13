import { defineConfig } from 'astro/config'
import imagegen from 'unplugin-imagegen/astro'

// Astro's own image service (sharp) optimises what <Image> shows; imagegen's derived sizes serve the
// plain srcset.
export default defineConfig({
  integrations: [imagegen()],
})
