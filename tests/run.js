#!/usr/bin/env node
// `npm test`: type-check, lint, then the three test layers in one mocha run (unit, integration, e2e), or
// the specs given as arguments. Ends with the "N passed, N failed" line; a failing step before mocha
// reports itself as a failure.
const { spawnSync } = require("node:child_process");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const steps = [
  ["type-check", bin("tsc"), ["--noEmit", "-p", "tsconfig.json"]],
  ["eslint", bin("eslint"), ["."]],
  ["prettier", bin("prettier"), ["--check", "."]],
];

for (const [label, cmd, args] of steps) {
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`\n${label} failed (exit ${result.status})`);
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
  console.log(`${label}: ok (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

const LAYERS = ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts", "tests/e2e/**/*.test.ts"];
const specs = process.argv.length > 2 ? process.argv.slice(2) : LAYERS;
const mocha = spawnSync(bin("mocha"), specs, { cwd: root, stdio: "inherit" });
process.exit(mocha.status ?? 1);
