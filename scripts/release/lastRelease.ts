/**
 * Release 0.1.0 as its users have it. Its two faces come from different commits: the npm package was
 * released before the plugin existed, and the plugin was used from a checkout of a later commit (its
 * `npm run build` tarball, installed with `pulumi plugin install … --file`).
 */

/** The npm package pulumi-alicloud-dbs 0.1.0 (dynamic resources): tests/e2e/upgrade.test.ts upgrades its stacks. */
export const PACKAGE_RELEASE = { version: "0.1.0", commit: "2988423" } as const;

/**
 * The plugin alicloud-dbs 0.1.0: its sdk/schema.json is what `npm run release` must stay compatible
 * with, and tests/e2e/pluginUpgrade.test.ts upgrades the stacks it made.
 */
export const PLUGIN_RELEASE = { version: "0.1.0", commit: "0251c7c" } as const;
