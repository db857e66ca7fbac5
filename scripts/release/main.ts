/**
 * `npm run release`: writes dist/release/ with everything a release publishes, all at the version of
 * package.json (the schema and the generated SDKs must say the same: `npm run gen-sdk` writes them):
 *
 * - pulumi-resource-alicloud-dbs-v<version>-<os>-<arch>.tar.gz: the plugin as a single executable
 *   (singleExecutable.ts) for every platform buildable here, and checksums.txt (SHA-256) of every file;
 * - the npm packages: pulumi-alicloud-dbs (`npm pack`, which builds), every npm workspace of the
 *   repository (the emulator's own package, once it is one), and the Node.js SDK pulumi-alicloud-dbs-sdk;
 * - the Python SDK's wheel and sdist (pulumi_alicloud_dbs);
 * - go/: the Go SDK as a module version in a Go proxy's file layout (goModule.ts).
 *
 *   npm run release -- --plugin darwin-arm64,darwin-amd64   only these platforms' archives, added to
 *                                                           dist/release/ (the release workflow's macOS job)
 *   npm run release -- --checksums                          only checksums.txt, of what dist/release/ holds
 */
import { promises as fs, readdirSync, readFileSync, statSync } from "node:fs";
import { createHash } from "node:crypto";
import * as os from "node:os";
import * as path from "node:path";
import { pluginSchema } from "../../provider/plugin/schema";
import { VERSION } from "../../provider/plugin/version";
import { pythonTool, run } from "./cachedTools";
import { writeGoModuleVersion } from "./goModule";
import { PLUGIN_RELEASE } from "./lastRelease";
import type { PackageSchema } from "./schemaCompatibility";
import { compatibilityFailures } from "./schemaCompatibility";
import { buildablePlatforms, buildArchive, PLATFORMS } from "./singleExecutable";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const RELEASE_DIR = path.join(REPO_ROOT, "dist", "release");
const SDK_DIR = path.join(REPO_ROOT, "sdk");
const USAGE = "usage: npm run release [-- --plugin <os>-<arch>[,...] | --checksums]";
const PYTHON_BUILD = ["build==1.6.1", "setuptools==84.2.1"];

const { bundlePlugin } = require(path.join(REPO_ROOT, "scripts", "build-plugin.js")) as {
  bundlePlugin(): { executable: string };
};
const { packNodeSdk } = require(path.join(REPO_ROOT, "scripts", "pack-node-sdk.js")) as {
  packNodeSdk(destDir: string): string;
};

function log(message: string): void {
  console.error(`[release] ${message}`);
}

function rootManifest(): { version: string; workspaces?: string[] } {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    version: string;
    workspaces?: string[];
  };
}

function packageVersion(): string {
  return rootManifest().version;
}

/**
 * What the schema, the SDKs and the workspace packages say their version and plugin server are, by
 * file (setup.py and the workspaces name no server).
 */
function sdkFacts(): { file: string; version?: string; server?: string | null }[] {
  const json = (file: string): Record<string, unknown> =>
    JSON.parse(readFileSync(path.join(SDK_DIR, file), "utf8")) as Record<string, unknown>;
  const workspaces = rootManifest().workspaces ?? [];
  const schema = json("schema.json");
  const nodePackage = json("nodejs/package.json") as { version?: string; pulumi?: Record<string, string> };
  const setup = /^VERSION = "(.*)"$/m.exec(readFileSync(path.join(SDK_DIR, "python", "setup.py"), "utf8"));
  return [
    {
      file: "sdk/schema.json",
      version: schema.version as string,
      server: schema.pluginDownloadURL as string,
    },
    { file: "sdk/nodejs/package.json", version: nodePackage.version, server: nodePackage.pulumi?.server },
    { file: "sdk/python/setup.py", version: setup?.[1], server: null },
    ...["python/pulumi_alicloud_dbs/pulumi-plugin.json", "go/aliclouddbs/pulumi-plugin.json"].map((file) => {
      const plugin = json(file);
      return { file: `sdk/${file}`, version: plugin.version as string, server: plugin.server as string };
    }),
    ...workspaces.map((dir) => {
      const file = path.join(dir, "package.json");
      const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, file), "utf8")) as { version: string };
      return { file, version, server: null };
    }),
  ];
}

/**
 * Fails, naming the files, when the plugin, the schema or an SDK is of another version than package.json,
 * or names another plugin server than the plugin's schema (provider/plugin/schema.ts).
 */
function checkSdks(version: string): void {
  const { pluginDownloadURL: server } = pluginSchema(VERSION);
  const wrong = sdkFacts().filter(
    (fact) => fact.version !== version || (fact.server !== null && fact.server !== server),
  );
  if (VERSION !== version) wrong.unshift({ file: "provider/plugin/version.ts", version: VERSION, server });
  if (wrong.length === 0) return;
  const lines = wrong.map((f) => `  ${f.file}: version ${f.version}, plugin server ${f.server ?? "none"}`);
  throw new Error(
    `package.json is version ${version} and the plugin's server ${server}, but\n${lines.join("\n")}\n` +
      "Set provider/plugin/version.ts to package.json's version and run `npm run gen-sdk`.",
  );
}

