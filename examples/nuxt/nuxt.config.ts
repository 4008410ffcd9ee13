// `modules: ['unplugin-imagegen/nuxt']` is all imagegen needs; options go under `imagegen: { … }`.
export default defineNuxtConfig({
  modules: ['unplugin-imagegen/nuxt'],
  compatibilityDate: '2025-07-15',
  telemetry: false,
})
