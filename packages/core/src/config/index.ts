export { defineConfig, type ImagegenConfig } from './define-config.js'
export { CONFIG_FILES, type LoadConfigOptions, type LoadedConfig, loadConfig } from './load-config.js'
