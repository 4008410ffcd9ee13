/**
 * The ids this plugin loads: `images.yaml` and `*.images.yaml`, bare or with `?image=<name>`. For the
 * hook filters, which see webpack's ids without their query and Rollup's with it. Apart from
 * `manifest-id.ts`, which parses them with the engine's rule, so that checking an id loads no engine.
 */
export const MANIFEST_ID = /(?:^|[\\/])(?:[^\\/?]+\.)?images\.yaml(?:\?.*)?$/

/** Import specifiers of one entry, which Rollup cannot resolve by itself. */
export const ENTRY_SPECIFIER = /(?:^|[\\/])(?:[^\\/?]+\.)?images\.yaml\?/
