// Limits on input values (free-form ones such as `triggers` above all): how deeply nested and how large
// they may be. The depth is measured without recursion, so that a hostile value cannot overflow the stack that checks it. Pure.
import type { CheckFailure } from "./values";

export const MAX_VALUE_DEPTH = 32;
export const MAX_VALUE_BYTES = 64 * 1024;

/** Levels of arrays and objects in `value` (a scalar is 0), counted up to `limit + 1` at most. */
export function nestingDepth(value: unknown, limit = MAX_VALUE_DEPTH): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop() as [unknown, number];
    if (current === null || typeof current !== "object") continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return deepest;
}

/** A failure when `value` is nested deeper than MAX_VALUE_DEPTH or larger than MAX_VALUE_BYTES as JSON. */
export function valueLimitFailure(property: string, value: unknown): CheckFailure | undefined {
  if (nestingDepth(value) > MAX_VALUE_DEPTH) {
    return {
      property,
      reason: `${property} is nested more than ${MAX_VALUE_DEPTH} levels deep; at most ${MAX_VALUE_DEPTH} levels of arrays and objects are allowed`,
    };
  }
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? "", "utf8");
  if (bytes > MAX_VALUE_BYTES) {
    return {
      property,
      reason: `${property} is ${bytes} bytes as JSON; at most ${MAX_VALUE_BYTES} bytes are allowed`,
    };
  }
  return undefined;
}
