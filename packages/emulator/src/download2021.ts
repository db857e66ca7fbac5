/**
 * DBS 2021-01-01 "advanced download" actions, with the field names and wire types of the official SDK
 * models (@alicloud/dbs20210101, aliyun/alibabacloud-typescript-sdk dbs-20210101/src/models/): every
 * request field a string, the envelope's `Success` a string, CreateDownload's `Data` with numbers,
 * DescribeDownloadTask's list items with every field a string. The gateway side (version, signature,
 * permissions, rate limit, faults) is server.ts's, shared with 2019-03-06.
 * Error codes other than the documented `DBS.ParamIsInValid` are guesses: the docs list none.
 */
import { ACCOUNT_ID } from "./accessDenied";
import { randomBytes } from "node:crypto";
import { ApiError, BusinessError, gatewayErrorBody } from "./errors";
import type { Params } from "./params";
import {
  URL_RETENTION_MS,
  dataSizes,
  progressText,
  type AdvancedDownloads,
  type AdvancedTaskState,
  type Instance,
  type StoredAdvancedTask,
} from "./download2021Store";
import type { AdvancedDownloadBehaviour } from "./download2021Types";

export const API_VERSION_2021 = "2021-01-01";

const FORMATS = ["CSV", "SQL", "Parquet"];
/** DescribeDownloadTask's State filter: the documented values, and the list's own `queuing`. */
const STATES = ["initializing", "queueing", "queuing", "running", "failed", "finished", "expired"];
const MIN_URL_DURATION_S = 300;
const MAX_URL_DURATION_S = 86400;
const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 100;
const FILE_EXTENSIONS: Record<string, string> = {
  CSV: "csv.tar.gz",
  SQL: "sql.tar.gz",
  Parquet: "parquet.tar.gz",
};

export interface ActionContext2021 {
  params: Params;
  accessKeyId: string;
  downloads: AdvancedDownloads;
  /** Simulated epoch ms. */
  now: number;
  behaviour: AdvancedDownloadBehaviour;
}

type Handler = (ctx: ActionContext2021) => unknown;

const paramInvalid = (message: string): BusinessError =>
  new BusinessError(400, "DBS.ParamIsInValid", message);

/** The docs' example: "Argument: regionCode Must not be empty". */
function need(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === "") {
    throw paramInvalid(`Argument: ${name[0].toLowerCase()}${name.slice(1)} Must not be empty`);
  }
  return value;
}

function invalid(name: string, value: string, allowed: string): BusinessError {
  return paramInvalid(`The specified parameter ${name} value "${value}" is not valid. ${allowed}`);
}

/** Case-sensitive, like the documented enums. */
function choice<T extends string>(params: Params, name: string, allowed: readonly T[], fallback?: T): T {
  const value = params[name];
  if (value === undefined || value === "") return fallback ?? (need(params, name) as T);
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalid(name, value, `Valid values: ${allowed.join(", ")}.`);
  }
  return value as T;
}

/** A whole number in a range, or undefined when absent. */
function whole(params: Params, name: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const value = params[name];
  if (value === undefined || value === "") return undefined;
  const number = /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!(number >= min && number <= max))
    throw invalid(name, value, `It must be a whole number from ${min} to ${max}.`);
  return number;
}

const instanceNotFound = (name: string): BusinessError =>
  new BusinessError(404, "DBS.InstanceNotFound", `The instance ${name} does not exist in this region.`);

const taskNotFound = (taskId: string): BusinessError =>
  new BusinessError(404, "DBS.TaskNotFound", `The download task ${taskId} does not exist.`);

function instanceOf(ctx: ActionContext2021): Instance {
  const name = need(ctx.params, "InstanceName");
  const instance = ctx.downloads.instance(name, need(ctx.params, "RegionCode"));
  if (!instance) throw instanceNotFound(name);
  return instance;
}

