// Waiting for a download task to end: the poll schedule and the loop, with the clock, the sleep and the
// status lookup injected so that they can be tested without real time.
import type { BackupSetDownloadTaskDetail } from "../dbs/types";
import { optionalInput } from "./definition";
import { checkBoolean, checkPositiveNumber } from "./values";

const DEFAULT_TIMEOUT_MINUTES = 30;
const MAX_TIMEOUT_MINUTES = 1440;

/**
 * The inputs of a resource whose create can wait for its task to end. `until` says when the wait is
 * over, e.g. "reaches `finish`, when the URLs are set".
 */
export function waitInputs(until: string) {
  return {
    /** Make create wait until the task has ended (default false). Changing it never replaces the task. */
    waitForCompletion: optionalInput<boolean>({
      type: "boolean",
      description: `Make create wait until the task ${until}. Default false. Changing it never replaces the task.`,
      always: true,
      onChange: "ignore",
      defaultValue: false,
      check: checkBoolean,
    }),
    /** How long create waits when `waitForCompletion` is set: more than 0, at most 1440 (default 30). */
    timeoutMinutes: optionalInput<number>({
      type: "number",
      description:
        `How long create waits when waitForCompletion is set: more than 0, at most ${MAX_TIMEOUT_MINUTES} minutes. ` +
        `Default ${DEFAULT_TIMEOUT_MINUTES}. A task that does not finish in time is kept, marked as failed to ` +
        "initialize; the next update waits for it again.",
      always: true,
      onChange: "ignore",
      defaultValue: DEFAULT_TIMEOUT_MINUTES,
      check: (property, value) => checkPositiveNumber(property, value, MAX_TIMEOUT_MINUTES, "minutes"),
    }),
  };
}

const FIRST_POLL_DELAY_MS = 2_000;
const MAX_POLL_DELAY_MS = 60_000;

/** The wait before status request number `n + 1` (n ≥ 0): 2 s, doubling, capped at 60 s. */
export function pollDelayMs(n: number, scale = 1): number {
  return Math.min(FIRST_POLL_DELAY_MS * 2 ** Math.min(n, 30), MAX_POLL_DELAY_MS) * scale;
}

/** How many status requests a task that ends `durationMs` after creation costs (the first is at once). */
export function statusRequestsFor(durationMs: number): number {
  let elapsed = 0;
  let requests = 1;
  while (elapsed < durationMs) {
    elapsed += pollDelayMs(requests - 1);
    requests++;
  }
  return requests;
}

/** How a kind of task reports its state: which statuses end the wait, and its error message. */
export interface TaskStates<D> {
  status(detail: D): string;
  finished: readonly string[];
  failed: readonly string[];
  errorMessage(detail: D): string | undefined;
}

/** The 2019-03-06 download task: `finish`, or `stop` / `init` (failed, precheck failed). */
const DOWNLOAD_TASK_STATES: TaskStates<BackupSetDownloadTaskDetail> = {
  status: (detail) => detail.BackupSetDownloadStatus,
  finished: ["finish"],
  failed: ["stop", "init"],
  errorMessage: (detail) => detail.ErrMessage,
};

export interface WaitDeps<D = BackupSetDownloadTaskDetail> {
  describe(): Promise<D>;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Multiplies every poll delay; 1 outside tests. */
  pollScale: number;
}

/** The failed or timed-out outcome carries the last status seen, so the caller can record it. */
export type WaitResult<D = BackupSetDownloadTaskDetail> =
  { ok: true; detail: D } | { ok: false; message: string; detail?: D };

export async function waitForTask(
  taskId: string,
  timeoutMinutes: number,
  deps: WaitDeps,
): Promise<WaitResult> {
  return waitUntilEnded(taskId, timeoutMinutes, deps, DOWNLOAD_TASK_STATES);
}

/** Polls a task of any kind until it reaches one of its final states or the timeout is spent. */
export async function waitUntilEnded<D>(
  taskId: string,
  timeoutMinutes: number,
  deps: WaitDeps<D>,
  states: TaskStates<D>,
): Promise<WaitResult<D>> {
  const deadline = deps.now() + timeoutMinutes * 60_000;
  for (let n = 0; ; n++) {
    const detail = await deps.describe();
    const status = states.status(detail);
    if (states.finished.includes(status)) return { ok: true, detail };
    if (states.failed.includes(status)) {
      const error = states.errorMessage(detail);
      const reason = error ? `: ${error}` : " (DBS gave no error message)";
      return {
        ok: false,
        detail,
        message: `DBS download task ${taskId} failed with status "${status}"${reason}`,
      };
    }
    const remaining = deadline - deps.now();
    if (remaining <= 0) {
      return {
        ok: false,
        detail,
        message:
          `DBS download task ${taskId} did not finish within timeoutMinutes ${timeoutMinutes} ` +
          `(last status "${status}"); the task keeps running: raise timeoutMinutes, or run ` +
          `\`pulumi refresh\` later to see its status`,
      };
    }
    await deps.sleep(Math.min(pollDelayMs(n, deps.pollScale), remaining));
  }
}
