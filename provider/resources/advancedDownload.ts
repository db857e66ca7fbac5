// AdvancedDownload: a DBS 2021-01-01 "advanced download" task (CreateDownload), a full backup set or a
// point in time as CSV, SQL or Parquet, to a URL or the user's OSS bucket. CreateDownload takes no
// ClientToken, so one task per declaration comes from finding a matching task before creating one and
// after any answer that may have been lost (find-or-adopt); the client never repeats the create itself.
import type { DbsClient } from "../dbs/client";
import type { DbsError } from "../dbs/errors";
import { backoffDelayMs, DEFAULT_RETRY_POLICY } from "../dbs/retry";
import type {
  AdvancedFormatType,
  AdvancedTargetType,
  BakSetType,
  CreateDownloadRequest,
  CreatedDownloadTask,
  ListedDownloadTask,
} from "../dbs/types2021";
import { NAMESPACE } from "../lib/config";
import { openDbsClient } from "../lib/connection";
import type { EnumType, ResourceDefinition, StateOf } from "../lib/definition";
import {
  changedInputs,
  checkValues,
  optionalInput,
  output,
  propertyChange,
  requiredInput,
  withDefaults,
} from "../lib/definition";
import { sleep } from "../lib/downloadTaskOperations";
import type { ProviderSettings } from "../lib/settings";
import { resolveRegion } from "../lib/settings";
import type { CheckFailure, PropertyBag } from "../lib/values";
import { checkBoolean, checkIdentifier, describe, UNKNOWN } from "../lib/values";
import type { TaskStates } from "../lib/wait";
import { waitInputs, waitUntilEnded } from "../lib/wait";

const DEFAULT_ADOPT_MINUTES = 60;
const MAX_ADOPT_MINUTES = 10080;
/** How far the API's clock may be behind ours when we look for a task we may just have created. */
const CLOCK_SKEW_MS = 5 * 60_000;
const PAGE_SIZE = 100;
/** Epoch ms from 2001-09-09 to 2286: a smaller value is most likely seconds. */
const MIN_EPOCH_MS = 1e12;
const MAX_EPOCH_MS = 1e13;

const BAK_SET_TYPE: EnumType = {
  name: "AdvancedBakSetType",
  description: "What an advanced download converts: a full backup set, or the data as of a point in time.",
  values: ["full", "pitr"],
};
const FORMAT_TYPE: EnumType = {
  name: "AdvancedFormatType",
  description: "The format of an advanced download's files.",
  values: ["CSV", "SQL", "Parquet"],
};
const TARGET_TYPE: EnumType = {
  name: "AdvancedTargetType",
  description:
    "Where an advanced download's files go: DBS's storage (download URLs) or the user's OSS bucket.",
  values: ["URL", "OSS"],
};

/** One of an enum's values, case-sensitive as the API is (a wrong case names the right spelling). */
function checkChoice(type: EnumType) {
  return (property: string, value: unknown): CheckFailure | undefined => {
    if (value === undefined || value === UNKNOWN) return undefined;
    if (typeof value === "string" && type.values.includes(value)) return undefined;
    const match =
      typeof value === "string"
        ? type.values.find((v) => v.toLowerCase() === value.toLowerCase())
        : undefined;
    const suggestion = match ? ` (values are case-sensitive: did you mean "${match}"?)` : "";
    return {
      property,
      reason: `${property} ${describe(value)} is not allowed: use one of ${type.values.join(", ")}${suggestion}`,
    };
  };
}

function checkWholeNumber(property: string, value: unknown, min: number, max: number, unit: string) {
  if (value === undefined || value === UNKNOWN) return undefined;
  if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return undefined;
  return {
    property,
    reason: `${property} must be a whole number of ${unit} from ${min} to ${max}, got ${describe(value)}`,
  };
}

function checkPointInTime(property: string, value: unknown): CheckFailure | undefined {
  if (value === undefined || value === UNKNOWN) return undefined;
  if (typeof value === "number" && Number.isInteger(value) && value >= MIN_EPOCH_MS && value < MAX_EPOCH_MS)
    return undefined;
  const seconds = typeof value === "number" && value > 1e8 && value < MIN_EPOCH_MS;
  const hint = seconds ? ` (it looks like seconds: use ${value * 1000})` : "";
  return {
    property,
    reason: `${property} ${describe(value)} is not allowed: use a point in time in epoch milliseconds, e.g. 1661331864000${hint}`,
  };
}

