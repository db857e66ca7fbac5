// DownloadTaskNote (throwaway, the test of CONTRIBUTING.md): adopts an existing download task by its ID
// (DescribeBackupSetDownloadTaskList) and keeps a note on it; the note updates in place.
import type { PropertyBag } from "../lib/values";
import { checkIdentifier } from "../lib/values";
import { openDbsClient } from "../lib/connection";
import type { ResourceDefinition } from "../lib/definition";
import { changedInputs, checkValues, optionalInput, output, requiredInput } from "../lib/definition";
import type { ProviderSettings } from "../lib/settings";
import { resolveRegion } from "../lib/settings";

const properties = {
  /** The download task to adopt. */
  taskId: requiredInput<string>({
    type: "string",
    description: "The ID of an existing download task.",
    always: true,
    onChange: "replace",
    check: (property, value) => checkIdentifier(property, value, "dbstask****", "a download task ID"),
  }),
  /** The region of the task. */
  region: optionalInput<string>({
    type: "string",
    description: "The region of the task. Default: the provider's region.",
    always: true,
    onChange: "replace",
  }),
  /** Free text; a change updates the resource in place. */
  note: optionalInput<string>({
    type: "string",
    description: "Free text, updated in place.",
    onChange: "update",
  }),
  /** The task's status as of create or the last refresh. */
  taskStatus: output<string>({ type: "string", description: "The task's status." }),
};

async function statusOf(settings: ProviderSettings, region: string, id: string): Promise<string | undefined> {
  const client = await openDbsClient(settings, region);
  const response = await client.call("DescribeBackupSetDownloadTaskList", { BackupSetDownloadTaskId: id });
  const task = response.Items?.BackupSetDownloadTaskDetail?.find((t) => t.BackupSetDownloadTaskId === id);
  return task?.BackupSetDownloadStatus;
}

export const downloadTaskNote: ResourceDefinition<typeof properties> = {
  kind: "resource",
  type: "DownloadTaskNote",
  description: "A note on an existing DBS download task (throwaway).",
  properties,
  check(_olds, news, { settings, problems }) {
    const region = resolveRegion(news.region, settings, "the resource's region argument");
    const failures = [
      ...checkValues(properties, news),
      region.failure,
      ...problems.map(({ reason }) => ({ property: "", reason })),
    ];
    const found = failures.filter((f) => f !== undefined);
    if (found.length > 0) return { failures: found };
    return { inputs: { taskId: news.taskId, region: region.region, note: news.note }, failures: [] };
  },
  diff: (olds, news) => changedInputs(properties, olds, news),
  async create(inputs, settings) {
    const taskStatus = await statusOf(settings, inputs.region as string, inputs.taskId as string);
    if (!taskStatus) throw new Error(`DBS does not list download task ${inputs.taskId}`);
    return { id: inputs.taskId as string, outs: { ...inputs, taskStatus } };
  },
  update: async (_id, olds, news) => ({ ...olds, ...news }),
  async read(id, props: PropertyBag, settings) {
    const taskStatus = await statusOf(settings, (props.region ?? settings.region?.value) as string, id);
    if (!taskStatus) return undefined;
    return { outputs: { ...props, taskId: id, taskStatus }, inputs: { taskId: id } };
  },
  delete: async () => {},
};
