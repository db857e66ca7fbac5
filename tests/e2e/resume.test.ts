// A wait that times out leaves the task in the state, marked as failed to initialize. The next
// `pulumi up` makes the engine update that resource: the provider waits for the same task again
// instead of creating another one.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { Emulator } from "../../packages/emulator/src";
import { FULL_DOWNLOAD_TYPE, resourcesOfType } from "../../tools/harness/deployment";
import type { EmulatorStack } from "../support/emulatorStack";
import { startEmulatorStack } from "../support/emulatorStack";
import type { Workspace } from "../../tools/harness/workspace";

const CREATE = "CreateFullBackupSetDownload";

describe("e2e: a timed-out wait is resumed by the next pulumi up", function () {
  this.timeout(180_000);
  let emulator: Emulator;
  let ws: Workspace;
  let stack: EmulatorStack | undefined;

  before(async function () {
    this.timeout(30 * 60_000);
    stack = await startEmulatorStack({
      project: path.join(__dirname, "fixtures", "resume"),
      stack: "resume",
      // Real time: the task checks for 1 s and runs for 12 s.
      emulator: { checkingMs: 1000, downloadDurationMs: 12_000 },
      settingsFrom: "env",
      env: { ALIBABA_CLOUD_DBS_POLL_SCALE: "0.25" },
      config: { timeoutMinutes: "0.05" },
    });
    ({ emulator, ws } = stack);
  });

  after(() => stack?.dispose());

  it("keeps the task after the timeout, then finishes the same task", async () => {
    const first = await ws.stack.up(ws.log).then(
      () => assert.fail("the first pulumi up succeeded"),
      (error: Error) => error,
    );
    assert.match(first.message, /timeoutMinutes/);
    const [task] = emulator.tasks();
    assert.equal(emulator.tasks().length, 1);
    const [recorded] = resourcesOfType(await ws.state(), FULL_DOWNLOAD_TYPE);
    assert.equal(recorded.id, task.taskId, "the timed-out task is in the state");
    assert.equal(recorded.outputs?.backupSetDownloadTaskId, task.taskId);

    await ws.stack.setConfig("timeoutMinutes", { value: "2" });
    const second = await ws.stack.up(ws.log);
    assert.deepEqual(second.summary.resourceChanges, { update: 1, same: 1 });
    assert.equal(emulator.requestsFor(CREATE).length, 1, "no second create");
    assert.equal(emulator.tasks().length, 1);
    assert.equal(second.outputs.taskId.value, task.taskId);
    assert.equal(second.outputs.status.value, "finish");

    const third = await ws.stack.up({ ...ws.log, expectNoChanges: true });
    assert.deepEqual(third.summary.resourceChanges, { same: 2 });
  });
});
