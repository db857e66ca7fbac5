/**
 * I/O: the generated SDKs (sdk/) made ready the way each language's user installs them, for the e2e
 * programs of examples/{go,python,typescript-plugin} and the SDK build checks. What takes seconds is
 * cached in the cache root of installedProject.ts, keyed by the content of what it is made from, so
 * a changed SDK or program is rebuilt and an unchanged one costs nothing:
 *
 * - Go: the program built ahead (`go build`), which the Go host runs through PULUMI_LANGUAGE_GO_BINARY
 *   instead of building it before every pulumi command.
 * - Python: a virtualenv holding the SDK installed by `pip install`, layered on the shared one of
 *   tools/toolchain/provision-python.sh (pulumi 3.248.0 from PyPI) by a .pth file, so that pip installs only the
 *   SDK and what pulumi does not already bring, and the shared virtualenv is never written to.
 * - Node.js: the SDK packed by scripts/pack-node-sdk.js (npm run pack-sdk), installed by npm into a
 *   base of its own, like the package's in installedProject.ts.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, promises as fs, readdirSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { run } from "../../scripts/release/cachedTools";
import { cachedDir, cacheRoot, installBase } from "../../tools/harness/installedProject";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const SDK_DIR = path.join(REPO_ROOT, "sdk");
const execFileAsync = promisify(execFile);
/** What the SDKs' own .gitignore files leave out: a local build's output. */
const BUILD_OUTPUT = /^(node_modules|bin|build|dist|__pycache__|.*\.egg-info)$/;

/**
 * Type-checks `files` (in `dir`, which has no node_modules above it) with tsc, strict, against this
 * repository's packages by name: the npm package, the emulator, the generated Node.js SDK and Pulumi.
 */
export async function typeCheck(dir: string, files: string[]): Promise<void> {
  const tsconfig = path.join(dir, "tsconfig.json");
  const compilerOptions = {
    strict: true,
    noEmit: true,
    target: "ES2022",
    module: "commonjs",
    moduleResolution: "node",
    esModuleInterop: true,
    skipLibCheck: true,
    typeRoots: [path.join(REPO_ROOT, "node_modules", "@types")],
    types: ["node"],
    baseUrl: REPO_ROOT,
    paths: {
      "pulumi-alicloud-dbs": ["provider/index.ts"],
      "pulumi-alicloud-dbs/emulator": ["packages/emulator/src/index.ts"],
      "pulumi-alicloud-dbs-emulator": ["packages/emulator/src/index.ts"],
      "pulumi-alicloud-dbs-sdk": [path.relative(REPO_ROOT, path.join(SDK_DIR, "nodejs", "index.ts"))],
      "@pulumi/pulumi": ["node_modules/@pulumi/pulumi"],
      "@pulumi/pulumi/*": ["node_modules/@pulumi/pulumi/*"],
    },
  };
  await fs.writeFile(tsconfig, JSON.stringify({ compilerOptions, files }));
  await run(path.join(REPO_ROOT, "node_modules", ".bin", "tsc"), ["-p", tsconfig]);
}

/** Paths (relative, with /) of the files under dir, without build output, sorted. */
function sourceFiles(dir: string, topLevelOnly = false): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: !topLevelOnly })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .filter((file) => !file.split("/").some((part) => BUILD_OUTPUT.test(part)))
    .sort();
}

/** A short digest of the files under each dir (names and bytes) and of the extra strings. */
function contentKey(dirs: { dir: string; topLevelOnly?: boolean }[], extra: string[]): string {
  const hash = createHash("sha256");
  for (const { dir, topLevelOnly } of dirs) {
    for (const file of sourceFiles(dir, topLevelOnly)) {
      hash.update(`${path.relative(REPO_ROOT, dir)}/${file}\0`).update(readFileSync(path.join(dir, file)));
    }
  }
  for (const value of extra) hash.update(`\0${value}`);
  return hash.digest("hex").slice(0, 16);
}

const UNUSED_FOR_MS = 7 * 24 * 3600_000;

/** Deletes the entries of a cache kind not used for a week (a Go program is 37 MB), and stale partials. */
async function pruneUnused(kindDir: string): Promise<void> {
  const now = Date.now();
  for (const name of await fs.readdir(kindDir)) {
    const entry = path.join(kindDir, name);
    const modified = await fs.stat(entry).then(
      (stat) => stat.mtimeMs,
      () => now,
    ); // gone meanwhile
    if (now - modified > (name.includes(".partial-") ? 3600_000 : UNUSED_FOR_MS)) {
      rmSync(entry, { recursive: true, force: true });
    }
  }
}

/**
 * The cached directory `<cache root>/<kind>/<key>`, made by `make` in a temp sibling that is renamed
 * into place when complete: an interrupted run leaves nothing that looks ready.
 */
async function cached(kind: string, key: string, make: (dir: string) => Promise<void>): Promise<string> {
  const dir = path.join(cacheRoot(), kind, key);
  await fs.mkdir(path.dirname(dir), { recursive: true });
  await pruneUnused(path.dirname(dir));
  if (existsSync(dir)) {
    const now = new Date();
    await fs.utimes(dir, now, now); // its last use, for pruneUnused
  }
  return cachedDir(kind, key, make);
}

// ---- Go

export const GO_EXAMPLE = path.join(REPO_ROOT, "examples", "go");
const GO_MODULE = "github.com/pulumi-alicloud-dbs/pulumi-alicloud-dbs/sdk/go";

