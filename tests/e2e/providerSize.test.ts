// The package installed each way a user may install it, one `pulumi up` of one download each: every
// resource's stored `__provider` is one `require` of the stable provider module, under 1 KiB, in its
// inputs and its outputs. Through a symlink (`npm install <dir>`, `npm link`, a `file:` dependency, an
// npm workspace) Pulumi's serializer used to copy the provider's code instead (79 KB).
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { promisify } from "node:util";
import type { Emulator } from "../../packages/emulator/src";
import { DEFAULT_CREDENTIAL, startEmulator } from "../../packages/emulator/src";
import { FULL_DOWNLOAD_TYPE, requiredModules, resourcesOfType } from "../../tools/harness/deployment";
import { REGION } from "../support/emulatorStack";
import { installedBase, npmInstall, packedWorktree } from "../../tools/harness/installedProject";
import { pulumiCommand } from "../../tools/harness/pulumiCli";
import type { Workspace } from "../../tools/harness/workspace";
import { createWorkspace } from "../../tools/harness/workspace";

const execFileAsync = promisify(execFile);
const FIXTURE = path.join(__dirname, "fixtures", "provider-size");
const PROVIDER_MODULE = "pulumi-alicloud-dbs/dist/provider/fullBackupSetDownloadProvider.js";
const CREATE = "CreateFullBackupSetDownload";
const READ = "DescribeBackupSetDownloadTaskList";

async function newDir(parent: string, prefix: string, manifest?: object): Promise<string> {
  const dir = await fs.mkdtemp(path.join(parent, prefix));
  if (manifest) await fs.writeFile(path.join(dir, "package.json"), JSON.stringify(manifest, null, 2));
  return dir;
}

/** The package's files from its tarball, as in a checkout that was built. */
async function unpack(tarball: string, dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  await execFileAsync("tar", ["-xzf", tarball, "--strip-components=1", "-C", dir]);
}