/** The schema sdk/schema.json of the last plugin release, from git history. */
export async function lastPluginSchema(): Promise<PackageSchema> {
  const { commit, version } = PLUGIN_RELEASE;
  await run("git", ["cat-file", "-e", `${commit}^{commit}`], { cwd: REPO_ROOT }).catch(() => {
    throw new Error(
      `commit ${commit} (plugin release ${version}) is not in this clone's history: \`git fetch --unshallow\``,
    );
  });
  return JSON.parse(
    await run("git", ["show", `${commit}:sdk/schema.json`], { cwd: REPO_ROOT }),
  ) as PackageSchema;
}

/**
 * What sdk/schema.json breaks for users of the last plugin release; empty when nothing does or the
 * major version changes (schemaCompatibility.ts).
 */
export async function schemaCompatibilityFailures(): Promise<string[]> {
  const now = JSON.parse(readFileSync(path.join(SDK_DIR, "schema.json"), "utf8")) as PackageSchema & {
    version: string;
  };
  return compatibilityFailures({ version: PLUGIN_RELEASE.version, schema: await lastPluginSchema() }, now);
}

async function npmPackages(dir: string): Promise<void> {
  log("npm pack (builds the package)");
  await run("npm", ["pack", "--pack-destination", dir], { cwd: REPO_ROOT });
  // The repository's own workspace packages, such as the emulator's.
  if (rootManifest().workspaces?.length) {
    await run("npm", ["pack", "--workspaces", "--pack-destination", dir], { cwd: REPO_ROOT });
  }
  packNodeSdk(dir);
}

async function pythonPackages(dir: string): Promise<void> {
  log("Python wheel and sdist");
  const python = await pythonTool("python-build", PYTHON_BUILD);
  // A copy: the build writes build/ and *.egg-info next to the sources.
  const source = await fs.mkdtemp(path.join(os.tmpdir(), "python-sdk-"));
  try {
    await fs.cp(path.join(SDK_DIR, "python"), source, { recursive: true });
    await run(python, ["-m", "build", "--no-isolation", "--sdist", "--wheel", "--outdir", dir, source]);
  } finally {
    await fs.rm(source, { recursive: true, force: true });
  }
}

async function goModule(version: string, dir: string): Promise<void> {
  log("Go module version");
  const moduleDir = path.join(SDK_DIR, "go");
  const files = readdirSync(moduleDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      path.relative(moduleDir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"),
    )
    .sort();
  await writeGoModuleVersion(moduleDir, files, version, path.join(dir, "go"), new Date());
}

async function pluginArchives(version: string, platforms: string[], dir: string): Promise<void> {
  const { executable } = bundlePlugin();
  const bundle = `${executable}.js`;
  for (const platform of platforms) {
    const started = Date.now();
    const archive = await buildArchive(bundle, version, platform, dir);
    log(`${path.basename(archive)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

/** checksums.txt: `sha256sum` lines of every file of dist/release/ (not of go/, which Go checks itself). */
async function writeChecksums(dir: string): Promise<void> {
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name !== "checksums.txt")
    .map((entry) => entry.name)
    .sort();
  const lines = await Promise.all(
    names.map(async (name) => {
      const bytes = await fs.readFile(path.join(dir, name));
      return `${createHash("sha256").update(bytes).digest("hex")}  ${name}\n`;
    }),
  );
  await fs.writeFile(path.join(dir, "checksums.txt"), lines.join(""));
}

function listing(dir: string): string {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return entries
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return `${String(statSync(file).size).padStart(10)}  ${path.relative(dir, file)}`;
    })
    .sort((a, b) => a.slice(12).localeCompare(b.slice(12)))
    .join("\n");
}

/**
 * Writes a release into dir (emptied first) with the plugin archives of `platforms`; the install-by-name
 * tests make one for this machine's platform only.
 */
export async function writeRelease(dir: string, platforms: string[]): Promise<void> {
  const version = packageVersion();
  checkSdks(version);
  const breaking = await schemaCompatibilityFailures();
  if (breaking.length) {
    throw new Error(
      `the schema breaks users of plugin release ${PLUGIN_RELEASE.version} (only a new major version may):\n  ` +
        breaking.join("\n  "),
    );
  }
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  await npmPackages(dir);
  await pythonPackages(dir);
  await goModule(version, dir);
  await pluginArchives(version, platforms, dir);
  await writeChecksums(dir);
}

async function release(argv: string[]): Promise<void> {
  if (argv[0] === "--checksums" && argv.length === 1) return writeChecksums(RELEASE_DIR);
  if (argv[0] === "--plugin" && argv.length === 2) {
    const platforms = argv[1].split(",");
    const unknown = platforms.filter((platform) => !(platform in PLATFORMS));
    if (unknown.length) throw new Error(`unknown platform ${unknown.join(", ")}; ${USAGE}`);
    await fs.mkdir(RELEASE_DIR, { recursive: true });
    await pluginArchives(packageVersion(), platforms, RELEASE_DIR);
    return writeChecksums(RELEASE_DIR);
  }
  if (argv.length) throw new Error(`${USAGE}; got: ${argv.join(" ")}`);
  await writeRelease(RELEASE_DIR, buildablePlatforms());
  console.log(`dist/release/ (version ${packageVersion()}), bytes:\n${listing(RELEASE_DIR)}`);
  const missing = Object.keys(PLATFORMS).filter((platform) => !buildablePlatforms().includes(platform));
  if (missing.length)
    log(`not built here (no Node binary for them on the npm registry): ${missing.join(", ")}`);
}

export async function runRelease(argv: string[]): Promise<number> {
  const started = Date.now();
  try {
    await release(argv);
    log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return 0;
  } catch (error) {
    console.error(`release FAILED: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
