/** The gallery's only style sheet, inlined so the page is one file that works from an artifact. */
export const GALLERY_STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:1rem 1.5rem;color:#1d1d1f}
h1{margin:.2rem 0}.states{color:#555;margin:0}.summary{font-size:1.1rem}
nav ol{columns:2;padding-left:1.2rem}.keys{color:#777;font-size:.85rem}
.entry{border-top:2px solid #ddd;padding:1rem 0}.entry:focus{outline:3px solid #4a7dff;outline-offset:4px}
.badge{display:inline-block;font-size:.75rem;text-transform:uppercase;padding:0 .4rem;border-radius:4px;color:#fff;background:#888}
.badge.added{background:#2e7d32}.badge.changed{background:#b26a00}.badge.removed{background:#c62828}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1rem}figure{margin:0}
figcaption{font-weight:600;text-transform:uppercase;font-size:.8rem;color:#555}
img{display:block;max-width:100%;height:auto;background:#eee}.dims{font-size:.8rem;color:#666}
.none{color:#888;border:1px dashed #bbb;padding:2rem;text-align:center}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem}dt{color:#666}dd{margin:0}
ins{background:#d7f5dd;text-decoration:none}del{background:#fbd9d9}
table.fields{border-collapse:collapse}table.fields td,table.fields th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}
`

/** j/k and the arrow keys move focus between entries; without JavaScript the page reads the same. */
export const GALLERY_SCRIPT = `
(() => {
  const entries = [...document.querySelectorAll('.entry')]
  let at = -1
  document.addEventListener('keydown', (event) => {
    if (event.target.closest && event.target.closest('input,textarea')) return
    const step = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1 }[event.key]
    if (!step || entries.length === 0) return
    event.preventDefault()
    at = Math.min(entries.length - 1, Math.max(0, at + step))
    entries[at].focus()
    entries[at].scrollIntoView({ block: 'start' })
  })
})()
`