const identifierCheck = (example: string, what: string) => (property: string, value: unknown) =>
  value === undefined ? undefined : checkIdentifier(property, value, example, what);

const properties = {
  /** The instance, e.g. "rm-bp1xxxxxxxx" (RDS MySQL / PostgreSQL, PolarDB MySQL, MongoDB). */
  instanceName: requiredInput<string>({
    type: "string",
    description: "The ID of the database instance (`InstanceName`), e.g. rm-bp1****.",
    always: true,
    onChange: "replace",
    check: (property, value) => checkIdentifier(property, value, "rm-bp1****", "an instance ID"),
  }),
  /** full (a backup set, needs bakSetId) | pitr (a point in time, needs downloadPointInTime). Default full. */
  bakSetType: optionalInput<BakSetType>({
    type: BAK_SET_TYPE,
    description:
      "full (a backup set: set bakSetId) or pitr (the data as of a point in time: set downloadPointInTime). Default full.",
    always: true,
    onChange: "replace",
    defaultValue: "full",
    check: checkChoice(BAK_SET_TYPE),
  }),
  /** The full backup set (RDS/PolarDB DescribeBackups); required for full, not allowed for pitr. */
  bakSetId: optionalInput<string | undefined>({
    type: "string",
    description:
      "The ID of the full backup set to download (`BakSetId`, from RDS/PolarDB DescribeBackups). Required when " +
      "bakSetType is full; not allowed for pitr (DBS picks the backup set a point in time starts from).",
    onChange: "replace",
    check: identifierCheck("1460050001", "a backup set ID"),
  }),
  /** Epoch milliseconds, e.g. 1661331864000; required for pitr, not allowed for full. */
  downloadPointInTime: optionalInput<number | undefined>({
    type: "integer",
    description:
      "The point in time to download, in epoch milliseconds (e.g. 1661331864000). Required when bakSetType is " +
      "pitr; not allowed for full.",
    onChange: "replace",
    check: checkPointInTime,
  }),
  /** CSV | SQL | Parquet (case-sensitive). */
  formatType: requiredInput<AdvancedFormatType>({
    type: FORMAT_TYPE,
    description: "The format of the files: CSV, SQL or Parquet (case-sensitive).",
    always: true,
    onChange: "replace",
    check: (property, value) =>
      value === undefined
        ? { property, reason: `${property} is required: one of ${FORMAT_TYPE.values.join(", ")}` }
        : checkChoice(FORMAT_TYPE)(property, value),
  }),
  /** URL (DBS keeps the files, fetched by URL) | OSS (into targetBucket). Default URL. */
  targetType: optionalInput<AdvancedTargetType>({
    type: TARGET_TYPE,
    description:
      "URL (DBS keeps the files; getAdvancedDownloadUrls mints links to them) or OSS (DBS writes them into " +
      "targetBucket; the account must have granted the AliyunDBSDefaultRole role). Default URL.",
    always: true,
    onChange: "replace",
    defaultValue: "URL",
    check: checkChoice(TARGET_TYPE),
  }),
  /** OSS only (required there): the bucket. */
  targetBucket: optionalInput<string | undefined>({
    type: "string",
    description:
      "The OSS bucket the files are written to. Required when targetType is OSS, else not allowed.",
    onChange: "replace",
    check: identifierCheck("my-backups", "a bucket name"),
  }),
  /** OSS only (required there): the bucket's region. */
  targetOssRegion: optionalInput<string | undefined>({
    type: "string",
    description:
      "The region of targetBucket, e.g. cn-hangzhou. Required when targetType is OSS, else not allowed.",
    onChange: "replace",
    check: identifierCheck("cn-hangzhou", "a region ID"),
  }),
  /** OSS only (required there): the path in the bucket. */
  targetPath: optionalInput<string | undefined>({
    type: "string",
    description:
      "The path in targetBucket the files go under. Required when targetType is OSS, else not allowed.",
    onChange: "replace",
    check: identifierCheck("exports/orders", "a path"),
  }),
  /** Bytes: the size of the full backup set, when known. */
  bakSetSize: optionalInput<number | undefined>({
    type: "integer",
    description: "The size of the full backup set in bytes (`BakSetSize`), when known.",
    onChange: "replace",
    check: (property, value) => checkWholeNumber(property, value, 1, Number.MAX_SAFE_INTEGER, "bytes"),
  }),
  /** MongoDB sharded clusters: the cluster. */
  clusterName: optionalInput<string | undefined>({
    type: "string",
    description: "The cluster name of a MongoDB sharded cluster (`ClusterName`).",
    onChange: "replace",
    check: identifierCheck("dds-bp1****", "a cluster name"),
  }),
  /** Default: config alicloud:region, else env ALIBABA_CLOUD_REGION_ID or ALICLOUD_REGION. */
  region: optionalInput<string>({
    type: "string",
    description:
      "The region of the instance (`RegionCode`), e.g. cn-hangzhou. Default: the provider's region.",
    always: true,
    onChange: "replace",
  }),
  ...waitInputs("is finished"),
  /** Retry a failed task in place (RetryDownloadTask) at the next update or wait. Default false. */
  retryFailedTask: optionalInput<boolean>({
    type: "boolean",
    description:
      "When true, a task found failed is retried in place (RetryDownloadTask, same task ID): a matching failed " +
      "task is adopted and retried rather than replaced by a new one, once during create's wait, and at the next " +
      "`pulumi up` after a refresh or a failed wait recorded the failure. Default false.",
    always: true,
    onChange: "ignore",
    defaultValue: false,
    check: checkBoolean,
  }),
  /** How old a matching task may be to be adopted instead of creating one (0: never adopt before create). */
  adoptWithinMinutes: optionalInput<number>({
    type: "integer",
    description:
      "Before creating, a task matching this declaration created in the last adoptWithinMinutes minutes is " +
      `adopted instead (a re-run after an interrupted \`pulumi up\`). From 0 (never) to ${MAX_ADOPT_MINUTES}. ` +
      `Default ${DEFAULT_ADOPT_MINUTES}. Changing it never replaces the task.`,
    always: true,
    onChange: "ignore",
    defaultValue: DEFAULT_ADOPT_MINUTES,
    check: (property, value) => checkWholeNumber(property, value, 0, MAX_ADOPT_MINUTES, "minutes"),
  }),
  /** The task's ID, e.g. "dt-s0ugzak9****". (The resource ID is `<instanceName>/<taskId>`.) */
  taskId: output<string>({
    type: "string",
    description:
      "The ID of the download task, e.g. dt-s0ugzak9****. The resource ID is `<instanceName>/<taskId>`.",
    always: true,
  }),
  /** initializing | queuing | running | finished | failed | expired, as of the last create, update or refresh. */
  status: output<string>({
    type: "string",
    description:
      "The task's state as of the last create, update or refresh, in lower case: initializing, queuing, running, " +
      "finished, failed or expired (a URL download expires 3 days after it finished).",
    always: true,
  }),
  /** Tables done / total, "0/0" while preparing. */
  progress: output<string | undefined>({
    type: "string",
    description: 'Tables done / total tables ("0/0" while preparing).',
  }),
  /** The backup set downloaded: bakSetId for full, the full set a pitr download starts from. */
  downloadedBakSetId: output<string | undefined>({
    type: "string",
    description:
      "The backup set DBS downloads: bakSetId for full, the full backup set a pitr download starts from.",
  }),
  /** Epoch ms: the point in time of the data. */
  backupSetTime: output<number | undefined>({
    type: "integer",
    description: "The point in time of the downloaded data, in epoch milliseconds.",
  }),
  /** Bytes written so far. */
  exportDataSize: output<number | undefined>({
    type: "integer",
    description: "The bytes of files written so far.",
  }),
  /** Epoch ms. */
  createTime: output<number | undefined>({
    type: "integer",
    description: "When the task was created, in epoch milliseconds.",
  }),
};

