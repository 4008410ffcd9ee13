/** Rows as aligned columns; numbers right-aligned. Plain text, so it reads the same in a CI log. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string[] {
  const cells = [header, ...rows].map((row) => row.map(String))
  const widths = header.map((_, column) => Math.max(...cells.map((row) => visibleLength(row[column] ?? ''))))
  const numeric = header.map(
    (_, column) => rows.length > 0 && rows.every((row) => typeof row[column] === 'number'),
  )
  return cells.map((row) =>
    row
      .map((cell, column) => {
        const pad = ' '.repeat((widths[column] ?? 0) - visibleLength(cell))
        return numeric[column] ? pad + cell : cell + pad
      })
      .join('  ')
      .trimEnd(),
  )
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes take up no columns
const ANSI = /\u001b\[[0-9;]*m/g

function visibleLength(text: string): number {
  return text.replace(ANSI, '').length
}
