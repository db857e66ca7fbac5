import { strict as assert } from "node:assert";
import type { RetryPolicy } from "../../provider/dbs/retry";
import { backoffDelayMs, retrying } from "../../provider/dbs/retry";

interface Failure {
  code: string;
  transient: boolean;
  throttled?: boolean;
  paced?: boolean;
}

const policy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 8000, throttledForMs: 60_000 };

/** Runs `retrying` against a scripted sequence of failures on a fake clock; returns attempts and waits. */
async function run(failures: Failure[], p: RetryPolicy = policy, paceMs?: number) {
  let clock = 0;
  const waits: number[] = [];
  const paced: number[] = [];
  let attempts = 0;
  const outcome = await retrying(
    p,
    async () => {
      const failure = failures[attempts++];
      if (failure) throw failure;
      return "done";
    },
    {
      classify: (error) => error as Failure,
      giveUp: (failure, n) => new Error(`${failure.code} after ${n}`),
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
      now: () => clock,
      pace:
        paceMs === undefined
          ? undefined
          : async () => {
              paced.push(clock);
              clock += paceMs;
            },
    },
  ).catch((error: Error) => error.message);
  return { outcome, attempts, waits, paced, elapsed: clock };
}

const unavailable: Failure = { code: "ServiceUnavailable", transient: true };
const throttled: Failure = { code: "Throttling.User", transient: true, throttled: true };

describe("retrying", () => {
  it("retries transient failures up to maxAttempts, then gives up naming the attempts", async () => {
    assert.deepEqual((await run([unavailable, unavailable])).outcome, "done");
    const spent = await run([unavailable, unavailable, unavailable, unavailable]);
    assert.equal(spent.outcome, "ServiceUnavailable after 3");
    assert.equal(spent.attempts, 3);
  });

  it("never retries a client error", async () => {
    const result = await run([{ code: "Request.Forbidden", transient: false }]);
    assert.deepEqual([result.outcome, result.attempts, result.waits], ["Request.Forbidden after 1", 1, []]);
  });

  it("keeps retrying throttling past maxAttempts until its time budget is spent", async () => {
    const ten = await run(Array<Failure>(10).fill(throttled));
    assert.equal(ten.outcome, "done");
    assert.equal(ten.attempts, 11);
    const endless = await run(Array<Failure>(1000).fill(throttled));
    assert.match(endless.outcome, /^Throttling.User after \d+$/);
    assert.ok(
      endless.elapsed >= 60_000 && endless.elapsed < 60_000 + 8000,
      `gave up at ${endless.elapsed} ms`,
    );
    assert.ok(endless.waits.every((w) => w <= 8000));
  });

  it("without a throttling budget, throttling gets maxAttempts like any transient failure", async () => {
    const result = await run(Array<Failure>(5).fill(throttled), { ...policy, throttledForMs: 0 });
    assert.deepEqual([result.outcome, result.attempts], ["Throttling.User after 3", 3]);
  });

  it("with a pacer, paces every attempt and leaves the throttled retries it spaces to it", async () => {
    const result = await run(
      [{ ...throttled, paced: true }, throttled, unavailable],
      { ...policy, maxAttempts: 4 },
      100,
    );
    assert.equal(result.outcome, "done");
    assert.equal(result.paced.length, 4, "every attempt waited for its turn");
    assert.equal(
      result.waits.length,
      2,
      "the throttled attempt the pacer did not space, and the unavailable one, backed off",
    );
  });

  it("with a pacer, counts the throttling budget from the first attempt sent, not from the queue", async () => {
    const longQueue = await run([throttled], { ...policy, throttledForMs: 1000 }, 5000);
    assert.equal(longQueue.outcome, "done");
  });

  it("backs off exponentially with full jitter under a cap", () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(policy, n, () => 1)),
      [500, 1000, 2000, 4000, 8000, 8000],
    );
    assert.equal(
      backoffDelayMs(policy, 3, () => 0),
      0,
    );
  });
});
