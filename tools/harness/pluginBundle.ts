// The plugin exactly as users install it: bundled from the sources once per test process (esbuild,
// under a second), so integration and e2e tests run the artifact, not the TypeScript.
import * as path from "node:path";

interface Bundle {
  executable: string;
  tarball: string;
  version: string;
}

const { bundlePlugin } = require(path.resolve(__dirname, "../../scripts/build-plugin.js")) as {
  bundlePlugin(): Bundle;
};

let bundle: Bundle | undefined;

export function pluginBundle(): Bundle {
  bundle ??= bundlePlugin();
  return bundle;
}
