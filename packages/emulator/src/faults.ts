/** Injected faults and the per-AccessKeyId rate limit. */
import type { Fault, FaultKind } from "./types";

const FAULT_KINDS: readonly FaultKind[] = [
  "unavailable",
  "throttling",
  "nonJson",
  "reset",
  "actThenDrop",
  "slow",
];
const DEFAULT_SLOW_MS = 1000;
/**
 * A throttled answer asks for a wait unless the fault says otherwise: the official Python SDK raises its
 * throttling error only for a positive `x-acs-retry-after`, and a plain client error for 0.
 */
export const DEFAULT_RETRY_AFTER_MS = 1000;

export interface ActiveFault {
  kind: FaultKind;
  delayMs: number;
  retryAfterMs: number;
}

/**
 * The headers a throttled answer carries, so that every official runtime reads the same wait (ms):
 * - `x-acs-retry-after: <ms>`: @alicloud/openapi-core 1.0.8 (`OpenApiUtil.getThrottlingTimeLeft`, a
 *   parseInt of this header) puts it in `ThrottlingError.retryAfter`; @darabonba/typescript 1.0.5's
 *   `getBackoffDelay` then waits min(retryAfter, maxDelay) ms when retryOptions match.
 * - `x-ratelimit-user-api` / `x-ratelimit-user: Limit:<n>,Remain:<n>,TimeLeft:<ms>,Reset:<n>`:
 *   github.com/alibabacloud-go/darabonba-openapi/v2 `utils.GetThrottlingTimeLeft` splits the value on
 *   "," and ":" and takes the larger TimeLeft of the two headers (its tests use
 *   "Limit:1,Remain:0,TimeLeft:2000,Reset:1234"); the Python runtime documents TimeLeft as ms. Reset's
 *   unit is undocumented: the emulator sends the epoch ms at which the wait ends.
 * `scope` is "user" for the per-AccessKeyId rate limit, "user-api" for one action's flow control
 * (an injected fault, whose limit is unknown, so it has no `Limit:` pair).
 */
export function throttlingHeaders(
  scope: "user" | "user-api",
  limit: number | undefined,
  waitMs: number,
  now = Date.now(),
): Record<string, string> {
  const ms = Math.ceil(waitMs);
  const pairs = [`Remain:0`, `TimeLeft:${ms}`, `Reset:${now + ms}`];
  if (limit !== undefined) pairs.unshift(`Limit:${limit}`);
  return { "x-acs-retry-after": String(ms), [`x-ratelimit-${scope}`]: pairs.join(",") };
}

export function validateFault(fault: Fault): void {
  if (!FAULT_KINDS.includes(fault.kind)) {
    throw new Error(
      `unknown fault kind ${JSON.stringify(fault.kind)}; expected one of ${FAULT_KINDS.join(", ")}`,
    );
  }
  if (fault.count !== undefined && (!Number.isInteger(fault.count) || fault.count < 1)) {
    throw new Error(`fault count must be a positive integer, got ${fault.count}`);
  }
  for (const name of ["delayMs", "retryAfterMs"] as const) {
    const value = fault[name];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new Error(`fault ${name} must be >= 0, got ${value}`);
    }
  }
}

/** Faults are consumed in the order they were injected, by the requests they match. */
export class FaultQueue {
  private readonly queue: { fault: Fault; remaining: number }[] = [];

  add(fault: Fault): void {
    validateFault(fault);
    this.queue.push({ fault: { ...fault }, remaining: fault.count ?? 1 });
  }

  /** `namedOnly`: only a fault that names this action applies (STS requests). */
  take(action: string, namedOnly = false): ActiveFault | undefined {
    const index = this.queue.findIndex(
      (entry) => entry.fault.action === action || (!namedOnly && !entry.fault.action),
    );
    if (index < 0) return undefined;
    const entry = this.queue[index];
    if (--entry.remaining === 0) this.queue.splice(index, 1);
    return {
      kind: entry.fault.kind,
      delayMs: entry.fault.delayMs ?? DEFAULT_SLOW_MS,
      retryAfterMs: entry.fault.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS,
    };
  }

  clear(): void {
    this.queue.length = 0;
  }
}

/** Sliding one-second window of admitted requests per AccessKeyId. */
export class RateLimiter {
  private readonly windows = new Map<string, number[]>();

  constructor(readonly perSecond: number | undefined) {}

  /** Returns 0 when the request is admitted, else the ms until a slot frees up. */
  admit(accessKeyId: string, now = Date.now()): number {
    if (this.perSecond === undefined) return 0;
    const window = (this.windows.get(accessKeyId) ?? []).filter((t) => now - t < 1000);
    this.windows.set(accessKeyId, window);
    if (window.length >= this.perSecond) return Math.max(1, window[0] + 1000 - now);
    window.push(now);
    return 0;
  }
}
