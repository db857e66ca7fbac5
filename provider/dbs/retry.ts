/** Capped exponential backoff with full jitter, for transient failures only. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * A throttled request is retried past maxAttempts while this much time since its first attempt is
   * not spent: under a rate limit shared by many resources (pulumi up runs creates in parallel), a
   * fixed number of attempts runs out long before the queue drains.
   */
  throttledForMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  throttledForMs: 300_000,
};

/** The wait before attempt `attempt + 1` (attempt counts from 1). */
export function backoffDelayMs(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling * random());
}

export interface RetryHooks<F> {
  classify: (
    error: unknown,
  ) => F & { transient: boolean; throttled?: boolean; retryAfterMs?: number; paced?: boolean };
  /** Builds the error thrown when a failure is final or the budget is spent. */
  giveUp: (failure: F, attempts: number) => Error;
  /**
   * Waits for an attempt's turn (a pacer shared by the process): the throttling budget counts from
   * when the first attempt was sent, and a throttled attempt the pacer spaces (`paced`) is retried as
   * soon as it allows.
   */
  pace?: () => Promise<void>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * Runs `attempt` until it succeeds, fails with a non-transient error, or the budget is spent.
 * Whatever idempotency the caller needs (the same ClientToken) must be in the request it repeats.
 */
export async function retrying<T, F>(
  policy: RetryPolicy,
  attempt: (attemptNumber: number) => Promise<T>,
  hooks: RetryHooks<F>,
): Promise<T> {
  const sleep = hooks.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = hooks.now ?? Date.now;
  let started: number | undefined;
  for (let attemptNumber = 1; ; attemptNumber++) {
    await hooks.pace?.();
    started ??= now();
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      const failure = hooks.classify(error);
      const attemptsLeft = attemptNumber < policy.maxAttempts;
      const throttleTimeLeft = failure.throttled === true && now() - started < policy.throttledForMs;
      if (!failure.transient || !(attemptsLeft || throttleTimeLeft))
        throw hooks.giveUp(failure, attemptNumber);
      if (failure.paced) continue;
      // A throttled caller that retried on its own short backoff would mostly spend its attempts inside
      // the same rate-limit window: wait at least as long as the server asks, plus the jitter.
      const backoff = backoffDelayMs(policy, attemptNumber);
      const delay =
        failure.retryAfterMs === undefined
          ? backoff
          : Math.min(policy.maxDelayMs, failure.retryAfterMs + backoff);
      await sleep(delay);
    }
  }
}