/** The fields CreateDownload's Data and DescribeDownloadTask's list items share. */
function taskFields(task: StoredAdvancedTask, state: AdvancedTaskState) {
  const sizes = dataSizes(task, state);
  const fields = {
    TaskId: task.taskId,
    BakSetId: task.set.backupSetId,
    // Guess: for a full download, the backup set's own point in time.
    BackupSetTime: task.downloadPointInTime ?? task.set.time,
    DownloadStatus: state.status as string,
    Format: task.format,
    TargetType: task.targetType,
    RegionCode: task.instance.regionCode,
    GmtCreate: task.createTime,
    Progress: progressText(state),
    ExportDataSize: sizes.written,
    ImportDataSize: sizes.read,
    DbList: "",
  };
  // Documented as returned for OSS targets only.
  return task.targetPath === undefined ? fields : { ...fields, TargetPath: task.targetPath };
}

const createDownload: Handler = (ctx) => {
  const { params } = ctx;
  need(params, "RegionCode");
  need(params, "InstanceName");
  const format = choice(params, "FormatType", FORMATS);
  const bakSetType = choice(params, "BakSetType", ["full", "pitr"] as const, "full");
  const targetType = choice(params, "TargetType", ["URL", "OSS"] as const, "URL");
  const oss =
    targetType === "OSS"
      ? {
          targetBucket: need(params, "TargetBucket"),
          targetOssRegion: need(params, "TargetOssRegion"),
          targetPath: need(params, "TargetPath"),
        }
      : {};
  whole(params, "BakSetSize");
  choice(params, "IsPhysical", ["true", "false"], "false");
  const instance = instanceOf(ctx);
  if (!instance.supportsDownload) {
    throw new BusinessError(
      400,
      "DBS.NotSupport",
      `The instance ${instance.instanceName} does not support advanced download.`,
    );
  }
  let set;
  let downloadPointInTime: number | undefined;
  if (bakSetType === "full") {
    const bakSetId = need(params, "BakSetId");
    set = instance.backupSets.find((s) => s.backupSetId === bakSetId);
    if (!set) {
      throw new BusinessError(404, "DBS.BackupSetNotFound", `The backup set ${bakSetId} does not exist.`);
    }
  } else {
    need(params, "DownloadPointInTime");
    downloadPointInTime = whole(params, "DownloadPointInTime") as number;
    set = instance.backupSets.filter((s) => s.time <= downloadPointInTime!).pop();
    if (!set || downloadPointInTime > ctx.now) {
      const from = instance.backupSets[0]?.time;
      throw paramInvalid(
        `The specified parameter DownloadPointInTime value "${downloadPointInTime}" is outside the ` +
          (from === undefined
            ? "restorable range: the instance has no backup set."
            : `restorable range from ${from} to now (epoch ms).`),
      );
    }
  }
  const task = ctx.downloads.create({
    instance,
    bakSetType,
    set,
    downloadPointInTime,
    format,
    targetType,
    ...oss,
    params,
    accessKeyId: ctx.accessKeyId,
    createTime: ctx.now,
  });
  const state = ctx.downloads.state(task, ctx.now);
  // CreateDownload spells the states in lower case ("initializing"), unlike the list.
  return { ...taskFields(task, state), DownloadStatus: state.status.toLowerCase() };
};

/** "queueing" (the filter's documented spelling) and "queuing" (the list's) are the same state. */
const stateKey = (state: string): string =>
  state.toLowerCase() === "queueing" ? "queuing" : state.toLowerCase();

