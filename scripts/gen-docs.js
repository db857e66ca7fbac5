#!/usr/bin/env node
// `npm run gen-docs`: writes what the docs take from elsewhere, so that it cannot drift:
//
// - provider/plugin/examples.json: the `{{% examples %}}` block of each resource and function of the
//   plugin's schema (provider/plugin/schema.ts appends it to the description), from one YAML program per
//   example in docs/examples/<Resource or function>/*.yaml, converted to TypeScript, Python and Go as
//   `pulumi convert` does (through scripts/gen-sdk.sh; see there for what it needs).
// - the configuration reference in docs/installation-configuration.md, between its `generated:config`
//   markers, from the one table of settings (SETTINGS of provider/lib/config.ts).
//
// `npm run gen-docs -- --check` writes nothing and exits 1, naming the files, when they differ from what
// it would write (tests/integration/docs.test.ts runs it). Run `npm run gen-sdk` after it: the SDKs
// carry the descriptions.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const EXAMPLES_DIR = path.join(root, "docs", "examples");
const EXAMPLES_JSON = path.join(root, "provider", "plugin", "examples.json");
const INSTALLATION = path.join(root, "docs", "installation-configuration.md");
const CONFIG_MARKERS = ["<!-- generated:config (npm run gen-docs) -->", "<!-- /generated:config -->"];
/** The languages of an example block, in the Registry's tab order; yaml is the source itself. */
const LANGUAGES = ["typescript", "python", "go", "yaml"];

function loadTs(module) {
  require("ts-node").register({ transpileOnly: true, project: path.join(root, "tsconfig.json") });
  return require(path.join(root, module));
}

function genSdk(...args) {
  const result = spawnSync("bash", [path.join(__dirname, "gen-sdk.sh"), ...args], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0) {
    throw new Error(
      `scripts/gen-sdk.sh ${args[0]} failed (exit ${result.status ?? result.error?.message}); see above`,
    );
  }
}

/**
 * {"<dir>/<file>.yaml": {typescript, python, go}}: `pulumi convert --from yaml` in two halves, YAML to PCL
 * with pulumi-yaml (scripts/gen-examples/) and PCL to each language with pkg/v3 (scripts/gen-sdk/).
 */
function convertExamples() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gen-docs-"));
  try {
    const { pluginSchema, PACKAGE } = loadTs("provider/plugin/schema.ts");
    const { VERSION } = loadTs("provider/plugin/version.ts");
    const spec = pluginSchema(VERSION);
    const [schema, pcl, programs] = ["schema.json", "pcl.json", "programs.json"].map((f) =>
      path.join(dir, f),
    );
    fs.writeFileSync(schema, JSON.stringify(spec));
    genSdk("examples", schema, EXAMPLES_DIR, pcl);
    genSdk("programs", schema, pcl, programs);
    const tokens = new Set([...Object.keys(spec.resources), ...Object.keys(spec.functions)]);
    return { converted: JSON.parse(fs.readFileSync(programs, "utf8")), PACKAGE, tokens };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * An example source: a comment header (`# Title`, `#`, `# text…`) and the program. Returns the title,
 * the text and the program as the docs show it.
 */
function parseSource(file, text) {
  const lines = text.split("\n");
  const header = [];
  while (lines.length > 0 && lines[0].startsWith("#")) header.push(lines.shift().replace(/^# ?/, ""));
  const [title, blank, ...paragraph] = header;
  if (!title || blank !== "" || paragraph.length === 0) {
    throw new Error(`${file}: start with "# <title>", "#", then "# <text>" lines`);
  }
  return { title, text: paragraph.join(" "), yaml: lines.join("\n").trim() };
}

/** The examples block of each token, from the sources and their conversions. */
function examplesBlocks() {
  const { converted, PACKAGE, tokens } = convertExamples();
  const byToken = {};
  for (const [file, programs] of Object.entries(converted)) {
    const { title, text, yaml } = parseSource(file, fs.readFileSync(path.join(EXAMPLES_DIR, file), "utf8"));
    const code = { ...programs, yaml };
    const fences = LANGUAGES.map((language) => `\`\`\`${language}\n${code[language].trim()}\n\`\`\``);
    const token = `${PACKAGE}:index:${file.split("/")[0]}`;
    if (!tokens.has(token))
      throw new Error(`docs/examples/${file}: the schema has no resource or function ${token}`);
    (byToken[token] ??= []).push(
      `{{% example %}}\n### ${title}\n\n${text}\n\n${fences.join("\n\n")}\n{{% /example %}}`,
    );
  }
  return Object.fromEntries(
    Object.entries(byToken).map(([token, examples]) => [
      token,
      `\n\n{{% examples %}}\n## Example Usage\n\n${examples.join("\n\n")}\n{{% /examples %}}`,
    ]),
  );
}

/** A markdown table of every `alicloud-dbs:*` setting, from the one table of settings (provider/lib/config.ts). */
function configTable() {
  const { CONFIG_KEYS, SETTINGS, settingDescription } = loadTs("provider/lib/config.ts");
  const cell = (text) => text.replace(/\|/g, "\\|");
  const rows = CONFIG_KEYS.map((name) => {
    const setting = SETTINGS[name];
    const env = setting.env.map((variable) => `\`${variable}\``).join(", ") || "—";
    const type = `${setting.type}${setting.secret ? ", secret" : ""}`;
    return `| \`alicloud-dbs:${name}\` | ${env} | ${type} | ${cell(settingDescription(setting))} |`;
  });
  return [
    "| key | environment variables | type | meaning and default |",
    "| --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

/** docs/installation-configuration.md with the text between its markers regenerated. */
function installationPage() {
  const text = fs.readFileSync(INSTALLATION, "utf8");
  const [open, close] = CONFIG_MARKERS;
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < start)
    throw new Error(`${INSTALLATION}: the markers ${open} … ${close} are missing`);
  return `${text.slice(0, start + open.length)}\n\n${configTable()}\n\n${text.slice(end)}`;
}

/** The files gen-docs owns and their wanted content, formatted as `npm run format` would. */
async function wanted() {
  const prettier = require("prettier");
  const files = [
    [EXAMPLES_JSON, JSON.stringify(examplesBlocks())],
    [INSTALLATION, installationPage()],
  ];
  return new Map(
    await Promise.all(
      files.map(async ([file, text]) => [
        file,
        await prettier.format(text, { ...(await prettier.resolveConfig(file)), filepath: file }),
      ]),
    ),
  );
}

const args = process.argv.slice(2);
if (args.some((arg) => arg !== "--check")) {
  console.error("usage: node scripts/gen-docs.js [--check]");
  process.exit(2);
}
async function main() {
  const files = await wanted();
  const stale = [...files].filter(
    ([file, text]) => !fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text,
  );
  if (args.includes("--check")) {
    if (stale.length > 0) {
      console.error(
        `${stale.map(([file]) => path.relative(root, file)).join(", ")} differ from what gen-docs writes: ` +
          "run `npm run gen-docs` (then `npm run gen-sdk`) and commit them.",
      );
      process.exit(1);
    }
    console.log(`docs match their sources (${files.size} generated files)`);
  } else {
    for (const [file, text] of stale) fs.writeFileSync(file, text);
    console.log(`gen-docs: ${stale.length} of ${files.size} generated files updated`);
  }
}

main().catch((error) => {
  console.error(`gen-docs: ${error.message}`);
  process.exit(1);
});
