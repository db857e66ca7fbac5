#!/usr/bin/env node
// `npm run pack-sdk`: the generated Node.js SDK (sdk/nodejs, TypeScript sources) as the npm package a
// TypeScript or JavaScript program installs, dist/pulumi-alicloud-dbs-sdk-<version>.tgz: compiled with
// this repository's TypeScript, with its package.json and README at the package root. npm would not
// build it at install time: npm >= 11 blocks dependencies' install scripts by default.
//
//   node scripts/pack-node-sdk.js [dest-dir]     prints the tarball's path
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const SDK = path.join(root, "sdk", "nodejs");

/** Compiles sdk/nodejs and packs it into destDir; returns the tarball's path. */
function packNodeSdk(destDir) {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), "node-sdk-"));
  try {
    const pkg = path.join(stage, "package");
    // The sources are not in the package: maps would point at nothing.
    execFileSync(
      path.join(root, "node_modules", ".bin", "tsc"),
      [
        "-p",
        path.join(SDK, "tsconfig.json"),
        "--outDir",
        pkg,
        "--sourceMap",
        "false",
        "--declarationMap",
        "false",
      ],
      { stdio: "inherit" },
    );
    for (const file of ["package.json", "README.md"])
      fs.copyFileSync(path.join(SDK, file), path.join(pkg, file));
    fs.mkdirSync(destDir, { recursive: true });
    const out = execFileSync("npm", ["pack", pkg, "--json", "--pack-destination", destDir], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    const [{ filename }] = JSON.parse(out);
    return path.join(destDir, filename);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

module.exports = { packNodeSdk };

if (require.main === module) {
  console.log(
    path.relative(process.cwd(), packNodeSdk(path.resolve(process.argv[2] ?? path.join(root, "dist")))),
  );
}
