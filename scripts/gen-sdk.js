#!/usr/bin/env node
// `npm run gen-sdk`: writes the plugin's schema (provider/plugin/schema.ts) to sdk/schema.json and
// regenerates sdk/nodejs, sdk/python and sdk/go from it with scripts/gen-sdk.sh (Go >= 1.25 builds the
// generator once; it is cached, and needs no network when Go's module cache is warm).
//
// `npm run gen-sdk -- --check` generates into a temp directory instead and exits 1, naming the files, when
// the SDKs in sdk/ differ from what the schema gives: tests/integration/sdk.test.ts runs it, so the
// schema and the committed SDKs never drift.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const SDK_DIR = path.join(root, "sdk");
const LANGUAGES = ["nodejs", "python", "go"];
/** Files of sdk/ that are written by hand and survive a regeneration: the Go SDK's module. */
const HAND_WRITTEN = new Set(["go/go.mod", "go/go.sum"]);

function schemaText() {
  require("ts-node").register({ transpileOnly: true, project: path.join(root, "tsconfig.json") });
  const { pluginSchema } = require("../provider/plugin/schema.ts");
  const { VERSION } = require("../provider/plugin/version.ts");
  return `${JSON.stringify(pluginSchema(VERSION), null, 2)}\n`;
}

/** Writes schema.json and the three SDK directories into dir. */
function generate(dir) {
  const schema = path.join(dir, "schema.json");
  fs.writeFileSync(schema, schemaText());
  const result = spawnSync("bash", [path.join(__dirname, "gen-sdk.sh"), schema, dir], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (result.status !== 0) {
    throw new Error(`scripts/gen-sdk.sh failed (exit ${result.status ?? result.error?.message}); see above`);
  }
}

/** Relative paths (with /) of the files under dir, sorted. */
function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

/**
 * The files of sdk/ that a regeneration owns: what git tracks or would track there (a local build's
 * node_modules/, bin/ or *.egg-info are ignored by the SDKs' own .gitignore files), minus HAND_WRITTEN.
 */
function committedFiles() {
  const git = spawnSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "sdk"],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  const listed =
    git.status === 0
      ? git.stdout
          .split("\0")
          .filter(Boolean)
          .map((file) => file.replace(/^sdk\//, ""))
      : walk(SDK_DIR);
  return listed.filter((file) => fs.existsSync(path.join(SDK_DIR, file)) && !HAND_WRITTEN.has(file)).sort();
}

/** How sdk/ differs from a generated directory: files changed, missing from sdk/, and extra in sdk/. */
function differences(generated) {
  const wanted = walk(generated);
  const have = new Set(committedFiles());
  const changed = wanted.filter(
    (file) =>
      have.has(file) &&
      !fs.readFileSync(path.join(generated, file)).equals(fs.readFileSync(path.join(SDK_DIR, file))),
  );
  const missing = wanted.filter((file) => !have.has(file));
  const extra = [...have].filter((file) => !wanted.includes(file));
  return { changed, missing, extra };
}

function withTempDir(use) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gen-sdk-"));
  try {
    return use(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function check() {
  return withTempDir((dir) => {
    generate(dir);
    const { changed, missing, extra } = differences(dir);
    const lines = [
      ...changed.map((file) => `  changed: sdk/${file}`),
      ...missing.map((file) => `  missing: sdk/${file}`),
      ...extra.map((file) => `  not generated: sdk/${file}`),
    ];
    if (lines.length === 0) {
      console.log(`sdk/ matches the schema (${walk(dir).length} generated files)`);
      return 0;
    }
    console.error(
      `sdk/ differs from what the plugin's schema generates:\n${lines.join("\n")}\n` +
        "Run `npm run gen-sdk` and commit sdk/.",
    );
    return 1;
  });
}

function write() {
  return withTempDir((dir) => {
    generate(dir);
    for (const file of committedFiles()) fs.rmSync(path.join(SDK_DIR, file));
    for (const file of walk(dir)) {
      fs.mkdirSync(path.dirname(path.join(SDK_DIR, file)), { recursive: true });
      fs.copyFileSync(path.join(dir, file), path.join(SDK_DIR, file));
    }
    // Directories a removed file leaves empty.
    for (const language of LANGUAGES) {
      const dirs = fs
        .readdirSync(path.join(SDK_DIR, language), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => path.join(entry.parentPath, entry.name))
        .sort((a, b) => b.length - a.length);
      for (const sub of dirs) if (fs.readdirSync(sub).length === 0) fs.rmdirSync(sub);
    }
    console.log(`sdk/: ${walk(dir).length} generated files`);
    return 0;
  });
}

const args = process.argv.slice(2);
if (args.some((arg) => arg !== "--check")) {
  console.error("usage: node scripts/gen-sdk.js [--check]");
  process.exit(2);
}
try {
  process.exit(args.includes("--check") ? check() : write());
} catch (error) {
  console.error(`gen-sdk: ${error.message}`);
  process.exit(1);
}
