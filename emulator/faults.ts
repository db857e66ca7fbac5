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

export interface ActiveFault {
  kind: FaultKind;
  delayMs: number;
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
  if (fault.delayMs !== undefined && (!Number.isFinite(fault.delayMs) || fault.delayMs < 0)) {
    throw new Error(`fault delayMs must be >= 0, got ${fault.delayMs}`);
  }
}

/** Faults are consumed in the order they were injected, by the requests they match. */
export class FaultQueue {
  private readonly queue: { fault: Fault; remaining: number }[] = [];

  add(fault: Fault): void {
    validateFault(fault);
    this.queue.push({ fault: { ...fault }, remaining: fault.count ?? 1 });
  }

  take(action: string): ActiveFault | undefined {
    const index = this.queue.findIndex((entry) => !entry.fault.action || entry.fault.action === action);
    if (index < 0) return undefined;
    const entry = this.queue[index];
    if (--entry.remaining === 0) this.queue.splice(index, 1);
    return { kind: entry.fault.kind, delayMs: entry.fault.delayMs ?? DEFAULT_SLOW_MS };
  }
}

/** Sliding one-second window of admitted requests per AccessKeyId. */
export class RateLimiter {
  private readonly windows = new Map<string, number[]>();

  constructor(private readonly perSecond: number | undefined) {}

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
