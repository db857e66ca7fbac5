#!/usr/bin/env node
// `npm run bench [-- --quick | --profile | --report-only | --api-calls]`: see tools/bench/main.ts.
"use strict";
const path = require("node:path");

require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
const { runBench } = require("./bench/main.ts");

runBench(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
