#!/usr/bin/env node
// `npm run release [-- --plugin <os>-<arch>[,...] | --checksums]`: see scripts/release/main.ts.
"use strict";
const path = require("node:path");

require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
const { runRelease } = require("./release/main.ts");

runRelease(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
