// A YAML stack created by the plugin of release 0.1.0 (built from its commit the way its users built
// it, tests/support/releaseTarball.ts), then the plugin upgraded to this checkout's build: preview, up
// and refresh must replace nothing, and only refresh may call the API (one status read per task).
//
// Both builds say version 0.1.0, as a user's rebuilt checkout does: the engine keeps one directory per
// plugin name and version, so the new build goes over the old one with `pulumi plugin install --reinstall`.
// The state's default provider then still names version 0.1.0, and the engine runs the new executable.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import type { Emulator } from "../../packages/emulator/src";
import { PLUGIN_RELEASE as RELEASE } from "../../scripts/release/lastRelease";
import { resourcesOfType } from "../../tools/harness/deployment";
import { bareBase } from "../../tools/harness/installedProject";
import { pluginBundle } from "../../tools/harness/pluginBundle";
import { pulumiCommand } from "../../tools/harness/pulumiCli";
import type { Workspace } from "../../tools/harness/workspace";
import type { EmulatorStack } from "../support/emulatorStack";
import { startEmulatorStack } from "../support/emulatorStack";
import { pluginReleaseTarball } from "../support/releaseTarball";

const FULL = "alicloud-dbs:index:FullBackupSetDownload";
const INCREMENT = "alicloud-dbs:index:IncrementBackupSetDownload";
const READ = "DescribeBackupSetDownloadTaskList";
const BUNDLE = "pulumi-resource-alicloud-dbs.js";

describe(`e2e: a YAML stack built by plugin ${RELEASE.version} (${RELEASE.commit}), upgraded to this build`, function () {
  this.timeout(180_000);
  let emulator: Emulator;
  let ws: Workspace;
  let stack: EmulatorStack | undefined;
  let oldTarball: string;
  /** Each resource's ID (its task ID) by type, as plugin 0.1.0 created it. */
  let created: Record<string, string | undefined>;

  const requests = () => emulator.requests.map((r) => `${r.action} ${r.statusCode}`);
  const ids = async () =>
    Object.fromEntries(
      await Promise.all(
        [FULL, INCREMENT].map(
          async (type) => [type, resourcesOfType(await ws.state(), type)[0]?.id] as const,
        ),
      ),
    );

  async function installPlugin(tarball: string, reinstall: boolean): Promise<void> {
    const cli = await pulumiCommand(["yaml"]);
    const args = ["plugin", "install", "resource", "alicloud-dbs", RELEASE.version, "--file", tarball];
    await promisify(execFile)(cli.command, reinstall ? [...args, "--reinstall"] : args, {
      env: { ...process.env, PULUMI_HOME: ws.homeDir, PULUMI_SKIP_UPDATE_CHECK: "true" },
    });
  }

  /** The plugin's bundle as the engine runs it from PULUMI_HOME. */
  const installedBundle = () =>
    readFileSync(path.join(ws.homeDir, "plugins", `resource-alicloud-dbs-v${RELEASE.version}`, BUNDLE));

  before(async function () {
    this.timeout(30 * 60_000);
    oldTarball = await pluginReleaseTarball(RELEASE.version, RELEASE.commit);
    stack = await startEmulatorStack({
      project: path.join(__dirname, "fixtures", "plugin-upgrade"),
      stack: "plugin-upgrade",
      // A YAML program: no npm package anywhere near it.
      base: await bareBase(),
      hosts: ["yaml"],
      // A stopped clock: a task's status cannot change between two reads.
      emulator: { timeScale: 0 },
      settingsFrom: "plugin-config",
    });
    ({ emulator, ws } = stack);
    await installPlugin(oldTarball, false);
  });

  after(() => stack?.dispose());

  it(`plugin ${RELEASE.version} creates one task of each kind`, async () => {
    const { summary } = await ws.stack.up(ws.log);
    assert.deepEqual(summary.resourceChanges, { create: 3 });
    assert.deepEqual(requests().sort(), [
      "CreateFullBackupSetDownload 200",
      "CreateIncrementBackupSetDownload 200",
    ]);
    created = await ids();
    assert.deepEqual(
      Object.values(created).sort(),
      emulator
        .tasks()
        .map((t) => t.taskId)
        .sort(),
    );
  });

  it("this build's plugin installed over it is the one the engine will run", async () => {
    const { executable, tarball, version } = pluginBundle();
    assert.equal(version, RELEASE.version);
    const before = installedBundle();
    await installPlugin(tarball, true);
    const now = installedBundle();
    assert.ok(now.equals(readFileSync(path.join(path.dirname(executable), BUNDLE))));
    assert.ok(!now.equals(before), `this build's plugin is byte for byte the one of ${RELEASE.commit}`);
  });

  it("pulumi preview with the new plugin: no change, no API call", async () => {
    emulator.clearRequests();
    const { changeSummary } = await ws.stack.preview(ws.log);
    assert.deepEqual(changeSummary, { same: 3 });
    assert.deepEqual(requests(), []);
  });

  it("pulumi up --expect-no-changes: no replacement, no API call, the same tasks", async () => {
    emulator.clearRequests();
    const { summary } = await ws.stack.up({ ...ws.log, expectNoChanges: true });
    assert.deepEqual(summary.resourceChanges, { same: 3 });
    assert.deepEqual(requests(), []);
    assert.deepEqual(await ids(), created);
  });

  it("pulumi refresh reads each task's status once and changes nothing", async () => {
    emulator.clearRequests();
    const { summary } = await ws.stack.refresh(ws.log);
    assert.deepEqual(summary.resourceChanges, { same: 3 });
    assert.deepEqual(requests(), [`${READ} 200`, `${READ} 200`]);
    assert.deepEqual(
      emulator.requests.map((r) => r.params.BackupSetDownloadTaskId).sort(),
      Object.values(created).sort(),
    );
    assert.deepEqual(await ids(), created);
  });
});