type Properties = typeof properties;
type Inputs = Pick<
  StateOf<Properties>,
  {
    [K in keyof Properties]: Properties[K]["input"] extends true ? K : never;
  }[keyof Properties]
>;

const INPUT_NAMES = Object.keys(properties).filter((name) => properties[name as keyof Properties].input);
const ONLY_FOR: [keyof Inputs, (inputs: PropertyBag) => boolean, string][] = [
  ["bakSetId", (i) => i.bakSetType === "full", "bakSetType full"],
  ["downloadPointInTime", (i) => i.bakSetType === "pitr", "bakSetType pitr"],
  ["targetBucket", (i) => i.targetType === "OSS", "targetType OSS"],
  ["targetOssRegion", (i) => i.targetType === "OSS", "targetType OSS"],
  ["targetPath", (i) => i.targetType === "OSS", "targetType OSS"],
];

/** What one input needs of the others: pitr needs a point in time, OSS a bucket, its region and a path. */
function crossChecks(inputs: PropertyBag): CheckFailure[] {
  return ONLY_FOR.flatMap(([property, applies, condition]) => {
    const value = inputs[property];
    const known = [inputs.bakSetType, inputs.targetType].every((v) => v !== UNKNOWN);
    if (!known || value === UNKNOWN) return [];
    if (applies(inputs) && value === undefined)
      return [{ property, reason: `${property} is required when ${condition} is set` }];
    if (!applies(inputs) && value !== undefined)
      return [
        { property, reason: `${property} ${describe(value)} is not allowed: it is only for ${condition}` },
      ];
    return [];
  });
}

