export default defineNuxtConfig({
  compatibilityDate: '2025-07-15',
  modules: ['unplugin-imagegen/nuxt'],
  telemetry: false,
  devtools: { enabled: false },
})
