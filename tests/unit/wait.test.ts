import { strict as assert } from "node:assert";
import type { BackupSetDownloadTaskDetail } from "../../provider/dbs/types";
import { pollDelayMs, statusRequestsFor, waitForTask } from "../../provider/lib/wait";

describe("poll schedule", () => {
  it("starts at 2 s, doubles and caps at 60 s", () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 6, 40].map((n) => pollDelayMs(n)),
      [2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000],
    );
    assert.equal(pollDelayMs(1, 0.01), 40);
  });

  it("costs 6, 15 and 65 status requests for 1, 10 and 60 minute tasks", () => {
    assert.deepEqual(
      [1, 10, 60].map((minutes) => statusRequestsFor(minutes * 60_000)),
      [6, 15, 65],
    );
    assert.equal(statusRequestsFor(0), 1);
  });
});

function fakeTask(statuses: string[], errMessage = "") {
  let now = 0;
  const sleeps: number[] = [];
  let calls = 0;
  const deps = {
    describe: async (): Promise<BackupSetDownloadTaskDetail> => {
      const status = statuses[Math.min(calls++, statuses.length - 1)];
      return { BackupSetDownloadTaskId: "t1", BackupSetDownloadStatus: status, ErrMessage: errMessage };
    },
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    pollScale: 1,
  };
  return { deps, sleeps, calls: () => calls };
}

describe("waitForTask", () => {
  it("polls on the schedule until finish", async () => {
    const fake = fakeTask(["checking", "running", "running", "finish"]);
    const result = await waitForTask("t1", 30, fake.deps);
    assert.equal(result.ok, true);
    assert.deepEqual(fake.sleeps, [2000, 4000, 8000]);
    assert.equal(fake.calls(), 4);
  });

  it("fails on stop and init with the task's own message", async () => {
    const stopped = await waitForTask("t1", 30, fakeTask(["running", "stop"], "disk full").deps);
    assert.deepEqual(
      { ok: stopped.ok, message: !stopped.ok && stopped.message },
      { ok: false, message: 'DBS download task t1 failed with status "stop": disk full' },
    );
    const init = await waitForTask("t1", 30, fakeTask(["init"]).deps);
    assert.equal(
      !init.ok && init.message,
      'DBS download task t1 failed with status "init" (DBS gave no error message)',
    );
  });

  it("times out at the deadline, never sleeping past it", async () => {
    const fake = fakeTask(["running"]);
    const result = await waitForTask("t1", 0.5, fake.deps);
    assert.deepEqual(fake.sleeps, [2000, 4000, 8000, 16000]);
    assert.equal(fake.calls(), 5);
    assert.equal(
      !result.ok && result.message,
      'DBS download task t1 did not finish within timeoutMinutes 0.5 (last status "running"); the task keeps ' +
        "running: raise timeoutMinutes, or run `pulumi refresh` later to see its status",
    );
  });
});
