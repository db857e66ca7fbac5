/**
 * This package the way a user gets it: the worktree `npm pack`ed once per process (which runs the build)
 * and installed with npm into a base directory. Projects run from sub-directories of a base, so Node's
 * resolution walks up to its node_modules: one install serves every project of the process.
 *
 * What the package needs beside it at run time (@pulumi/pulumi, typescript, ts-node: 115 MB in 8,600
 * files) is installed once per machine into a cache directory that holds the bases of every process, so
 * resolution finds it one level further up. Installing those packages took 15-28 s per process here,
 * and deleting them again 18-30 s; the package itself installs in about 5 s.
 */
import { execFile } from "node:child_process";
import { existsSync, promises as fs, readdirSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const execFileAsync = promisify(execFile);
const PACKAGE = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
};

/** The runtime packages at the versions this repository runs on, e.g. "@pulumi/pulumi@3.248.0". */
const RUNTIME_PACKAGES = ["@pulumi/pulumi", "typescript", "ts-node"].map((name) => {
  const manifest = path.join(REPO_ROOT, "node_modules", name, "package.json");
  return `${name}@${(JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version}`;
});

/** Shared with tools/toolchain/provision-pulumi-cli.sh. */
export function cacheRoot(): string {
  const xdg = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache");
  return process.env.PULUMI_CLI_CACHE ?? path.join(xdg, "pulumi-alicloud-dbs");
}

let scratch: string | undefined;
let scratchReady: Promise<string> | undefined;
let tarballs: Promise<string[]> | undefined;
let sharedBase: Promise<string> | undefined;

/** `npm install` in dir, e.g. of a newer tarball of this package to upgrade a base. */
export async function npmInstall(dir: string, specs: string[]): Promise<void> {
  // --legacy-peer-deps: @pulumi/pulumi, the package's peer, is the runtime directory's, further up.
  await execFileAsync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", "--legacy-peer-deps", ...specs],
    { cwd: dir },
  );
}

/**
 * `<cache root>/<kind>/<name>`, made by `make` in a temp sibling that is renamed into place when
 * complete: an interrupted run leaves nothing that looks ready, and of two runs at once the first to
 * finish wins.
 */
export async function cachedDir(
  kind: string,
  name: string,
  make: (dir: string) => Promise<void>,
): Promise<string> {
  const dir = path.join(cacheRoot(), kind, name);
  if (existsSync(dir)) return dir;
  await fs.mkdir(path.dirname(dir), { recursive: true });
  const partial = await fs.mkdtemp(`${dir}.partial-`);
  try {
    await make(partial);
    await fs.rename(partial, dir).catch((error: unknown) => {
      if (!existsSync(dir)) throw error; // else a concurrent run finished first
    });
    return dir;
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}

function runtimeDir(): Promise<string> {
  const name = RUNTIME_PACKAGES.map((spec) => spec.replace(/^@/, "").replace(/[@/]/g, "-")).join("+");
  return cachedDir("node-runtime", name, async (partial) => {
    await fs.writeFile(path.join(partial, "package.json"), JSON.stringify({ private: true }));
    await npmInstall(partial, RUNTIME_PACKAGES);
  });
}

/** Deletes the process directories of processes that are gone (killed before they could clean up). */
function pruneRuns(runs: string): void {
  for (const name of readdirSync(runs)) {
    const pid = Number(/^run-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      rmSync(path.join(runs, name), { recursive: true, force: true });
    }
  }
}

/** This process's directory for tarballs and bases, removed when it exits (or by removeInstalled). */
function scratchDir(): Promise<string> {
  scratchReady ??= (async () => {
    const runs = path.join(await runtimeDir(), "runs");
    await fs.mkdir(runs, { recursive: true });
    pruneRuns(runs);
    scratch = await fs.mkdtemp(path.join(runs, `run-${process.pid}-`));
    process.once("exit", removeInstalled);
    return scratch;
  })();
  return scratchReady;
}

/** Deletes this process's tarball and bases. */
export function removeInstalled(): void {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = scratchReady = tarballs = sharedBase = undefined;
}

/**
 * The `npm pack` tarballs of this worktree, built once per process: this package's first, then the workspace
 * packages it depends on (the emulator), which are not on a registry.
 */
export function packedWorktree(): Promise<string[]> {
  tarballs ??= (async () => {
    const dir = await fs.mkdtemp(path.join(await scratchDir(), "pack-"));
    // `npm pack` runs each package's `prepack` (its build), so the tarballs hold fresh dist/ directories. The
    // builds print to the same stdout, so the tarballs are found as the files of the new directory.
    await execFileAsync(
      "npm",
      ["pack", "--workspaces", "--include-workspace-root", "--pack-destination", dir],
      {
        cwd: REPO_ROOT,
      },
    );
    const own = `${PACKAGE.name}-${PACKAGE.version}.tgz`;
    const filenames = (await fs.readdir(dir)).filter((name) => name.endsWith(".tgz"));
    if (!filenames.includes(own)) throw new Error(`npm pack wrote no ${own} into ${dir}`);
    return [own, ...filenames.filter((name) => name !== own)].map((name) => path.join(dir, name));
  })();
  return tarballs;
}

/** The base this process's projects share: the worktree's tarballs, installed once. */
export function installedBase(): Promise<string> {
  sharedBase ??= (async () => installBase(...(await packedWorktree())))();
  return sharedBase;
}

/** A new base directory with nothing installed: its projects install what they need themselves. */
export async function bareBase(): Promise<string> {
  return fs.mkdtemp(path.join(await scratchDir(), "base-"));
}

/** A new base directory with `packageTarballs` installed by npm. */
export async function installBase(...packageTarballs: string[]): Promise<string> {
  const dir = await fs.mkdtemp(path.join(await scratchDir(), "base-"));
  await fs.writeFile(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "alicloud-dbs-installed", private: true }, null, 2),
  );
  await npmInstall(dir, packageTarballs);
  return dir;
}
