/**
 * Paces the requests of one process to what the API accepts: a token bucket whose rate is learned
 * from throttled answers, so that concurrent calls queue instead of bursting into the limit and
 * retrying on their own. Like TCP's congestion control: a slow start from 50 requests/s that doubles
 * every 100 ms until the first throttled answer (100 concurrent requests to an API without a limit
 * are all sent within half a second), then the rate the server actually accepted over the last
 * second, raised 1%/s while nothing is throttled and lowered again at the next throttled answer.
 * Pure, with the clock injected; the process-wide instances live in core/connection.ts.
 */
export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface PacerOptions {
  /** A cap the user set (alicloud-dbs:maxRequestsPerSecond): never exceeded, also not by the slow start. */
  maxRequestsPerSecond?: number;
  clock?: PacerClock;
}

export interface Pacer {
  /** Waits for this request's slot. */
  acquire(): Promise<void>;
  /** The request was answered (any answer that was not a throttling one). */
  answered(): void;
  /** The request got no answer at all (a reset connection, a timeout). */
  failed(): void;
  /**
   * The request was throttled; the server asked to wait `retryAfterMs` before the next one. Returns
   * whether the pacer spaces the retry (requests were queued, so the rate was the pacer's to learn);
   * otherwise the caller backs off on its own, as without a pacer.
   */
  throttled(retryAfterMs?: number): boolean;
  /** Requests per second it paces at now. */
  rate(): number;
}

const START_RATE = 50;
const MAX_RATE = 1000;
const MIN_RATE = 0.2;
/** Slow start doubles the rate this often… */
const DOUBLING_MS = 100;
/**
 * …and lets at most this many requests plus one per answer so far be unanswered, so that far from
 * the API (long round trips) it grows per round trip instead and does not overshoot the limit by a
 * whole round trip's worth of requests.
 */
const START_WINDOW = 10;
/** How much below the accepted rate it settles after a throttled answer. */
const BACKOFF = 0.95;
/** Then it probes upwards by this fraction of the rate per second. */
const PROBE_PER_SECOND = 0.01;
/** Throttled answers this soon after a decrease were caused by requests sent before it. */
const SETTLE_MS = 1000;
const WINDOW_MS = 1000;

const realClock: PacerClock = {
  now: Date.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export function createPacer(options: PacerOptions = {}): Pacer {
  const clock = options.clock ?? realClock;
  const cap = options.maxRequestsPerSecond ?? MAX_RATE;
  let rate = Math.min(cap, START_RATE);
  let slowStart = true;
  let lastChange = clock.now();
  let lastDecrease = -Infinity;
  /** When the next request may go: the last release plus 1/rate, or later if the server asked. */
  let nextRelease = 0;
  let pumping = false;
  let unanswered = 0;
  let window = START_WINDOW;
  let answer: (() => void) | undefined;
  const waiting: (() => void)[] = [];
  const answeredAt: number[] = [];

  /** Every released request ends here, whatever became of it. */
  function ended(): void {
    unanswered--;
    answer?.();
  }

  /** Slow start doubles the rate every DOUBLING_MS; afterwards it grows by PROBE_PER_SECOND. */
  function grow(now: number): void {
    const elapsed = now - lastChange;
    if (slowStart) {
      const doublings = Math.floor(elapsed / DOUBLING_MS);
      if (doublings === 0) return;
      rate = Math.min(cap, rate * 2 ** doublings);
      lastChange += doublings * DOUBLING_MS;
    } else {
      rate = Math.min(cap, rate * (1 + (PROBE_PER_SECOND * elapsed) / 1000));
      lastChange = now;
    }
  }

  // Releases queued requests one slot at a time; each slot's length is decided when it starts, so a
  // throttled answer slows down everything still waiting.
  async function pump(): Promise<void> {
    pumping = true;
    while (waiting.length > 0) {
      const now = clock.now();
      if (nextRelease > now) {
        await clock.sleep(nextRelease - now);
        continue;
      }
      if (slowStart && unanswered >= window) {
        await new Promise<void>((resolve) => (answer = resolve));
        answer = undefined;
        continue;
      }
      grow(now);
      nextRelease = now + 1000 / rate;
      unanswered++;
      waiting.shift()?.();
    }
    pumping = false;
  }

  return {
    acquire() {
      const released = new Promise<void>((resolve) => waiting.push(resolve));
      if (!pumping) void pump();
      return released;
    },
    answered() {
      const now = clock.now();
      answeredAt.push(now);
      while (answeredAt.length > 0 && answeredAt[0] <= now - WINDOW_MS) answeredAt.shift();
      if (slowStart) window++;
      ended();
    },
    failed: ended,
    throttled(retryAfterMs = 0) {
      const now = clock.now();
      ended();
      nextRelease = Math.max(nextRelease, now + retryAfterMs);
      // With nothing queued this process was not sending at its rate: the throttled answer says
      // nothing about the rate (flow control of one action, another client of the account).
      if (waiting.length === 0) return false;
      if (now - lastDecrease < SETTLE_MS) return true;
      // What the server accepted over the last second is what it sustains (for this process's share
      // of the limit); with nothing accepted, only that the rate was too high.
      const accepted = answeredAt.filter((t) => t > now - WINDOW_MS).length;
      const sustained = accepted > 0 ? Math.min(rate, accepted) * BACKOFF : rate / 2;
      rate = Math.min(cap, Math.max(MIN_RATE, sustained));
      slowStart = false;
      lastDecrease = now;
      lastChange = now;
      return true;
    },
    rate: () => rate,
  };
}
