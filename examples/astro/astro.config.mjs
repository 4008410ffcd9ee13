import { defineConfig } from 'astro/config'
import imagegen from 'unplugin-imagegen/vite'

/**
 * `imagegen()` in Astro's Vite config. Astro runs more than one Vite instance per command (`astro build`
 * starts a `serve` one to sync content first), and one unplugin-imagegen instance keeps the `vite dev`
 * emitter of the first `serve` it saw, so the build would reference `/@imagegen/…` URLs that are never
 * written. Until the plugin resets itself per Vite instance, each build gets a fresh one here.
 */
function imagegenIntegration() {
  return {
    name: 'imagegen',
    hooks: {
      'astro:config:setup': ({ command, updateConfig }) => {
        if (command === 'dev') updateConfig({ vite: { plugins: [imagegen()] } })
      },
      'astro:build:setup': ({ vite }) => {
        vite.plugins = [...(vite.plugins ?? []), imagegen()]
      },
    },
  }
}

export default defineConfig({
  integrations: [imagegenIntegration()],
  // Astro's image service needs sharp, which this example does not install: imagegen has already
  // made the sizes, so astro:assets passes them through.
  image: { service: { entrypoint: 'astro/assets/services/noop' } },
  vite: {
    // Astro renders pages in its server build, where Rollup writes imagegen's file URLs
    // (`import.meta.ROLLUP_FILE_URL_…`) as `file://` URLs of the server chunks; this makes them the
    // public `/_astro/…` paths Astro copies the files to.
    plugins: [
      {
        name: 'imagegen-public-file-urls',
        enforce: 'pre',
        resolveFileUrl: ({ fileName }) => JSON.stringify(`/${fileName}`),
      },
    ],
  },
})
