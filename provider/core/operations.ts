// The API side of a download task: create it, resume waiting for it, read it. I/O over dbs/.
import type { DbsClient } from "../dbs/client";
import type { BackupSetDownloadTaskDetail, CreateDownloadAction } from "../dbs/types";
import { openDbsClient } from "./connection";
import type { CheckedInputs, DownloadKind, TaskInputs } from "./kinds";
import type { PropertyBag } from "./outputs";
import { readOutputs, withTaskStatus } from "./outputs";
import type { ProviderSettings } from "./settings";
import { resolveRegion } from "./settings";
import { waitForTask } from "./wait";

/**
 * Starts the task: one Create call (retried with the same ClientToken on transient failures).
 * `cancel` ends a wait early (the engine was interrupted); the task is then kept as failed to initialize.
 */
export async function createTask<Own, A extends CreateDownloadAction>(
  kind: DownloadKind<Own, A>,
  inputs: CheckedInputs<Own>,
  settings: ProviderSettings,
  cancel?: AbortSignal,
): Promise<{ id: string; outs: PropertyBag }> {
  const client = await openDbsClient(settings, inputs.region);
  const response = await client.call(kind.action, {
    ...kind.params(inputs),
    ClientToken: inputs.clientToken,
  });
  const taskId = response.BackupSetDownloadTaskId;
  if (!taskId) {
    throw new Error(
      `DBS ${kind.action} answered without a BackupSetDownloadTaskId (RequestId ${response.RequestId})`,
    );
  }
  return settle(client, taskId, { ...inputs, backupSetDownloadTaskId: taskId }, settings, cancel);
}

/**
 * The engine's update of a task that failed to initialize (its wait timed out or failed): the same
 * task is waited for again when `waitForCompletion` is set, else its status is read. Diff reports
 * every input change as a replacement, so this is the only update there is; no task is created.
 */
export async function resumeTask(
  id: string,
  inputs: TaskInputs,
  settings: ProviderSettings,
  cancel?: AbortSignal,
): Promise<{ outs: PropertyBag }> {
  const client = await openDbsClient(settings, inputs.region);
  const outs = { ...inputs, backupSetDownloadTaskId: id };
  if (inputs.waitForCompletion) return { outs: (await settle(client, id, outs, settings, cancel)).outs };
  const detail = (await describeTask(client, id)) ?? missingTask(id);
  return { outs: withTaskStatus(outs, detail) };
}

/**
 * Refresh, `get` and import: the stored outputs with the task's current status, and the detail they
 * came from; undefined when DBS no longer lists the task. A task adopted by its ID alone records
 * `clientTokenSource: "imported"`: DBS does not report the token it was created with.
 */
export async function readTask<Own>(
  kind: DownloadKind<Own>,
  id: string,
  props: PropertyBag,
  settings: ProviderSettings,
): Promise<{ outputs: PropertyBag; detail: BackupSetDownloadTaskDetail } | undefined> {
  const { region, failure } = resolveRegion(props.region, settings, "the resource's region argument");
  if (failure) throw new Error(`cannot read DBS download task ${id}: ${failure.reason}`);
  const client = await openDbsClient(settings, region as string);
  const detail = await describeTask(client, id);
  if (!detail) return undefined;
  const outputs: PropertyBag = { ...readOutputs(kind, props, detail), region };
  if (props.clientTokenSource === undefined) outputs.clientTokenSource = "imported";
  return { outputs, detail };
}

/** Returns at once, or waits for the task to finish; once the task exists, failures keep its id. */
async function settle(
  client: DbsClient,
  taskId: string,
  outs: TaskInputs & PropertyBag,
  settings: ProviderSettings,
  cancel?: AbortSignal,
): Promise<{ id: string; outs: PropertyBag }> {
  if (!outs.waitForCompletion) return { id: taskId, outs };
  let failure: { message: string; detail?: BackupSetDownloadTaskDetail };
  try {
    const result = await waitForTask(taskId, outs.timeoutMinutes, {
      describe: async () => (await describeTask(client, taskId)) ?? missingTask(taskId),
      now: Date.now,
      sleep: (ms) => sleep(ms, cancel),
      pollScale: settings.pollScale,
    });
    if (result.ok) return { id: taskId, outs: withTaskStatus(outs, result.detail) };
    failure = result;
  } catch (error) {
    failure = { message: `waiting for DBS download task ${taskId} failed: ${(error as Error).message}` };
  }
  // The task exists: reject with its id and state so that the engine records it (and a retry of the
  // update does not start a second task) but marks it as failed to initialize.
  const properties = failure.detail ? withTaskStatus(outs, failure.detail) : outs;
  throw Object.assign(new Error(failure.message), { id: taskId, properties, reasons: [failure.message] });
}

function sleep(ms: number, cancel: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (cancel?.aborted) return reject(new Error("the operation was cancelled"));
    const timer = setTimeout(() => {
      cancel?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(new Error("the operation was cancelled"));
    }
    cancel?.addEventListener("abort", onAbort, { once: true });
  });
}

function missingTask(taskId: string): never {
  throw new Error(`DBS no longer lists download task ${taskId}`);
}

/** The task's current detail, or undefined when DBS does not know the ID. */
async function describeTask(
  client: DbsClient,
  taskId: string,
): Promise<BackupSetDownloadTaskDetail | undefined> {
  const response = await client.call("DescribeBackupSetDownloadTaskList", {
    BackupSetDownloadTaskId: taskId,
  });
  return response.Items?.BackupSetDownloadTaskDetail?.find((t) => t.BackupSetDownloadTaskId === taskId);
}