/** The inputs an operation was handed, narrowed to what check produces (anything else is refused). */
function checkedInputs(bag: PropertyBag): Inputs & PropertyBag {
  const wrong = ["instanceName", "bakSetType", "formatType", "targetType", "region"]
    .filter((name) => typeof bag[name] !== "string")
    .concat(
      ["waitForCompletion", "retryFailedTask"].filter((name) => typeof bag[name] !== "boolean"),
      ["timeoutMinutes", "adoptWithinMinutes"].filter((name) => typeof bag[name] !== "number"),
    );
  if (wrong.length > 0) {
    throw new Error(`AdvancedDownload: these inputs are not what check produces: ${wrong.join(", ")}`);
  }
  return bag as Inputs & PropertyBag;
}

function createRequest(inputs: Inputs): CreateDownloadRequest {
  return {
    RegionCode: inputs.region,
    InstanceName: inputs.instanceName,
    BakSetType: inputs.bakSetType,
    BakSetId: inputs.bakSetId,
    DownloadPointInTime: inputs.downloadPointInTime,
    BakSetSize: inputs.bakSetSize,
    FormatType: inputs.formatType,
    TargetType: inputs.targetType,
    TargetBucket: inputs.targetBucket,
    TargetOssRegion: inputs.targetOssRegion,
    TargetPath: inputs.targetPath,
    ClusterName: inputs.clusterName,
  };
}

/** The list spells "queuing", the filter "queueing", CreateDownload lower case: one spelling here. */
export function normalStatus(status: string | undefined): string {
  const lower = (status ?? "").toLowerCase();
  return lower === "queueing" ? "queuing" : lower;
}

/**
 * Whether a listed task is the download these inputs declare (the list was already filtered by
 * region, instance and task type): the same backup set (full) or point in time (pitr), format (the list
 * may spell CSV "csv"), target type and, for OSS, target path. The list does not report the bucket or
 * its region, so two declarations differing only in those are the same download to this rule.
 */
export function matchesDeclaration(task: ListedDownloadTask, inputs: Inputs): boolean {
  const same = (a: string | undefined, b: string | undefined) =>
    (a ?? "").toLowerCase() === (b ?? "").toLowerCase();
  const source =
    inputs.bakSetType === "full"
      ? task.BakSetId === inputs.bakSetId
      : task.BackupSetTime === String(inputs.downloadPointInTime);
  const target =
    same(task.TargetType ?? "URL", inputs.targetType) &&
    (inputs.targetType !== "OSS" || task.TargetPath === inputs.targetPath);
  return source && target && same(task.Format, inputs.formatType);
}

/**
 * Of the matching tasks, the one to adopt, the oldest first: never an expired one, and a failed one
 * only when the declaration asks for failed tasks to be retried in place (else a new task is wanted).
 */
