// The API side of download tasks: build a client from the settings, create, wait for and read the task.
import type { DbsClient } from "./dbs/client";
import type { BackupSetDownloadTaskDetail, DbsActions } from "./dbs/types";
import { createDbsClient } from "./dbs/client";
import { resolveCredentials } from "./dbs/credentials";
import type { DownloadTaskInputs, DownloadTaskKind, PropertyBag } from "./downloadTask";
import { readOutputs, withTaskStatus } from "./downloadTask";
import type { ProviderSettings } from "./settings";
import { endpointFor } from "./settings";
import { waitForTask } from "./wait";

export async function openDbsClient(settings: ProviderSettings, region: string): Promise<DbsClient> {
  const endpoint = endpointFor(settings, region);
  const credentials = await resolveCredentials(settings);
  const timeoutMs = settings.requestTimeoutSeconds * 1000;
  return createDbsClient({
    endpoint,
    credentials,
    regionId: region,
    readTimeoutMs: timeoutMs,
    connectTimeoutMs: Math.min(timeoutMs, 10_000),
    retry: { maxAttempts: settings.maxAttempts, throttledForMs: settings.throttlingRetrySeconds * 1000 },
  });
}

/** Starts the task: one Create call (retried with the same ClientToken on transient failures). */
export async function createDownloadTask<I extends DownloadTaskInputs>(
  kind: DownloadTaskKind<I>,
  inputs: PropertyBag,
  settings: ProviderSettings,
): Promise<{ id: string; outs: PropertyBag }> {
  const task = inputs as unknown as I;
  const client = await openDbsClient(settings, task.region);
  const request = { ...kind.params(task), ClientToken: task.clientToken };
  const response = await client.call(kind.action, request as DbsActions[typeof kind.action][0]);
  const taskId = response.BackupSetDownloadTaskId;
  if (!taskId) {
    throw new Error(
      `DBS ${kind.action} answered without a BackupSetDownloadTaskId (RequestId ${response.RequestId})`,
    );
  }
  return settleDownloadTask(client, taskId, { ...inputs, backupSetDownloadTaskId: taskId }, settings);
}

/**
 * The engine's update of a task that failed to initialize (its wait timed out or failed): the same
 * task is waited for again when `waitForCompletion` is set, else its status is read. Diff reports
 * every input change as a replacement, so this is the only update there is; no task is created.
 */
export async function resumeDownloadTask(
  id: string,
  news: PropertyBag,
  settings: ProviderSettings,
): Promise<{ outs: PropertyBag }> {
  const task = news as unknown as DownloadTaskInputs;
  const client = await openDbsClient(settings, task.region);
  const outs = { ...news, backupSetDownloadTaskId: id };
  if (task.waitForCompletion) return { outs: (await settleDownloadTask(client, id, outs, settings)).outs };
  const detail = (await describeTask(client, id)) ?? missingTask(id);
  return { outs: withTaskStatus(outs, detail) };
}

/** Returns at once, or waits for the task to finish; once the task exists, failures keep its id. */
async function settleDownloadTask(
  client: DbsClient,
  taskId: string,
  outs: PropertyBag,
  settings: ProviderSettings,
): Promise<{ id: string; outs: PropertyBag }> {
  const task = outs as unknown as DownloadTaskInputs;
  if (!task.waitForCompletion) return { id: taskId, outs };

  let failure: { message: string; detail?: BackupSetDownloadTaskDetail };
  try {
    const result = await waitForTask(taskId, task.timeoutMinutes, {
      describe: async () => (await describeTask(client, taskId)) ?? missingTask(taskId),
      now: Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
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

/** Refresh (and `get`): the stored outputs with the task's current status; `id: ""` when it is gone. */
export async function readDownloadTask<I extends DownloadTaskInputs>(
  kind: DownloadTaskKind<I>,
  id: string,
  props: PropertyBag,
  settings: ProviderSettings,
): Promise<{ id: string; props: PropertyBag }> {
  const region = (props.region as string | undefined) ?? settings.region?.value;
  if (!region) {
    throw new Error(
      `cannot read DBS download task ${id}: no region; set the resource's region argument, config alicloud:region or env ALIBABA_CLOUD_REGION_ID`,
    );
  }
  const client = await openDbsClient(settings, region);
  const detail = await describeTask(client, id);
  if (!detail) return { id: "", props: {} };
  return { id, props: { ...readOutputs(kind, props, detail), region } };
}
