import { readFileSync } from 'node:fs'

/** Emits index.html with the entry's script, so the example needs no html plugin dependency. */
export class IndexHtmlPlugin {
  constructor(template) {
    this.template = template
  }
  apply(compiler) {
    const { RawSource } = compiler.webpack.sources
    compiler.hooks.thisCompilation.tap('IndexHtmlPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'IndexHtmlPlugin', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_SUMMARIZE },
        () => {
          const publicPath = compilation.outputOptions.publicPath
          const base = typeof publicPath === 'string' && publicPath !== 'auto' ? publicPath : ''
          const scripts = [...compilation.entrypoints.get('main').getFiles()]
            .filter((file) => file.endsWith('.js'))
            .map((file) => `<script defer src="${base}${file}"></script>`)
            .join('\n    ')
          const html = readFileSync(this.template, 'utf8').replace(
            /<script[^>]*src="main.js"[^>]*><\/script>/,
            scripts,
          )
          compilation.emitAsset('index.html', new RawSource(html))
        },
      )
    })
  }
}
