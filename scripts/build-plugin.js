#!/usr/bin/env node
// The second half of `npm run build`: the provider plugin as one JavaScript file that needs no
// node_modules, its executable wrapper (Node.js >= 20 on PATH), and the tarball that
// `pulumi plugin install resource alicloud-dbs <version> --file <tarball>` installs.
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const esbuild = require("esbuild");
const { version } = require("../package.json");

const root = path.resolve(__dirname, "..");
const outDir = path.join(root, "dist", "plugin");
const name = "pulumi-resource-alicloud-dbs";

fs.rmSync(outDir, { recursive: true, force: true });
esbuild.buildSync({
  entryPoints: [path.join(root, "provider", "plugin", "main.ts")],
  outfile: path.join(outDir, `${name}.js`),
  bundle: true,
  platform: "node",
  target: "node20",
  logLevel: "warning",
});
fs.writeFileSync(
  path.join(outDir, name),
  `#!/bin/sh\nhere=$(dirname "$(readlink -f "$0")")\nexec node "$here/${name}.js" "$@"\n`,
  { mode: 0o755 },
);
const tarball = path.join(root, "dist", `${name}-v${version}.tar.gz`);
execFileSync("tar", ["-czf", tarball, "-C", outDir, name, `${name}.js`]);
console.log(`${path.relative(root, tarball)}: ${(fs.statSync(tarball).size / 1024).toFixed(0)} KiB`);
