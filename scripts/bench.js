#!/usr/bin/env node
// `npm run bench [-- --quick]`: see scripts/bench.ts.
"use strict";
const path = require("node:path");

require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
const { runBench } = require("./bench.ts");

runBench(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
