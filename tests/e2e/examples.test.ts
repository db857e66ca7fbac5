// examples/latest-full-backup, installed the way a user runs it, through the real CLI against the
// emulator: the lookup finds the newest finished set of the plan, the download waits for completion,
// and the URL comes out as a secret.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { Emulator } from "../../packages/emulator/src";
import {
  FULL_DOWNLOAD_TYPE,
  requiredModules,
  resourcesOfType,
  storedProvider,
} from "../../tools/harness/deployment";
import type { EmulatorStack } from "../support/emulatorStack";
import { startEmulatorStack } from "../support/emulatorStack";
import type { Workspace } from "../../tools/harness/workspace";

const TIME_SCALE = 600;

describe("e2e: examples/latest-full-backup", function () {
  this.timeout(180_000);
  let emulator: Emulator;
  let ws: Workspace;
  let stack: EmulatorStack | undefined;

  before(async function () {
    this.timeout(30 * 60_000);
    stack = await startEmulatorStack({
      project: path.resolve(__dirname, "../../examples/latest-full-backup"),
      stack: "example",
      emulator: { timeScale: TIME_SCALE },
      settingsFrom: "env",
      env: { ALIBABA_CLOUD_DBS_POLL_SCALE: String(1 / TIME_SCALE) },
    });
    ({ emulator, ws } = stack);
  });

  after(() => stack?.dispose());

  it("downloads the latest finished full backup set of the plan and exports its URL as a secret", async () => {
    const { outputs } = await ws.stack.up(ws.log);
    assert.equal(outputs.backupSetId.value, "dbsset0003");
    assert.equal(outputs.status.value, "finish");
    const [task] = emulator.tasks();
    assert.equal(emulator.tasks().length, 1);
    assert.equal(outputs.taskId.value, task.taskId);
    assert.deepEqual(task.params, {
      BackupSetId: "dbsset0003",
      BackupSetDataFormat: "SQL",
      ClientToken: task.clientToken,
    });
    assert.match(String(outputs.downloadUrl.value), new RegExp(`^https://.*${task.taskId}.*Signature=`));
    assert.equal(outputs.downloadUrl.secret, true);
    assert.equal(outputs.taskId.secret, false);
  });

  it("stores a __provider that requires the installed package's stable module, under 1 KiB", async () => {
    const [resource] = resourcesOfType(await ws.state(), FULL_DOWNLOAD_TYPE);
    const provider = storedProvider(resource);
    assert.deepEqual(requiredModules(provider.text), [
      "pulumi-alicloud-dbs/dist/provider/fullBackupSetDownloadProvider.js",
    ]);
    assert.ok(provider.bytes < 1024, `__provider is ${provider.bytes} bytes`);
  });

  it("pulumi destroy empties the stack without an API call", async () => {
    emulator.clearRequests();
    await ws.stack.destroy(ws.log);
    assert.deepEqual(emulator.requests, []);
    assert.deepEqual((await ws.state()).resources ?? [], []);
  });
});
