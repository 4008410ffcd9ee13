// Types of remote-servers.mjs, which is plain JavaScript so that bench/ can start the same servers.
export interface RunningRemote {
  /** What `IMAGEGEN_REMOTE` is set to. */
  url: string
  /** Extra environment the runners need (S3 endpoint and credentials). */
  env: Record<string, string>
  /** Where the server keeps what it is sent, for asserting what reached the remote. */
  dataDir: string
  /** SIGKILL: the server vanishes mid-run. */
  kill(): void
  stop(): Promise<void>
}

export interface Nginx extends RunningRemote {
  /** The same data, read-only (403 to PUT and DELETE). */
  readOnlyUrl: string
  port: number
  /** Lines of the access log: `METHOD /path STATUS`. */
  requests(): Promise<string[]>
}

export declare const S3_BUCKET: string
export declare function freePort(): Promise<number>
export declare function startNginx(options?: { token?: string }): Promise<Nginx>
export declare function startS3rver(): Promise<RunningRemote>
export declare function remoteFiles(dir: string, pathPart: string, content?: string): Promise<string[]>