export function taskToAdopt(tasks: ListedDownloadTask[], inputs: Inputs): ListedDownloadTask | undefined {
  const adoptable = (t: ListedDownloadTask) => {
    const status = normalStatus(t.DownloadStatus);
    return status !== "expired" && (status !== "failed" || inputs.retryFailedTask);
  };
  const rank = (t: ListedDownloadTask) => (normalStatus(t.DownloadStatus) === "failed" ? 1 : 0);
  return tasks
    .filter((t) => matchesDeclaration(t, inputs) && adoptable(t))
    .sort((a, b) => rank(a) - rank(b) || Number(a.GmtCreate) - Number(b.GmtCreate))[0];
}

/** Every page of DescribeDownloadTask for the instance, with the given filters. */
async function listTasks(
  client: DbsClient,
  inputs: Pick<Inputs, "region" | "instanceName" | "clusterName">,
  filter: { TaskType?: BakSetType; BackupSetId?: string; StartTime?: number; EndTime?: number },
): Promise<ListedDownloadTask[]> {
  const tasks: ListedDownloadTask[] = [];
  for (let page = 1; ; page++) {
    const response = await client.call("DescribeDownloadTask", {
      RegionCode: inputs.region,
      InstanceName: inputs.instanceName,
      ClusterName: inputs.clusterName,
      ...filter,
      OrderDirect: "asc",
      CurrentPage: page,
      PageSize: PAGE_SIZE,
    });
    const list = response.Data?.Content?.List ?? [];
    tasks.push(...list);
    if (list.length < PAGE_SIZE || page >= (response.Data?.TotalPages ?? 0)) return tasks;
  }
}

/** A matching task created since `sinceMs` (our clock), to adopt rather than create. */
async function findMatching(client: DbsClient, inputs: Inputs, sinceMs: number) {
  const tasks = await listTasks(client, inputs, {
    TaskType: inputs.bakSetType,
    BackupSetId: inputs.bakSetType === "full" ? inputs.bakSetId : undefined,
    StartTime: Math.max(0, Math.floor(sinceMs)),
  });
  return taskToAdopt(tasks, inputs);
}

/** The task by its ID; the list has no ID filter, so it is narrowed by what the state knows of it. */
async function findById(
  client: DbsClient,
  where: Pick<Inputs, "region" | "instanceName" | "clusterName">,
  taskId: string,
  known: { bakSetType?: BakSetType; createTime?: number },
): Promise<{ task: ListedDownloadTask; bakSetType?: BakSetType } | undefined> {
  const around = known.createTime;
  const window = around === undefined ? {} : { StartTime: around - 60_000, EndTime: around + 60_000 };
  // An imported task's type is not reported by the list: it is the type whose filtered list holds it.
  for (const bakSetType of known.bakSetType ? [known.bakSetType] : (["full", "pitr"] as const)) {
    const tasks = await listTasks(client, where, { TaskType: bakSetType, ...window });
    const task = tasks.find((t) => t.TaskId === taskId);
    if (task) return { task, bakSetType };
  }
  return undefined;
}

/** CreateDownload's Data in the list's shape (every field a string). */
function asListed(data: CreatedDownloadTask): ListedDownloadTask {
  const entries = Object.entries(data).filter(([, value]) => value !== undefined && value !== null);
  return Object.fromEntries(entries.map(([key, value]) => [key, String(value)])) as ListedDownloadTask;
}

/** The outputs a task gives; absent values are left out (an engine Struct cannot carry undefined). */
function taskOutputs(task: ListedDownloadTask): PropertyBag {
  const number = (value: string | undefined) =>
    value === undefined || value === "" ? undefined : Number(value);
  const outputs: PropertyBag = {
    taskId: task.TaskId,
    status: normalStatus(task.DownloadStatus),
    progress: task.Progress || undefined,
    downloadedBakSetId: task.BakSetId || undefined,
    backupSetTime: number(task.BackupSetTime),
    exportDataSize: number(task.ExportDataSize),
    createTime: number(task.GmtCreate),
  };
  for (const key of Object.keys(outputs)) if (outputs[key] === undefined) delete outputs[key];
  return outputs;
}

const STATES: TaskStates<ListedDownloadTask> = {
  status: (task) => normalStatus(task.DownloadStatus),
  finished: ["finished"],
  failed: ["failed", "expired"],
  errorMessage: () => undefined,
};

