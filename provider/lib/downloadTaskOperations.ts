// The API side of a download task: create it, resume waiting for it, read it, and the outputs a task
// detail gives. I/O over dbs/.
import type { DbsClient } from "../dbs/client";
import type { BackupSetDownloadTaskDetail } from "../dbs/types";
import { openDbsClient } from "./connection";
import type { PropertyTable } from "./definition";
import type { TaskInputs, TaskShape } from "./downloadTask";
import type { ProviderSettings } from "./settings";
import { resolveRegion } from "./settings";
import type { PropertyBag } from "./values";
import { waitForTask } from "./wait";

/** The outputs a task detail gives, from each output's `field`. Absent values are left out. */
export function taskOutputs(properties: PropertyTable, detail: BackupSetDownloadTaskDetail): PropertyBag {
  const outputs: PropertyBag = {};
  for (const [name, spec] of Object.entries(properties)) {
    const field = (spec as { field?: keyof BackupSetDownloadTaskDetail }).field;
    const value = field && detail[field];
    if (value !== undefined && value !== "") outputs[name] = value;
  }
  return outputs;
}

/**
 * `outputs` with the task's latest status replacing whatever status they held: an engine Struct cannot
 * carry `undefined`, so a key the detail no longer gives is removed.
 */
export function withTaskStatus(
  properties: PropertyTable,
  outputs: PropertyBag,
  detail: BackupSetDownloadTaskDetail,
): PropertyBag {
  const kept = Object.entries(outputs).filter(([key]) => !("field" in (properties[key] ?? {})));
  return { ...Object.fromEntries(kept), ...taskOutputs(properties, detail) };
}

/**
 * The refreshed outputs: the stored ones plus the task's current status. A task adopted by ID has no
 * stored inputs, so its own properties and format come from DBS.
 */
export function readOutputs(
  task: TaskShape,
  props: PropertyBag,
  detail: BackupSetDownloadTaskDetail,
): PropertyBag {
  const adopted = Object.entries(task.inputsFromTask(detail)).filter(([key]) => props[key] === undefined);
  return withTaskStatus(task.properties, { ...props, ...Object.fromEntries(adopted) }, detail);
}

/**
 * Starts the task: one Create call (retried with the same ClientToken on transient failures).
 * `cancel` ends a wait early (the engine was interrupted); the task is then kept as failed to initialize.
 */
export async function createTask(
  task: TaskShape,
  inputs: TaskInputs & PropertyBag,
  settings: ProviderSettings,
  cancel?: AbortSignal,
): Promise<{ id: string; outs: PropertyBag }> {
  const client = await openDbsClient(settings, inputs.region);
  const response = await client.call(task.action, {
    ...(task.params(inputs) as { BackupSetId: string }),
    ClientToken: inputs.clientToken,
  });
  const taskId = response.BackupSetDownloadTaskId;
  if (!taskId) {
    throw new Error(
      `DBS ${task.action} answered without a BackupSetDownloadTaskId (RequestId ${response.RequestId})`,
    );
  }
  return settle(task, client, taskId, { ...inputs, backupSetDownloadTaskId: taskId }, settings, cancel);
}

/**
 * The engine's update of a task that failed to initialize (its wait timed out or failed): the same
 * task is waited for again when `waitForCompletion` is set, else its status is read. Diff reports
 * every input change as a replacement, so this is the only update there is; no task is created.
 */
export async function resumeTask(
  task: TaskShape,
  id: string,
  inputs: TaskInputs & PropertyBag,
  settings: ProviderSettings,
  cancel?: AbortSignal,
): Promise<PropertyBag> {
  const client = await openDbsClient(settings, inputs.region);
  const outs = { ...inputs, backupSetDownloadTaskId: id };
  if (inputs.waitForCompletion) return (await settle(task, client, id, outs, settings, cancel)).outs;
  const detail = (await describeTask(client, id)) ?? missingTask(id);
  return withTaskStatus(task.properties, outs, detail);
}

/**
 * Refresh, `get` and import: the stored outputs with the task's current status, and the inputs DBS
 * reports; undefined when DBS no longer lists the task. A task adopted by its ID alone has no stored
 * inputs, so its own properties and format come from DBS, and it records `clientTokenSource: "imported"`:
 * DBS does not report the token it was created with.
 */
export async function readTask(
  task: TaskShape,
  id: string,
  props: PropertyBag,
  settings: ProviderSettings,
): Promise<{ outputs: PropertyBag; inputs: PropertyBag } | undefined> {
  const { region, failure } = resolveRegion(props.region, settings, "the resource's region argument");
  if (failure) throw new Error(`cannot read DBS download task ${id}: ${failure.reason}`);
  const client = await openDbsClient(settings, region as string);
  const detail = await describeTask(client, id);
  if (!detail) return undefined;
  const outputs: PropertyBag = { ...readOutputs(task, props, detail), region };
  if (props.clientTokenSource === undefined) outputs.clientTokenSource = "imported";
  return { outputs, inputs: task.inputsFromTask(detail) };
}

/** Returns at once, or waits for the task to finish; once the task exists, failures keep its id. */
async function settle(
  task: TaskShape,
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
    if (result.ok) return { id: taskId, outs: withTaskStatus(task.properties, outs, result.detail) };
    failure = result;
  } catch (error) {
    failure = { message: `waiting for DBS download task ${taskId} failed: ${(error as Error).message}` };
  }
  // The task exists: reject with its id and state so that the engine records it (and a retry of the
  // update does not start a second task) but marks it as failed to initialize.
  const properties = failure.detail ? withTaskStatus(task.properties, outs, failure.detail) : outs;
  throw Object.assign(new Error(failure.message), { id: taskId, properties, reasons: [failure.message] });
}

export function sleep(ms: number, cancel: AbortSignal | undefined): Promise<void> {
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