const describeDownloadTask: Handler = (ctx) => {
  const { params } = ctx;
  const region = need(params, "RegionCode");
  const name = need(params, "InstanceName");
  const datasourceId = params["DatasourceId"] || undefined;
  const backupSetId = params["BackupSetId"] || undefined;
  const state = params["State"] || undefined;
  if (state !== undefined && !STATES.includes(state.toLowerCase())) {
    throw invalid(
      "State",
      state,
      "Valid values: Initializing, queueing, running, failed, finished, expired.",
    );
  }
  const taskType = params["TaskType"] ? choice(params, "TaskType", ["full", "pitr"]) : undefined;
  const from = whole(params, "StartTime");
  const to = whole(params, "EndTime");
  choice(params, "OrderColumn", ["gmt_create"], "gmt_create");
  const direction = choice(params, "OrderDirect", ["asc", "desc"], "desc");
  const page = whole(params, "CurrentPage", 1) ?? 1;
  const pageSize = whole(params, "PageSize", 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE;
  // Guess: an instance the account does not have matches no task rather than failing.
  const instance = ctx.downloads.instance(name, region);
  const matches = (instance ? ctx.downloads.tasksOf(instance) : []).filter(
    (t) =>
      (datasourceId === undefined || datasourceId === `ds-${name}_${region}`) &&
      (backupSetId === undefined || t.set.backupSetId === backupSetId) &&
      (taskType === undefined || t.bakSetType === taskType) &&
      (from === undefined || t.createTime >= from) &&
      (to === undefined || t.createTime <= to) &&
      (state === undefined || stateKey(ctx.downloads.state(t, ctx.now).status) === stateKey(state)),
  );
  if (direction === "desc") matches.reverse();
  const list = matches.slice((page - 1) * pageSize, page * pageSize).map((task) => {
    const fields = taskFields(task, ctx.downloads.state(task, ctx.now));
    if (ctx.behaviour.listedFormat === "documented" && fields.Format === "CSV") fields.Format = "csv";
    // The list item model types every field as a string.
    return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, String(value)]));
  });
  return {
    PageNumber: page,
    PageSize: pageSize,
    TotalElements: matches.length,
    TotalPages: Math.ceil(matches.length / pageSize),
    Extra: "",
    Content: { List: list },
  };
};

/** The task the request names: by TaskId, or the newest finished download of InstanceName's BackupSetId. */
function downloadedTask(ctx: ActionContext2021): StoredAdvancedTask {
  const { params } = ctx;
  need(params, "RegionCode");
  if (params["TaskId"]) return taskById(ctx, params["TaskId"]);
  if (!params["InstanceName"] || !params["BackupSetId"]) {
    throw paramInvalid("Argument: taskId Must not be empty (or give both instanceName and backupSetId)");
  }
  const instance = instanceOf(ctx);
  const backupSetId = params["BackupSetId"];
  // Guess: the newest finished download of that backup set.
  const task = ctx.downloads
    .tasksOf(instance)
    .filter((t) => t.set.backupSetId === backupSetId && ctx.downloads.state(t, ctx.now).status === "finished")
    .pop();
  if (!task) {
    throw new BusinessError(
      404,
      "DBS.TaskNotFound",
      `No finished download of backup set ${backupSetId} exists.`,
    );
  }
  return task;
}

function signedUrl(task: StoredAdvancedTask, internal: boolean, expiresAtMs: number): string {
  const ossRegion = task.targetOssRegion ?? task.instance.regionCode;
  const host = `${task.targetBucket ?? `dbs-${ACCOUNT_ID}-${task.instance.regionCode}`}.oss-${ossRegion}${internal ? "-internal" : ""}.example`;
  const dir =
    task.targetPath === undefined ? task.taskId : `${task.targetPath.replace(/\/+$/, "")}/${task.taskId}`;
  const file = `${task.instance.instanceName}_${task.set.backupSetId}.${FILE_EXTENSIONS[task.format]}`;
  // A new signature per minted URL, so two answers never hand out the same link.
  const signature = encodeURIComponent(randomBytes(20).toString("base64"));
  return (
    `https://${host}/${dir}/dbs_target_file_path/${file}?Expires=${Math.floor(expiresAtMs / 1000)}` +
    `&OSSAccessKeyId=LTAIossEmulatorSigner&Signature=${signature}`
  );
}