/** A DbsError whose request may have been carried out: no answer, a timeout, a 5xx (not throttling). */
function mayHaveActed(error: unknown): boolean {
  const failure = error as Partial<DbsError>;
  return failure.transient === true && !String(failure.code).startsWith("Throttling");
}

const resourceId = (instanceName: string, taskId: string) => `${instanceName}/${taskId}`;

function parseId(id: string): { instanceName: string; taskId: string } {
  const slash = id.lastIndexOf("/");
  if (slash <= 0 || slash === id.length - 1) {
    throw new Error(
      `AdvancedDownload ID ${JSON.stringify(id)} is not <instanceName>/<taskId>, e.g. rm-bp1****/dt-s0ugzak9****`,
    );
  }
  return { instanceName: id.slice(0, slash), taskId: id.slice(slash + 1) };
}

/**
 * Returns at once, or waits for the task to finish (retrying a failed task once in place when asked);
 * once the task exists, a failure carries its ID and state so that the engine keeps it.
 */
async function settle(
  client: DbsClient,
  task: ListedDownloadTask,
  inputs: Inputs & PropertyBag,
  settings: ProviderSettings,
  cancel?: AbortSignal,
): Promise<{ id: string; outs: PropertyBag }> {
  const id = resourceId(inputs.instanceName, task.TaskId);
  let outs: PropertyBag = { ...inputs, ...taskOutputs(task) };
  if (!inputs.waitForCompletion) return { id, outs };
  let message: string;
  try {
    let retried = false;
    for (;;) {
      const result = await waitUntilEnded(
        task.TaskId,
        inputs.timeoutMinutes,
        {
          describe: async () =>
            (await findById(client, inputs, task.TaskId, known(inputs, outs)))?.task ?? missing(id),
          now: Date.now,
          sleep: (ms) => sleep(ms, cancel),
          pollScale: settings.pollScale,
        },
        STATES,
      );
      if (result.detail) outs = { ...outs, ...taskOutputs(result.detail) };
      if (result.ok) return { id, outs };
      message = result.message;
      if (retried || !inputs.retryFailedTask || outs.status !== "failed") break;
      await retryInPlace(client, inputs, task.TaskId);
      retried = true;
    }
  } catch (error) {
    message = `waiting for DBS download task ${task.TaskId} failed: ${(error as Error).message}`;
  }
  throw Object.assign(new Error(message), { id, properties: outs, reasons: [message] });
}

const known = (inputs: PropertyBag, outs: PropertyBag) => ({
  bakSetType: inputs.bakSetType as BakSetType | undefined,
  createTime: typeof outs.createTime === "number" ? outs.createTime : undefined,
});

function missing(id: string): never {
  throw new Error(`DBS no longer lists download task ${id}`);
}

/** RetryDownloadTask, sent once (whether it is idempotent is not documented). */
async function retryInPlace(client: DbsClient, inputs: Inputs, taskId: string): Promise<void> {
  const response = await client.call(
    "RetryDownloadTask",
    {
      RegionCode: inputs.region,
      TaskId: taskId,
      InstanceName: inputs.instanceName,
      ClusterName: inputs.clusterName,
    },
    { maxAttempts: 1 },
  );
  if (response.Data && response.Data !== taskId) {
    throw new Error(
      `DBS RetryDownloadTask answered with task ${response.Data} instead of retrying ${taskId} in place; ` +
        "declare a new AdvancedDownload (or import it) to follow that task",
    );
  }
}

/** The task as it is after a retry in place, when it failed and the declaration asks for that. */
async function retriedIfFailed(
  client: DbsClient,
  inputs: Inputs,
  task: ListedDownloadTask,
): Promise<ListedDownloadTask> {
  if (!inputs.retryFailedTask || normalStatus(task.DownloadStatus) !== "failed") return task;
  await retryInPlace(client, inputs, task.TaskId);
  const createTime = task.GmtCreate ? Number(task.GmtCreate) : undefined;
  const found = await findById(client, inputs, task.TaskId, { bakSetType: inputs.bakSetType, createTime });
  return found?.task ?? missing(resourceId(inputs.instanceName, task.TaskId));
}

