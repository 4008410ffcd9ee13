/** Core never writes to the console: drivers pass a logger in. */
export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
  debug?(message: string): void
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} }