describe("e2e: __provider stays one small require however the package is installed", function () {
  this.timeout(180_000);
  let emulator: Emulator;
  /** This process's directory of installs: outside every node_modules that holds the package. */
  let scratch: string;
  let tarball: string;
  /** The emulator package's tarball: the package depends on it, and no registry here serves it. */
  let emulatorTarball: string;
  /** A checkout of the package outside any node_modules, its runtime dependencies installed. */
  let checkout: string;
  /** A monorepo whose workspaces are the package and the program's directory, installed by npm. */
  let monorepo: string;
  const workspaces = new Map<string, Workspace>();

  before(async function () {
    this.timeout(30 * 60_000);
    // A stopped clock: the task's status cannot change between up and refresh.
    emulator = await startEmulator({ credentials: [DEFAULT_CREDENTIAL], timeScale: 0, port: 0 });
    [tarball, emulatorTarball] = await packedWorktree();
    scratch = path.dirname(await installedBase());
    checkout = path.join(await newDir(scratch, "checkout-"), "pulumi-alicloud-dbs");
    monorepo = await newDir(scratch, "monorepo-", { private: true, workspaces: ["packages/*"] });
    await Promise.all([
      pulumiCommand(),
      unpack(tarball, checkout).then(() => npmInstall(checkout, ["--omit=dev", emulatorTarball])),
      (async () => {
        await unpack(tarball, path.join(monorepo, "packages", "pulumi-alicloud-dbs"));
        await unpack(emulatorTarball, path.join(monorepo, "packages", "emulator"));
        const program = path.join(monorepo, "packages", "infra");
        await fs.mkdir(program);
        const manifest = { name: "infra", private: true, dependencies: { "pulumi-alicloud-dbs": "*" } };
        await fs.writeFile(path.join(program, "package.json"), JSON.stringify(manifest, null, 2));
        await npmInstall(monorepo, ["--omit=dev"]);
      })(),
    ]);
  });

  after(async () => {
    for (const ws of workspaces.values()) ws.dispose();
    await emulator?.close();
  });

  /**
   * Each way yields the directory the program runs below (its node_modules resolve the package); all
   * but the tarball reach the package through a symlink.
   */
  const ways: { name: string; linked: boolean; install(): Promise<string> }[] = [
    { name: "npm install ./pkg.tgz", linked: false, install: () => installedBase() },
    {
      name: "npm install <dir>",
      linked: true,
      async install() {
        const base = await newDir(scratch, "dir-", { private: true });
        await npmInstall(base, [emulatorTarball, checkout]);
        return base;
      },
    },
    {
      name: "npm link",
      linked: true,
      async install() {
        const base = await newDir(scratch, "link-", { private: true });
        // The global prefix (where `npm link` puts its first symlink) is a directory of this run.
        const env = { ...process.env, npm_config_prefix: await newDir(scratch, "npm-global-") };
        const flags = ["--no-audit", "--no-fund", "--prefer-offline", "--legacy-peer-deps"];
        await execFileAsync("npm", ["link", ...flags], { cwd: checkout, env });
        await execFileAsync("npm", ["link", ...flags, "pulumi-alicloud-dbs"], { cwd: base, env });
        return base;
      },
    },
    {
      name: "a file: dependency",
      linked: true,
      async install() {
        const base = await newDir(scratch, "file-");
        const dependencies = {
          "pulumi-alicloud-dbs": `file:${path.relative(base, checkout)}`,
          "pulumi-alicloud-dbs-emulator": `file:${emulatorTarball}`,
        };
        await fs.writeFile(path.join(base, "package.json"), JSON.stringify({ private: true, dependencies }));
        await npmInstall(base, []);
        return base;
      },
    },
    { name: "an npm workspace", linked: true, install: async () => path.join(monorepo, "packages", "infra") },
  ];

  for (const way of ways) {
    it(`${way.name}: pulumi up stores a __provider of one require, under 1 KiB, in inputs and outputs`, async () => {
      const base = await way.install();
      const resolved = path.dirname(
        createRequire(base + path.sep).resolve("pulumi-alicloud-dbs/package.json"),
      );
      const linked = !resolved.split(path.sep).includes("node_modules");
      assert.equal(linked, way.linked, `${way.name} installs the package at ${resolved}`);

      const ws = await createWorkspace({
        project: FIXTURE,
        stack: "size",
        base,
        env: {
          ALIBABA_CLOUD_DBS_ENDPOINT: emulator.url,
          ALIBABA_CLOUD_REGION_ID: REGION,
          ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_CREDENTIAL.accessKeyId,
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_CREDENTIAL.accessKeySecret,
        },
      });
      workspaces.set(way.name, ws);
      emulator.clearRequests();
      const { summary } = await ws.stack.up(ws.log);
      assert.deepEqual(summary.resourceChanges, { create: 2 });
      assert.deepEqual(
        emulator.requests.map((r) => `${r.action} ${r.statusCode}`),
        [`${CREATE} 200`],
      );

      const [resource] = resourcesOfType(await ws.state(), FULL_DOWNLOAD_TYPE);
      for (const where of ["inputs", "outputs"] as const) {
        const text = resource[where]?.__provider;
        assert.equal(typeof text, "string", `the ${where}' __provider is stored in plain text`);
        const bytes = Buffer.byteLength(String(text), "utf8");
        const what = `${way.name}: the ${where}' __provider (${bytes} bytes)`;
        assert.deepEqual(requiredModules(String(text)), [PROVIDER_MODULE], `${what} requires`);
        assert.ok(bytes < 1024, `${what} is under 1 KiB`);
      }
    });
  }

  it("npm link: refresh reads the task through the linked package, destroy forgets it without a call", async () => {
    const ws = workspaces.get("npm link");
    assert.ok(ws, "the npm link stack was created");
    emulator.clearRequests();
    const refreshed = await ws.stack.refresh(ws.log);
    assert.deepEqual(refreshed.summary.resourceChanges, { same: 2 });
    assert.deepEqual(
      emulator.requests.map((r) => `${r.action} ${r.statusCode}`),
      [`${READ} 200`],
    );

    emulator.clearRequests();
    const destroyed = await ws.stack.destroy(ws.log);
    assert.deepEqual(destroyed.summary.resourceChanges, { delete: 2 });
    assert.deepEqual(emulator.requests, []);
    assert.deepEqual(resourcesOfType(await ws.state(), FULL_DOWNLOAD_TYPE), []);
  });
});
