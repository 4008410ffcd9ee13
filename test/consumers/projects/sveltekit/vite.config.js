import { sveltekit } from '@sveltejs/kit/vite'
import imagegen from 'unplugin-imagegen/vite'
import { defineConfig } from 'vite'

export default defineConfig({
  plugins: [imagegen(), sveltekit()],
})
