// A user's stack built with the current release, then the package upgraded to this build: the state's
// `__provider`s require the release's stable module paths, which this build must still resolve, and
// refresh and up must see no change. The release is built from git history (tests/support/releaseTarball.ts).
import { strict as assert } from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { Emulator } from "../../packages/emulator/src";
import {
  FULL_DOWNLOAD_TYPE,
  INCREMENT_DOWNLOAD_TYPE,
  requiredModules,
  resourcesOfType,
  storedProvider,
} from "../../tools/harness/deployment";
import type { EmulatorStack } from "../support/emulatorStack";
import { startEmulatorStack } from "../support/emulatorStack";
import { installBase, npmInstall, packedWorktree } from "../../tools/harness/installedProject";
import { releaseTarball } from "../support/releaseTarball";
import { PACKAGE_RELEASE as RELEASE } from "../../scripts/release/lastRelease";
import type { Workspace } from "../../tools/harness/workspace";

const READ = "DescribeBackupSetDownloadTaskList";
const STABLE_MODULES = {
  [FULL_DOWNLOAD_TYPE]: "pulumi-alicloud-dbs/dist/provider/fullBackupSetDownloadProvider.js",
  [INCREMENT_DOWNLOAD_TYPE]: "pulumi-alicloud-dbs/dist/provider/incrementBackupSetDownloadProvider.js",
};

describe(`e2e: a stack built by release ${RELEASE.version}, upgraded to this build`, function () {
  this.timeout(180_000);
  let base: string;
  let emulator: Emulator;
  let ws: Workspace;
  let stack: EmulatorStack | undefined;
  let taskIds: string[];

  before(async function () {
    this.timeout(30 * 60_000);
    base = await installBase(await releaseTarball(RELEASE.version, RELEASE.commit));
    stack = await startEmulatorStack({
      project: path.join(__dirname, "fixtures", "upgrade"),
      stack: "upgrade",
      base,
      // A stopped clock: a task's status cannot change between two reads.
      emulator: { timeScale: 0 },
      settingsFrom: "env",
    });
    ({ emulator, ws } = stack);
  });

  after(() => stack?.dispose());

  it(`release ${RELEASE.version} creates one download of each kind, each requiring its stable module`, async () => {
    const { summary } = await ws.stack.up(ws.log);
    assert.deepEqual(summary.resourceChanges, { create: 3 });
    assert.deepEqual(emulator.requests.map((r) => `${r.action} ${r.statusCode}`).sort(), [
      "CreateFullBackupSetDownload 200",
      "CreateIncrementBackupSetDownload 200",
    ]);
    const state = await ws.state();
    for (const [type, module] of Object.entries(STABLE_MODULES)) {
      const resources = resourcesOfType(state, type);
      assert.equal(resources.length, 1, type);
      assert.deepEqual(requiredModules(storedProvider(resources[0]).text), [module]);
    }
    taskIds = emulator
      .tasks()
      .map((t) => t.taskId)
      .sort();
  });

  it("after npm install of this build, pulumi refresh reads each task once and changes nothing", async () => {
    const builds = await packedWorktree();
    await npmInstall(base, builds);
    const [build] = builds;
    const manifest = JSON.parse(readFileSync(path.join(base, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    assert.equal(manifest.dependencies["pulumi-alicloud-dbs"], `file:${path.relative(base, build)}`);
    for (const module of Object.values(STABLE_MODULES)) {
      assert.ok(
        existsSync(path.join(base, "node_modules", module)),
        `this build has no ${module}, which every stack of ${RELEASE.version} requires`,
      );
    }

    emulator.clearRequests();
    const { summary } = await ws.stack.refresh(ws.log);
    assert.deepEqual(summary.resourceChanges, { same: 3 });
    assert.deepEqual(
      emulator.requests.map((r) => `${r.action} ${r.statusCode}`),
      [`${READ} 200`, `${READ} 200`],
    );
    assert.deepEqual(emulator.requests.map((r) => r.params.BackupSetDownloadTaskId).sort(), taskIds);
  });

  it("pulumi up --expect-no-changes then makes no API call", async () => {
    emulator.clearRequests();
    const { summary } = await ws.stack.up({ ...ws.log, expectNoChanges: true });
    assert.deepEqual(summary.resourceChanges, { same: 3 });
    assert.deepEqual(emulator.requests, []);
  });
});
