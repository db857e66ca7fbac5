// The pacer against a model of a rate-limited API (a sliding one-second window per access key, as the
// emulator enforces), on a simulated clock: deterministic, no real time.
import { strict as assert } from "node:assert";
import type { PacerClock } from "../../provider/dbs/pacer";
import { createPacer } from "../../provider/dbs/pacer";

/** A clock whose sleeps resolve in time order when `run` advances it. */
function simulatedClock() {
  let now = 0;
  let seq = 0;
  const timers: { at: number; seq: number; resolve: () => void }[] = [];
  const clock: PacerClock = {
    now: () => now,
    sleep: (ms) => new Promise((resolve) => timers.push({ at: now + ms, seq: seq++, resolve })),
  };
  async function run(until: () => boolean): Promise<void> {
    while (!until()) {
      for (let i = 0; i < 20; i++) await Promise.resolve();
      if (until()) return;
      timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = timers.shift();
      assert.ok(next, "the simulation stalled");
      now = Math.max(now, next.at);
      next.resolve();
    }
  }
  return { clock, run, now: () => now };
}

/**
 * `n` concurrent requests against at most `limit` per second, retried until answered as the client's
 * retry loop does: at the pacer's pace, or after a backoff of its own when the pacer does not space it.
 */
async function burst(
  n: number,
  limit: number | undefined,
  options: { cap?: number; latencyMs?: number } = {},
) {
  const { clock, run, now } = simulatedClock();
  const pacer = createPacer({ clock, maxRequestsPerSecond: options.cap });
  const window: number[] = [];
  const sentAt: number[] = [];
  let throttled = 0;
  let done = 0;
  async function request(): Promise<void> {
    for (;;) {
      await pacer.acquire();
      const t = clock.now();
      sentAt.push(t);
      while (window.length > 0 && t - window[0] >= 1000) window.shift();
      const waitMs = limit !== undefined && window.length >= limit ? window[0] + 1000 - t : 0;
      if (waitMs === 0) window.push(t);
      await clock.sleep(options.latencyMs ?? 5);
      if (waitMs === 0) {
        pacer.answered();
        done++;
        return;
      }
      throttled++;
      if (!pacer.throttled(waitMs)) await clock.sleep(waitMs + 250);
    }
  }
  for (let i = 0; i < n; i++) void request();
  await run(() => done === n);
  return { seconds: now() / 1000, sent: sentAt.length, throttled, sentAt };
}

describe("pacer", () => {
  for (const [n, limit] of [
    [200, 10],
    [200, 50],
    [1000, 10],
  ]) {
    it(`${n} concurrent requests against ${limit}/s finish near the floor with few throttled`, async () => {
      const { seconds, sent, throttled } = await burst(n, limit);
      const floor = n / limit;
      assert.ok(seconds <= floor * 1.2, `${seconds} s for a floor of ${floor} s`);
      assert.ok(throttled <= sent * 0.05, `${throttled} of ${sent} requests throttled`);
    });
  }

  it("far from the API (answers take 200 ms) overshoots the limit by about one round trip only", async () => {
    const { throttled, sent } = await burst(200, 10, { latencyMs: 200 });
    assert.ok(throttled <= sent * 0.12, `${throttled} of ${sent}`);
  });

  it("costs little without a limit: 100 concurrent requests are all sent within half a second", async () => {
    const { sentAt, throttled } = await burst(100, undefined);
    assert.equal(throttled, 0);
    assert.ok(Math.max(...sentAt) <= 500, `the last was sent at ${Math.max(...sentAt)} ms`);
    assert.equal(sentAt[0], 0, "the first request goes at once");
  });

  it("slow-starts up to a high cap, as without one", async () => {
    const capped = await burst(100, undefined, { cap: 1000 });
    assert.ok(Math.max(...capped.sentAt) <= 500, `the last was sent at ${Math.max(...capped.sentAt)} ms`);
  });

  it("frees the place of a request that got no answer at all, so the slow start does not stall", async () => {
    const { clock, run } = simulatedClock();
    const pacer = createPacer({ clock });
    let released = 0;
    const all = Array.from({ length: 30 }, () => pacer.acquire().then(() => released++));
    for (const batch of [10, 20, 30]) {
      await run(() => released >= batch);
      assert.equal(released, batch, "ten unanswered requests fill the window");
      for (let i = 0; i < 10; i++) pacer.failed();
    }
    await Promise.all(all);
  });

  it("never exceeds an explicit cap", async () => {
    const { sentAt } = await burst(20, undefined, { cap: 5 });
    const gaps = sentAt.slice(1).map((t, i) => t - sentAt[i]);
    assert.ok(Math.min(...gaps) >= 200 - 1e-9, `gaps ${gaps.join(", ")}`);
  });

  it("waits as long as a throttled answer asks before releasing the next request", async () => {
    const { clock, run, now } = simulatedClock();
    const pacer = createPacer({ clock });
    await pacer.acquire();
    void pacer.acquire();
    assert.equal(pacer.throttled(800), true, "a request was queued: the pacer spaces the retry");
    let released = -1;
    void pacer.acquire().then(() => (released = now()));
    await run(() => released >= 0);
    assert.ok(released >= 800, `released at ${released} ms`);
  });

  it("leaves a throttled answer to the caller's own backoff when nothing was queued", async () => {
    const { clock } = simulatedClock();
    const pacer = createPacer({ clock });
    await pacer.acquire();
    const before = pacer.rate();
    assert.equal(pacer.throttled(), false);
    assert.equal(pacer.rate(), before, "a sporadic throttled answer does not lower the rate");
  });
});