const describeDownloadBackupSetStorageInfo: Handler = (ctx) => {
  need(ctx.params, "RegionCode");
  need(ctx.params, "Duration");
  const duration = whole(ctx.params, "Duration", MIN_URL_DURATION_S, MAX_URL_DURATION_S) as number;
  const task = downloadedTask(ctx);
  const status = ctx.downloads.state(task, ctx.now).status;
  if (status === "expired") {
    throw new BusinessError(
      400,
      "DBS.TaskExpired",
      `The download task ${task.taskId} expired ${URL_RETENTION_MS / 86_400_000} days after it finished; its files are gone.`,
    );
  }
  if (status !== "finished") {
    throw new BusinessError(
      400,
      "DBS.TaskNotFinished",
      `The download task ${task.taskId} is ${status}; its files can be fetched once it is finished.`,
    );
  }
  const expiresAt = ctx.now + duration * 1000;
  return {
    PublicUrl: signedUrl(task, false, expiresAt),
    PrivateUrl: signedUrl(task, true, expiresAt),
    ExpirationTime: ctx.behaviour.urlExpirationUnit === "s" ? Math.floor(expiresAt / 1000) : expiresAt,
  };
};

const retryDownloadTask: Handler = (ctx) => {
  need(ctx.params, "RegionCode");
  const taskId = need(ctx.params, "TaskId");
  const task = taskById(ctx, taskId);
  const status = ctx.downloads.state(task, ctx.now).status;
  if (status !== "failed") {
    throw new BusinessError(
      400,
      "DBS.TaskStatusInvalid",
      `Only a failed download task can be retried; ${taskId} is ${status}.`,
    );
  }
  // Data: the task to follow from now on (the same one, or the new one).
  return ctx.downloads.retry(task, ctx.behaviour.retryDownloadTask, ctx.now).taskId;
};

/** A task of the request's region, and of its InstanceName when one is given. */
function taskById(ctx: ActionContext2021, taskId: string): StoredAdvancedTask {
  const task = ctx.downloads.task(taskId);
  const name = ctx.params["InstanceName"] || undefined;
  if (
    !task ||
    task.instance.regionCode !== ctx.params["RegionCode"] ||
    (name !== undefined && task.instance.instanceName !== name)
  ) {
    throw taskNotFound(taskId);
  }
  return task;
}

const describeDownloadSupport: Handler = (ctx) => String(instanceOf(ctx).supportsDownload);

const ACTIONS_2021_HANDLERS: ReadonlyMap<string, Handler> = new Map([
  ["CreateDownload", createDownload],
  ["DescribeDownloadTask", describeDownloadTask],
  ["DescribeDownloadBackupSetStorageInfo", describeDownloadBackupSetStorageInfo],
  ["RetryDownloadTask", retryDownloadTask],
  ["DescribeDownloadSupport", describeDownloadSupport],
]);

export const ACTIONS_2021: ReadonlySet<string> = new Set(ACTIONS_2021_HANDLERS.keys());

export interface Answer2021 {
  status: number;
  body: object;
  /** The error code of a failed answer, for the request log. */
  code?: string;
}

/**
 * Runs one 2021 action. A business error is answered as `businessErrors` says: HTTP 200 with
 * `Success: "false"` and the code in both Code and ErrCode, or a gateway error with its HTTP status.
 */
export function runAction2021(
  action: string,
  ctx: ActionContext2021,
  requestId: string,
  hostId: string,
  businessErrors: "body" | "http",
): Answer2021 {
  const handler = ACTIONS_2021_HANDLERS.get(action);
  if (!handler) throw new Error(`no 2021 handler for ${action}`);
  try {
    const Data = handler(ctx);
    // The SDK's examples show Code "Success" on success, and ErrCode too.
    const body = {
      RequestId: requestId,
      Success: "true",
      Code: "Success",
      Message: "",
      ErrCode: "Success",
      ErrMessage: "",
      Data,
    };
    return { status: 200, body };
  } catch (error) {
    if (!(error instanceof BusinessError)) throw error;
    if (businessErrors === "http") {
      const gateway = new ApiError(error.httpStatusCode, error.errCode, error.message);
      return {
        status: error.httpStatusCode,
        body: gatewayErrorBody(gateway, requestId, hostId),
        code: error.errCode,
      };
    }
    const body = {
      RequestId: requestId,
      Success: "false",
      Code: error.errCode,
      Message: error.message,
      ErrCode: error.errCode,
      ErrMessage: error.message,
    };
    return { status: 200, body, code: error.errCode };
  }
}