/**
 * Find-or-adopt: a matching task created within adoptWithinMinutes is adopted; else CreateDownload is
 * sent once (the client retries it only when throttled, which the API refused), and after an answer
 * that may have been lost, matching tasks created since just before that request are looked up before
 * creating again (or failing, after maxAttempts creates).
 */
async function createOrAdopt(
  client: DbsClient,
  inputs: Inputs,
  settings: ProviderSettings,
  cancel?: AbortSignal,
): Promise<ListedDownloadTask> {
  if (inputs.adoptWithinMinutes > 0) {
    const found = await findMatching(client, inputs, Date.now() - inputs.adoptWithinMinutes * 60_000);
    if (found) return found;
  }
  for (let attempt = 1; ; attempt++) {
    const sentAt = Date.now();
    try {
      const response = await client.call("CreateDownload", createRequest(inputs), { maxAttempts: 1 });
      return asListed(response.Data);
    } catch (error) {
      if (!mayHaveActed(error)) throw error;
      const found = await findMatching(client, inputs, sentAt - CLOCK_SKEW_MS);
      if (found) return found;
      if (attempt >= settings.maxAttempts) throw error;
      await sleep(backoffDelayMs(DEFAULT_RETRY_POLICY, attempt), cancel);
    }
  }
}

/** Canonical spellings for inputs read from a listed task (import). */
function inputsFromTask(task: ListedDownloadTask, instanceName: string, bakSetType: BakSetType): PropertyBag {
  const format = FORMAT_TYPE.values.find((v) => v.toLowerCase() === (task.Format ?? "").toLowerCase());
  const targetType = TARGET_TYPE.values.find((v) => v === (task.TargetType ?? "URL").toUpperCase());
  const inputs: PropertyBag = {
    instanceName,
    bakSetType,
    formatType: format,
    targetType,
    ...(bakSetType === "full"
      ? { bakSetId: task.BakSetId }
      : { downloadPointInTime: Number(task.BackupSetTime) }),
    ...(targetType === "OSS" && task.TargetPath ? { targetPath: task.TargetPath } : {}),
  };
  for (const key of Object.keys(inputs)) if (inputs[key] === undefined) delete inputs[key];
  return inputs;
}

const DESCRIPTION = `A DBS advanced download task (API 2021-01-01, CreateDownload): DBS converts a full backup set, or \
the data of an instance as of a point in time, into CSV, SQL or Parquet files, kept by DBS (fetched through the \
URLs that \`getAdvancedDownloadUrls\` mints) or written into your OSS bucket. RDS MySQL and PostgreSQL, PolarDB for \
MySQL and MongoDB instances.

## One task per declaration

CreateDownload takes no ClientToken, so a create repeated after a lost answer would start a second task. This \
resource never repeats it blindly: the request is sent once (only a throttled request, which the API refused, is \
sent again), and

1. before creating, it lists the instance's tasks (DescribeDownloadTask, filtered by task type, backup set and \
creation time) and adopts a task that matches the declaration and was created in the last \`adoptWithinMinutes\` \
(default ${DEFAULT_ADOPT_MINUTES}): this covers a \`pulumi up\` that was killed after its request reached DBS;
2. after an answer that may have been lost (connection reset, timeout, HTTP 5xx), it looks again for a matching \
task created since 5 minutes before the request, and creates again only when there is none (up to \`maxAttempts\` \
creates).

A task matches when it has the same region, instance, bakSetType, bakSetId (full) or point in time (pitr), \
formatType, targetType and, for OSS, targetPath; of several, the oldest live one is adopted. An expired task is \
never adopted, a failed one only with \`retryFailedTask\` (which then retries it in place); a task that does not \
match is never adopted.

Limits: DBS does not report a task's targetBucket or targetOssRegion, so declarations that differ only in those \
are the same download to this rule; two resources with the same inputs in one account within the window share \
one task (set \`adoptWithinMinutes: 0\` on one to never adopt before creating, or change an input). The creation \
window trusts the clocks to be within 5 minutes of each other.

## Lifecycle

With \`waitForCompletion\`, create waits (up to \`timeoutMinutes\`) until the task is finished. With \
\`retryFailedTask\`, a failed task is retried in place (RetryDownloadTask): once during that wait, and at the next \
\`pulumi up\` after a refresh or a failed wait recorded the failure. \`pulumi refresh\` reads the task \
(DescribeDownloadTask).

DBS has no API to delete or cancel an advanced download task: destroying the resource only removes it from the \
state (no API call). DBS keeps the files of a URL download until the task expires, 3 days after it finished; the \
files of an OSS download stay in your bucket until you delete them. (ROS's \`ALIYUN::DBS::Download\` by contrast \
deletes the backup set in OSS when its stack is deleted, \`DeleteBackupSetInOss\` defaulting to true.)

## Import

The ID is \`<instanceName>/<taskId>\` (DescribeDownloadTask needs the instance); the region comes from the \
provider configuration (\`${NAMESPACE}:region\`). DBS does not report the bucket or bucket region of an OSS task: \
declare them as they are, they are not compared against an imported task.

\`\`\`sh
$ pulumi import ${NAMESPACE}:index:AdvancedDownload orders-sql rm-bp1****/dt-s0ugzak9****
\`\`\`
`;