/** Go, or an error saying to install it. */
export async function goVersion(): Promise<string> {
  try {
    return (await execFileAsync("go", ["version"])).stdout.trim();
  } catch {
    throw new Error("Go is needed for the Go SDK and examples/go: install Go >= 1.25.11 and put it on PATH");
  }
}

/** The flags of the CLI's own build (provision-pulumi-cli.sh): the Pulumi SDK compiled for it is reused. */
const GO_BUILD_ENV = { ...process.env, CGO_ENABLED: "0" };
const GO_BUILD_FLAGS = ["-trimpath", "-tags", "osusergo,grpcnotrace"];

/** examples/go built against sdk/go, as the path of its executable. */
export async function goProgram(): Promise<string> {
  const key = contentKey(
    [{ dir: GO_EXAMPLE, topLevelOnly: true }, { dir: path.join(SDK_DIR, "go") }],
    [await goVersion(), ...GO_BUILD_FLAGS],
  );
  const dir = await cached("go-programs", key, async (out) => {
    await run("go", ["build", ...GO_BUILD_FLAGS, "-o", path.join(out, "program"), "."], {
      cwd: GO_EXAMPLE,
      env: GO_BUILD_ENV,
    });
  });
  return path.join(dir, "program");
}

/**
 * A copy of examples/go outside the checkout: its go.mod's replace of the SDK module pointed at this
 * checkout's sdk/go (the Go host runs `go list -m all` there before every program run).
 */
export async function pointGoSdkReplace(projectDir: string): Promise<void> {
  await run("go", ["mod", "edit", `-replace=${GO_MODULE}=${path.join(SDK_DIR, "go")}`], { cwd: projectDir });
}

// ---- Python

export const PYTHON_EXAMPLE = path.join(REPO_ROOT, "examples", "python");
let sharedVenv: Promise<string> | undefined;

/** The virtualenv of tools/toolchain/provision-python.sh (pulumi from PyPI), made once per machine. */
export function sharedPythonVenv(): Promise<string> {
  sharedVenv ??= (async () => {
    const script = path.join(REPO_ROOT, "tools", "toolchain", "provision-python.sh");
    const stdout = await run("bash", [script]).catch((error: Error) => {
      throw new Error(`${error.message}\nInstall Python >= 3.9 with venv, or set PYTHON to one.`);
    });
    return stdout.trim().split("\n").pop() ?? "";
  })();
  return sharedVenv;
}

async function sitePackages(python: string): Promise<string[]> {
  const out = await run(python, ["-c", "import json, site; print(json.dumps(site.getsitepackages()))"]);
  return JSON.parse(out) as string[];
}

/**
 * Makes a virtualenv at dir that sees the shared one's packages (pulumi, pip, setuptools), then runs
 * `pip install` with pipArgs in it. Returns its python.
 */
export async function layeredVenv(dir: string, pipArgs: string[]): Promise<string> {
  const sharedPython = path.join(await sharedPythonVenv(), "bin", "python");
  await run(sharedPython, ["-m", "venv", "--without-pip", dir]);
  const python = path.join(dir, "bin", "python");
  const [own] = await sitePackages(python);
  await fs.writeFile(
    path.join(own, "pulumi-alicloud-dbs-shared.pth"),
    `${(await sitePackages(sharedPython)).join("\n")}\n`,
  );
  await run(python, ["-m", "pip", "install", "--no-input", "--disable-pip-version-check", ...pipArgs]);
  return python;
}

/** layeredVenv with sdk/python installed (from a copy: pip writes build/ and *.egg-info next to the sources). */
async function venvWithSdk(dir: string): Promise<string> {
  const source = await fs.mkdtemp(path.join(os.tmpdir(), "python-sdk-"));
  try {
    await fs.cp(path.join(SDK_DIR, "python"), source, { recursive: true });
    return await layeredVenv(dir, [source]);
  } finally {
    rmSync(source, { recursive: true, force: true });
  }
}

/** The python of a cached virtualenv holding sdk/python (venvWithSdk). */
export async function pythonWithSdk(): Promise<string> {
  const sharedPython = path.join(await sharedPythonVenv(), "bin", "python");
  const key = contentKey([{ dir: path.join(SDK_DIR, "python") }], [sharedPython]);
  const dir = await cached("python-programs", key, async (out) => void (await venvWithSdk(out)));
  return path.join(dir, "bin", "python");
}

// ---- Node.js

export const TYPESCRIPT_EXAMPLE = path.join(REPO_ROOT, "examples", "typescript-plugin");
const { packNodeSdk } = require(path.join(REPO_ROOT, "scripts", "pack-node-sdk.js")) as {
  packNodeSdk(destDir: string): string;
};
let nodeBase: Promise<string> | undefined;

/** A base (installedProject.ts) whose node_modules holds the packed Node.js SDK, once per process. */
export function nodeSdkBase(): Promise<string> {
  nodeBase ??= (async () => {
    const typescript = (require("typescript/package.json") as { version: string }).version;
    const key = contentKey([{ dir: path.join(SDK_DIR, "nodejs") }], [typescript]);
    const dir = await cached("node-sdk", key, async (out) => void packNodeSdk(out));
    const [tarball] = await fs.readdir(dir);
    return installBase(path.join(dir, tarball));
  })();
  return nodeBase;
}
