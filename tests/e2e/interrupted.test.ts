// A CI runner kills `pulumi up` (SIGKILL, every process of the job) after the create request reached
// DBS but before the answer came back. The task exists; the state only has a pending create. The
// next `pulumi up` must end with exactly one task for the resource, recorded in the state.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { Emulator } from "../../packages/emulator/src";
import { FULL_DOWNLOAD_TYPE, resourceName, resourcesOfType } from "../../tools/harness/deployment";
import type { EmulatorStack } from "../support/emulatorStack";
import { startEmulatorStack } from "../support/emulatorStack";
import { hardKill } from "../../tools/harness/hardKill";
import type { Workspace } from "../../tools/harness/workspace";

const CREATE = "CreateFullBackupSetDownload";
/** The engine keeps the interrupted create on record (and warns on every run) until a refresh clears it. */
const PENDING_WARNING = /Attempting to deploy or update resources with 1 pending operations/;

/** The error an operation rejected with; fails if it succeeded. */
async function failure(operation: Promise<unknown>): Promise<Error> {
  return operation.then(
    () => assert.fail("the operation succeeded"),
    (error: Error) => error,
  );
}

describe("e2e: pulumi up killed right after the create request was sent", function () {
  this.timeout(180_000);
  let emulator: Emulator;
  let ws: Workspace;
  let stack: EmulatorStack | undefined;

  before(async function () {
    this.timeout(30 * 60_000);
    stack = await startEmulatorStack({
      project: path.join(__dirname, "fixtures", "multi"),
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
    const killed = failure(ws.stack.up(ws.log));
    const deadline = Date.now() + 60_000;
    while (emulator.delayedRequests() === 0) {
      assert.ok(Date.now() < deadline, "pulumi up never sent the create request");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(hardKill(ws.homeDir) >= 3, "the engine, the language host and the plugins were killed");
    await killed;
    await new Promise((resolve) => setTimeout(resolve, 3500));
    assert.equal(emulator.tasks().length, 1, "the server acted on the request the CLI never heard back from");
    const [task] = emulator.tasks();

    const pending = (await ws.state()).pending_operations ?? [];
    assert.deepEqual(
      pending.map((p) => `${p.type} ${resourceName(p.resource)}`),
      ["creating dl-killed"],
      "the state records the create that was under way",
    );

    // The killed CLI could not release its lock on the stack: what a user (or the next CI job) runs.
    const locked = await failure(ws.stack.up(ws.log));
    assert.match(locked.message, /the stack is currently locked/);
    await ws.stack.cancel();
    const rerun = await ws.stack.up(ws.log);
    const creates = emulator.requestsFor(CREATE);
    assert.deepEqual(
      creates.map((r) => r.params.ClientToken),
      [task.clientToken, task.clientToken],
      "the re-run sent the same ClientToken",
    );
    assert.equal(emulator.tasks().length, 1, "no second task");
    const [resource] = resourcesOfType(await ws.state(), FULL_DOWNLOAD_TYPE);
    assert.equal(resource.id, task.taskId);
    assert.match(rerun.stdout + rerun.stderr, PENDING_WARNING);
    await ws.stack.refresh({ ...ws.log, clearPendingCreates: true });
    const repaired = await ws.state();
    assert.equal(repaired.pending_operations, undefined);
    assert.deepEqual(
      resourcesOfType(repaired, FULL_DOWNLOAD_TYPE).map((r) => r.id),
      [task.taskId],
    );
    assert.equal(emulator.tasks().length, 1);
    const clean = await ws.stack.up({ ...ws.log, expectNoChanges: true });
    assert.doesNotMatch(clean.stdout + clean.stderr, PENDING_WARNING);
  });
});