export const advancedDownload: ResourceDefinition<Properties> = {
  kind: "resource",
  type: "AdvancedDownload",
  description: DESCRIPTION,
  properties,
  check(_olds, news, { settings, problems }) {
    const region = resolveRegion(news.region, settings, "the resource's region argument");
    const given = INPUT_NAMES.filter((name) => news[name] !== undefined).map((name) => [name, news[name]]);
    const inputs = { ...withDefaults(properties, Object.fromEntries(given)), region: region.region };
    const failures = [
      ...checkValues(properties, news),
      ...crossChecks(inputs),
      region.failure,
      ...problems.map(({ reason }) => ({ property: "", reason })),
    ].filter((failure): failure is CheckFailure => failure !== undefined);
    return failures.length > 0 ? { failures } : { inputs, failures };
  },
  /**
   * Every API input replaces the task. An imported OSS task has no bucket or bucket region in its state
   * (DBS does not report them), so those are compared only once known. With retryFailedTask, a task
   * recorded as failed is an in-place update: the update retries it.
   */
  diff(olds, news) {
    const skip = ["targetBucket", "targetOssRegion"].filter(
      (name) => olds[name] === undefined && olds.targetType === "OSS",
    );
    const changes = changedInputs(properties, olds, news, skip);
    if (news.retryFailedTask === true && olds.status === "failed") {
      changes.push(propertyChange("retryFailedTask", olds.retryFailedTask, true, false));
    }
    return changes;
  },
  async create(bag, settings, cancel) {
    const inputs = checkedInputs(bag);
    const client = await openDbsClient(settings, inputs.region);
    const task = await createOrAdopt(client, inputs, settings, cancel);
    return settle(client, await retriedIfFailed(client, inputs, task), inputs, settings, cancel);
  },
  /** A failed task retried in place when asked; then waited for, or read. Never creates a task. */
  async update(id, olds, bag, settings, cancel) {
    const inputs = checkedInputs(bag);
    const client = await openDbsClient(settings, inputs.region);
    const { taskId } = parseId(id);
    const task = (await findById(client, inputs, taskId, known(inputs, olds)))?.task ?? missing(id);
    return (await settle(client, await retriedIfFailed(client, inputs, task), inputs, settings, cancel)).outs;
  },
  async read(id, props, settings) {
    const { instanceName, taskId } = parseId(id);
    const { region, failure } = resolveRegion(props.region, settings, "the resource's region argument");
    if (failure) throw new Error(`cannot read DBS download task ${id}: ${failure.reason}`);
    const client = await openDbsClient(settings, region as string);
    const where = {
      region: region as string,
      instanceName,
      clusterName: props.clusterName as string | undefined,
    };
    const found = await findById(client, where, taskId, known(props, props));
    if (!found) return undefined;
    const inputs = inputsFromTask(found.task, instanceName, found.bakSetType ?? "full");
    const defaults = withDefaults(properties, {});
    const outputs = { ...defaults, ...inputs, ...props, ...taskOutputs(found.task), region };
    return { outputs, inputs: { ...inputs, region } };
  },
  // DBS has no API to delete or cancel a task: deleting the resource only forgets it.
  delete: async () => {},
};
