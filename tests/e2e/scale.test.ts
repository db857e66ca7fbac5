// 200 downloads in one `pulumi up` (the engine's default parallelism) against an API that allows 10
// requests per second per access key: every create must succeed, once, with its own token.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { Emulator, RecordedRequest } from "../../packages/emulator/src";
import { FULL_DOWNLOAD_TYPE, resourcesOfType } from "../../tools/harness/deployment";
import type { EmulatorStack } from "../support/emulatorStack";
import { startEmulatorStack } from "../support/emulatorStack";
import type { Workspace } from "../../tools/harness/workspace";

const COUNT = 200;
const RATE_LIMIT = 10;
const CREATE = "CreateFullBackupSetDownload";

/** The figures of the run, for a reader of the output: no timing is asserted (see BENCHMARKS.md). */
function printFigures(
  upMs: number,
  creates: RecordedRequest[],
  accepted: RecordedRequest[],
  throttled: number,
): void {
  const floorSeconds = COUNT / RATE_LIMIT;
  const window = accepted.length ? (accepted[accepted.length - 1].at - creates[0].at) / 1000 : 0;
  console.log(
    `      ${COUNT} creates at ${RATE_LIMIT} requests/s: the Automation API's up took ${(upMs / 1000).toFixed(1)} s ` +
      `(floor N / rate ${floorSeconds} s: ${(upMs / 1000 / floorSeconds).toFixed(2)}×), first create to last ` +
      `accepted ${window.toFixed(1)} s; ${creates.length} requests sent, ${throttled} throttled ` +
      `(${((throttled / creates.length) * 100).toFixed(1)} %)`,
  );
}

describe(`e2e: ${COUNT} downloads in one pulumi up against ${RATE_LIMIT} requests/s`, function () {
  this.timeout(600_000);
  let emulator: Emulator;
  let ws: Workspace;
  let stack: EmulatorStack | undefined;

  before(async function () {
    this.timeout(30 * 60_000);
    stack = await startEmulatorStack({
      project: path.join(__dirname, "fixtures", "scale"),
      stack: "scale",
      emulator: { rateLimit: RATE_LIMIT },
      settingsFrom: "env",
      config: { count: String(COUNT) },
    });
    ({ emulator, ws } = stack);
  });

  after(() => stack?.dispose());

  it("every create succeeds exactly once, retried through the throttling with its own token", async () => {
    const started = Date.now();
    const { summary } = await ws.stack.up(ws.log);
    const upMs = Date.now() - started;
    assert.deepEqual(summary.resourceChanges, { create: COUNT + 1 });

    const creates = emulator.requestsFor(CREATE);
    const accepted = creates.filter((r) => r.statusCode === 200);
    const throttled = creates.filter((r) => r.code === "Throttling.User");
    printFigures(upMs, creates, accepted, throttled.length);
    assert.equal(accepted.length, COUNT);
    assert.ok(throttled.length > 0, "the rate limit throttled some creates");
    assert.equal(throttled.length + accepted.length, creates.length, "only throttling was retried");
    assert.equal(emulator.tasks().length, COUNT);
    const tokens = new Set(emulator.tasks().map((t) => t.clientToken));
    assert.equal(tokens.size, COUNT, "one distinct token per resource");

    const resources = resourcesOfType(await ws.state(), FULL_DOWNLOAD_TYPE);
    assert.equal(resources.length, COUNT);
    assert.deepEqual(
      resources.map((r) => r.id).sort(),
      emulator
        .tasks()
        .map((t) => t.taskId)
        .sort(),
    );
  });
});
