// @ts-check
import { defineConfig } from 'astro/config'
import imagegen from 'unplugin-imagegen/astro'

export default defineConfig({
  integrations: [imagegen()],
})
