import { defineConfig } from 'vitest/config'

/**
 * The consumer suite: real projects made from scratch outside the workspace, installed from the packed
 * packages. Run once in CI (`pnpm test:consumers`), not by the root `vitest run`.
 */
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    exclude: ['projects/**', '**/node_modules/**'],
    globalSetup: ['./global-setup.ts'],
    // Installs wait on the network and builds on the CPU: two projects at a time suit a 2-core machine.
    maxWorkers: 2,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
})
