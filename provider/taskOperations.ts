// The API side of download tasks: build a client from the settings, create the task.
import type { DbsClient } from "./dbs/client";
import type { DbsActions } from "./dbs/types";
import { createDbsClient } from "./dbs/client";
import { resolveCredentials } from "./dbs/credentials";
import type { DownloadTaskInputs, DownloadTaskKind, PropertyBag } from "./downloadTask";
import type { ProviderSettings } from "./settings";
import { endpointFor } from "./settings";

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
    retry: { maxAttempts: settings.maxAttempts },
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
  return { id: taskId, outs: { ...inputs, backupSetDownloadTaskId: taskId } };
}
