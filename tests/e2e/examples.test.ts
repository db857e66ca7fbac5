// examples/latest-full-backup through the real CLI against the emulator: the lookup finds the newest
// finished set of the plan, the download waits for completion, and the URL comes out as a secret.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { Emulator } from "../../emulator";
import type { EmulatorStack } from "../support/emulatorStack";
import { startEmulatorStack } from "../support/emulatorStack";
import type { PulumiWorkspace } from "../support/pulumiCli";

const TIME_SCALE = 600;

describe("e2e: examples/latest-full-backup", function () {
  this.timeout(180_000);
  let emulator: Emulator;
  let ws: PulumiWorkspace;

  let stack: EmulatorStack | undefined;

  before(async function () {
    this.timeout(30 * 60_000);
    stack = await startEmulatorStack({
      projectDir: path.resolve(__dirname, "../../examples/latest-full-backup"),
      stack: "example",
      emulator: { timeScale: TIME_SCALE },
      settingsFrom: "env",
      env: { ALIBABA_CLOUD_DBS_POLL_SCALE: String(1 / TIME_SCALE) },
    });
    ({ emulator, ws } = stack);
  });

  after(() => stack?.dispose());

  it("downloads the latest finished full backup set of the plan and exports its URL as a secret", async () => {
    await ws.run(["up"]);
    const outputs = await ws.outputs();
    assert.equal(outputs.backupSetId, "dbsset0003");
    assert.equal(outputs.status, "finish");
    const [task] = emulator.tasks();
    assert.equal(emulator.tasks().length, 1);
    assert.equal(outputs.taskId, task.taskId);
    assert.deepEqual(task.params, {
      BackupSetId: "dbsset0003",
      BackupSetDataFormat: "SQL",
      ClientToken: task.clientToken,
    });
    assert.match(String(outputs.downloadUrl), new RegExp(`^https://.*${task.taskId}.*Signature=`));
    const shown = await ws.run(["stack", "output", "downloadUrl"]);
    assert.match(shown.stdout, /\[secret\]/);
    await ws.run(["destroy"]);
  });
});
