#!/usr/bin/env node
// The second half of `npm run build`: the provider plugin as one JavaScript file that needs no
// node_modules, its executable wrapper (Node.js >= 20 on PATH), and the tarball that
// `pulumi plugin install resource alicloud-dbs <version> --file <tarball>` installs.
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const NAME = "pulumi-resource-alicloud-dbs";
const PLUGIN_DIR = path.join(root, "dist", "plugin");

/** Bundles provider/plugin from the TypeScript sources; returns the executable and the tarball. */
function bundlePlugin() {
  const esbuild = require("esbuild");
  const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  fs.rmSync(PLUGIN_DIR, { recursive: true, force: true });
  esbuild.buildSync({
    entryPoints: [path.join(root, "provider", "plugin", "main.ts")],
    outfile: path.join(PLUGIN_DIR, `${NAME}.js`),
    bundle: true,
    platform: "node",
    target: "node20",
    logLevel: "warning",
  });
  const executable = path.join(PLUGIN_DIR, NAME);
  fs.writeFileSync(
    executable,
    `#!/bin/sh\nhere=$(dirname "$(readlink -f "$0")")\nexec node "$here/${NAME}.js" "$@"\n`,
    {
      mode: 0o755,
    },
  );
  const tarball = path.join(root, "dist", `${NAME}-v${version}.tar.gz`);
  execFileSync("tar", ["-czf", tarball, "-C", PLUGIN_DIR, NAME, `${NAME}.js`]);
  return { executable, tarball, version };
}

module.exports = { bundlePlugin, PLUGIN_DIR, NAME };

if (require.main === module) {
  const { tarball } = bundlePlugin();
  console.error(`${path.relative(root, tarball)}: ${(fs.statSync(tarball).size / 1024).toFixed(0)} KiB`);
}
