// A CI runner kills `pulumi up` (SIGKILL, the whole process group) after the create request reached
// DBS but before the answer came back. The task exists; the state only has a pending create. The
// next `pulumi up` must end with exactly one task for the resource, recorded in the state.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { Emulator } from "../../emulator";
import type { EmulatorStack } from "../support/emulatorStack";
import { startEmulatorStack } from "../support/emulatorStack";
import type { PulumiWorkspace } from "../support/pulumiCli";
import { DOWNLOAD_TYPE, resourcesOfType } from "../support/pulumiCli";

const CREATE = "CreateFullBackupSetDownload";

describe("e2e: pulumi up killed right after the create request was sent", function () {
  this.timeout(180_000);
  let emulator: Emulator;
  let ws: PulumiWorkspace;

  let stack: EmulatorStack | undefined;

  before(async function () {
    this.timeout(30 * 60_000);
    stack = await startEmulatorStack({
      projectDir: path.join(__dirname, "fixtures", "multi"),
      stack: "killed",
      settingsFrom: "config",
      config: { downloads: JSON.stringify([{ name: "dl-killed", backupSetId: "dbsset0001" }]) },
    });
    ({ emulator, ws } = stack);
  });

  after(() => stack?.dispose());

  it("the re-run resolves the pending create and the emulator holds exactly one task", async () => {
    // The emulator holds the answer for 3 s, then creates the task even though nobody listens any more.
    emulator.injectFault({ kind: "slow", delayMs: 3000, action: CREATE });
    const kill = new AbortController();
    const killed = ws.run(["up"], { expectFailure: true, kill: kill.signal });
    const deadline = Date.now() + 60_000;
    while (emulator.delayedRequests() === 0) {
      assert.ok(Date.now() < deadline, "pulumi up never sent the create request");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    kill.abort();
    const first = await killed;
    assert.notEqual(first.code, 0);
    await new Promise((resolve) => setTimeout(resolve, 3500));
    assert.equal(emulator.tasks().length, 1, "the server acted on the request the CLI never heard back from");
    const [task] = emulator.tasks();

    const pending = (await ws.exportState()).deployment.pending_operations as { type: string }[] | undefined;
    console.log(
      `      state after the kill: pending operations ${JSON.stringify(pending?.map((p) => p.type))}`,
    );

    // The killed CLI could not release its lock on the stack: what a user (or the next CI job) runs.
    const locked = await ws.run(["up"], { expectFailure: true });
    assert.match(locked.stderr, /the stack is currently locked/);
    await ws.run(["cancel", "--yes", "--stack", ws.stack]);
    const rerun = await ws.run(["up"]);
    const creates = emulator.requestsFor(CREATE);
    assert.deepEqual(
      creates.map((r) => r.params.ClientToken),
      [task.clientToken, task.clientToken],
      "the re-run sent the same ClientToken",
    );
    assert.equal(emulator.tasks().length, 1, "no second task");
    const [resource] = resourcesOfType(await ws.exportState(), DOWNLOAD_TYPE);
    assert.equal(resource.id, task.taskId);
    // The engine keeps the interrupted create on record (and warns on every run) until a refresh clears it.
    const warning = /Attempting to deploy or update resources with 1 pending operations/;
    assert.match(rerun.stdout + rerun.stderr, warning);
    await ws.run(["refresh", "--clear-pending-creates", "--skip-preview"]);
    const repaired = await ws.exportState();
    assert.equal(repaired.deployment.pending_operations, undefined);
    assert.deepEqual(
      resourcesOfType(repaired, DOWNLOAD_TYPE).map((r) => r.id),
      [task.taskId],
    );
    assert.equal(emulator.tasks().length, 1);
    const clean = await ws.run(["up", "--expect-no-changes"]);
    assert.doesNotMatch(clean.stdout + clean.stderr, warning);
  });
});
