import react from '@vitejs/plugin-react'
import imagegen from 'unplugin-imagegen/vite'
import { defineConfig } from 'vite'

// https://vite.dev/config/
export default defineConfig({
  plugins: [react(), imagegen()],
})
