// A CI runner SIGKILLs the process group of `pulumi up` while the plugin creates a task with
// waitForCompletion. The plugin runs in a process group of its own, so it survives the kill: it must
// notice that its engine is gone and exit by itself within seconds, starting nothing new.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { Emulator } from "../../packages/emulator/src";
import type { EmulatorStack } from "../support/emulatorStack";
import { startEmulatorStack } from "../support/emulatorStack";
import { killEngine, processesRunning } from "../../tools/harness/hardKill";
import type { Workspace } from "../../tools/harness/workspace";

const CREATE = "CreateFullBackupSetDownload";
const STATUS = "DescribeBackupSetDownloadTaskList";
const PLUGIN = "pulumi-resource-alicloud-dbs";
/** How long the emulator holds the create's answer: the plugin is expected to be gone before it comes. */
const CREATE_DELAY_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("e2e: the alicloud-dbs plugin after its engine was killed during a create", function () {
  this.timeout(180_000);
  let emulator: Emulator;
  let ws: Workspace;
  let stack: EmulatorStack | undefined;

  before(async function () {
    this.timeout(30 * 60_000);
    stack = await startEmulatorStack({
      project: path.join(__dirname, "fixtures", "plugin-node"),
      stack: "orphan",
      installPlugin: true,
      settingsFrom: "plugin-config",
    });
    ({ emulator, ws } = stack);
  });
  after(() => stack?.dispose());

  it("exits by itself within seconds and sends no request once the engine is gone", async () => {
    emulator.injectFault({ kind: "slow", delayMs: CREATE_DELAY_MS, action: CREATE });
    const up = ws.stack.up(ws.log).then(
      () => assert.fail("pulumi up succeeded although it was killed"),
      () => undefined,
    );
    const deadline = Date.now() + 60_000;
    while (emulator.delayedRequests() === 0) {
      assert.ok(Date.now() < deadline, "pulumi up never sent the create request");
      await sleep(50);
    }
    assert.equal(processesRunning(ws.homeDir, PLUGIN).length, 1, "one plugin process during the create");
    assert.equal(killEngine(ws.homeDir), 1, "the engine was killed");
    const killedAt = Date.now();
    await up;

    while (processesRunning(ws.homeDir, PLUGIN).length > 0 && Date.now() - killedAt < 15_000)
      await sleep(100);
    const seconds = (Date.now() - killedAt) / 1000;
    const left = processesRunning(ws.homeDir, PLUGIN).length;
    console.log(`      plugin processes left: ${left}, ${seconds.toFixed(1)} s after the engine was killed`);
    assert.equal(left, 0, "the plugin is still running 15 s after its engine was killed");
    assert.ok(seconds < 5, `the plugin took ${seconds} s to exit`);

    // The emulator acts on the held create after the plugin is gone: one task, and nobody polls it.
    await sleep(CREATE_DELAY_MS + 2_000);
    assert.equal(emulator.requestsFor(CREATE).length, 1, "creates the emulator received");
    assert.equal(emulator.requestsFor(STATUS).length, 0, "status polls after the engine was killed");
    assert.equal(emulator.tasks().length, 1);
  });
});
