// A stack made with the dynamic resources moves to the provider plugin: the program declares the
// plugin's types with an alias to each old type. The move replaces nothing and calls no API, every
// task keeps its ID and ClientToken, and a refresh then drops the serialized provider from the state.
import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { Emulator } from "../../packages/emulator/src";
import { FULL_DOWNLOAD_TYPE, INCREMENT_DOWNLOAD_TYPE, resourcesOfType } from "../../tools/harness/deployment";
import type { EmulatorStack } from "../support/emulatorStack";
import { REGION, startEmulatorStack } from "../support/emulatorStack";
import type { StateResource, Workspace } from "../../tools/harness/workspace";

const PLUGIN_TYPES = {
  [FULL_DOWNLOAD_TYPE]: "alicloud-dbs:index:FullBackupSetDownload",
  [INCREMENT_DOWNLOAD_TYPE]: "alicloud-dbs:index:IncrementBackupSetDownload",
};
const FIXTURE = path.join(__dirname, "fixtures", "migration");

describe("e2e: moving a stack from the dynamic resources to the plugin", function () {
  this.timeout(180_000);
  let emulator: Emulator;
  let ws: Workspace;
  let stack: EmulatorStack | undefined;
  let dynamic: StateResource[];

  before(async function () {
    this.timeout(30 * 60_000);
    stack = await startEmulatorStack({
      project: FIXTURE,
      stack: "migration",
      hosts: ["yaml"],
      installPlugin: true,
      settingsFrom: "config",
    });
    ({ emulator, ws } = stack);
    await ws.stack.up(ws.log);
    const state = await ws.state();
    dynamic = [
      ...resourcesOfType(state, FULL_DOWNLOAD_TYPE),
      ...resourcesOfType(state, INCREMENT_DOWNLOAD_TYPE),
    ];
    assert.equal(dynamic.length, 2);
    assert.equal(emulator.tasks().length, 2);
  });
  after(() => stack?.dispose());

  it("pulumi up with the plugin's types and aliases replaces nothing and makes no API call", async () => {
    // The steps of the README: the plugin reads its own config namespace, then the program changes.
    await ws.stack.setAllConfig({
      "alicloud-dbs:region": { value: REGION },
      "alicloud-dbs:accessKey": { value: (await ws.stack.getConfig("alicloud:accessKey")).value },
      "alicloud-dbs:secretKey": {
        value: (await ws.stack.getConfig("alicloud:secretKey")).value,
        secret: true,
      },
    });
    await fs.copyFile(path.join(FIXTURE, "plugin", "Pulumi.yaml"), path.join(ws.projectDir, "Pulumi.yaml"));
    emulator.clearRequests();
    const preview = await ws.stack.preview(ws.log);
    assert.deepEqual(preview.changeSummary, { same: 3 });
    const { summary, outputs } = await ws.stack.up(ws.log);
    assert.deepEqual(summary.resourceChanges, { same: 3 });
    assert.deepEqual(emulator.requests, []);
    assert.equal(emulator.tasks().length, 2);

    const state = await ws.state();
    for (const old of dynamic) {
      const [moved] = resourcesOfType(state, PLUGIN_TYPES[old.type as keyof typeof PLUGIN_TYPES]);
      assert.ok(moved, `${old.type} moved to the plugin's type`);
      assert.equal(moved.id, old.id);
      assert.equal(moved.inputs?.clientToken, old.inputs?.clientToken, "the task keeps its token");
      assert.equal(moved.inputs?.__provider, undefined);
      assert.match(String(moved.provider), /::pulumi:providers:alicloud-dbs::default/);
    }
    assert.equal(
      resourcesOfType(state, FULL_DOWNLOAD_TYPE).length +
        resourcesOfType(state, INCREMENT_DOWNLOAD_TYPE).length,
      0,
    );
    assert.deepEqual(
      [outputs.fullTaskId.value, outputs.binlogTaskId.value].sort(),
      dynamic.map((r) => r.id).sort(),
    );
  });

  it("pulumi refresh then leaves no __provider in the state, reading each task once", async () => {
    emulator.clearRequests();
    await ws.stack.refresh(ws.log);
    assert.deepEqual(
      emulator.requests.map((r) => r.action),
      ["DescribeBackupSetDownloadTaskList", "DescribeBackupSetDownloadTaskList"],
    );
    const text = JSON.stringify(await ws.state());
    assert.ok(!text.includes("__provider"), "no resource keeps a serialized provider");
    const { summary } = await ws.stack.up({ ...ws.log, expectNoChanges: true });
    assert.deepEqual(summary.resourceChanges, { same: 3 });
  });
});
