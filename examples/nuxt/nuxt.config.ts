export default defineNuxtConfig({
  modules: ['unplugin-imagegen/nuxt'],
  telemetry: false,
  devtools: { enabled: false },
})
