/** DBS actions: validate params, touch the store, return the action-specific response fields. */
import { BusinessError, backupSetNotFound, missingParameter } from "./errors";
import { clientToken, dataFormat, page, paging, required, wholeNumber, type Params } from "./params";
import type { BackupSet } from "./backupSet";
import type { CreateAction, Store } from "./store";
import { describeBackupPlanList, modifyBackupSetDownloadRules } from "./planActions";
import { fullBackupFile, incrementBackupFile, taskDetail } from "./views";

/** Where the real API is ambiguous, which reading the emulator follows (see EmulatorOptions). */
export interface ActionBehaviour {
  timestampUnit: "ms" | "s";
  ignoreBackupSetStatus: boolean;
  downloadRulesUpdate: "replace" | "merge";
}

export interface ActionContext {
  params: Params;
  accessKeyId: string;
  /** Scope of ClientTokens (see principalOf). */
  principal: string;
  store: Store;
  /** Simulated epoch ms. */
  now: number;
  behaviour: ActionBehaviour;
}

export type ActionResult = Record<string, unknown>;
export type ActionHandler = (ctx: ActionContext) => ActionResult;

const DEFAULT_REGION = "cn-hangzhou";

/** Guess: DBS refuses to convert a full set whose backup did not finish; the real code is unknown. */
function requireFinished(set: BackupSet): void {
  if (set.status !== "finish") {
    throw new BusinessError(
      400,
      "BackupSet.StatusInvalid",
      `The backup set ${set.backupSetId} is in status ${set.status} and cannot be downloaded.`,
    );
  }
}

function startDownload(
  ctx: ActionContext,
  action: CreateAction,
  format: string,
  findSet: () => BackupSet,
  backupSetName?: string,
): ActionResult {
  const token = clientToken(ctx.params);
  const previous = ctx.store.replay({
    action,
    principal: ctx.principal,
    clientToken: token,
    params: ctx.params,
  });
  if (previous) return { BackupSetDownloadTaskId: previous };
  const set = findSet();
  const task = ctx.store.createTask({
    action,
    accessKeyId: ctx.accessKeyId,
    principal: ctx.principal,
    clientToken: token,
    params: ctx.params,
    set,
    backupSetName,
    format,
    region: ctx.params["RegionId"] || DEFAULT_REGION,
    createTime: ctx.now,
  });
  return { BackupSetDownloadTaskId: task.taskId };
}

const createFullBackupSetDownload: ActionHandler = (ctx) => {
  const backupSetId = required(ctx.params, "BackupSetId");
  const format = dataFormat(ctx.params, "CSV");
  return startDownload(ctx, "CreateFullBackupSetDownload", format, () => {
    // An incremental set's ID is not a full set's ID, so it is "not found" here too.
    const set = ctx.store.fullSet(backupSetId);
    if (!set) throw backupSetNotFound();
    requireFinished(set);
    return set;
  });
};

const createIncrementBackupSetDownload: ActionHandler = (ctx) => {
  const jobId = required(ctx.params, "BackupSetId");
  const binlogName = required(ctx.params, "BackupSetName");
  const format = dataFormat(ctx.params, "Native");
  const findSet = () => {
    const set = ctx.store.incrementSet(jobId, binlogName);
    if (!set) throw backupSetNotFound();
    return set;
  };
  return startDownload(ctx, "CreateIncrementBackupSetDownload", format, findSet, binlogName);
};

const describeBackupSetDownloadTaskList: ActionHandler = (ctx) => {
  const planId = ctx.params["BackupPlanId"] || undefined;
  const taskId = ctx.params["BackupSetDownloadTaskId"] || undefined;
  if (!planId && !taskId) throw missingParameter("BackupPlanId");
  const { pageNum, pageSize } = paging(ctx.params);
  let tasks = taskId
    ? [ctx.store.task(taskId)].flatMap((t) => (t ? [t] : []))
    : ctx.store.tasksOfPlan(planId ?? "");
  if (planId) tasks = tasks.filter((t) => t.set.backupPlanId === planId);
  const { items, ...paged } = page(tasks, pageNum, pageSize);
  return { ...paged, Items: { BackupSetDownloadTaskDetail: items.map((t) => taskDetail(t, ctx.now)) } };
};

/** Both ends inclusive, compared with the set's start time in the request's unit. */
function timeWindow(ctx: ActionContext): (set: BackupSet) => boolean {
  const from = wholeNumber(ctx.params, "StartTimestamp");
  const to = wholeNumber(ctx.params, "EndTimestamp");
  const seconds = ctx.behaviour.timestampUnit === "s";
  return (set) => {
    const at = seconds ? Math.floor(set.startTime / 1000) : set.startTime;
    return (from === undefined || at >= from) && (to === undefined || at <= to);
  };
}

const describeFullBackupList: ActionHandler = (ctx) => {
  const planId = required(ctx.params, "BackupPlanId");
  const { pageNum, pageSize } = paging(ctx.params);
  const inWindow = timeWindow(ctx);
  const setId = ctx.params["BackupSetId"] || undefined;
  const status = ctx.behaviour.ignoreBackupSetStatus ? undefined : ctx.params["BackupSetStatus"] || undefined;
  const sets = ctx.store
    .setsOfPlan(planId, "full")
    .filter((s) => inWindow(s) && (!setId || s.backupSetId === setId) && (!status || s.status === status));
  const { items, ...paged } = page(sets, pageNum, pageSize);
  return { ...paged, Items: { FullBackupFile: items.map(fullBackupFile) } };
};

const describeIncrementBackupList: ActionHandler = (ctx) => {
  const planId = required(ctx.params, "BackupPlanId");
  const { pageNum, pageSize } = paging(ctx.params);
  const inWindow = timeWindow(ctx);
  const sets = ctx.store.setsOfPlan(planId, "increment").filter(inWindow);
  const { items, ...paged } = page(sets, pageNum, pageSize);
  return { ...paged, Items: { IncrementBackupFile: items.map(incrementBackupFile) } };
};

export const ACTIONS: ReadonlyMap<string, ActionHandler> = new Map([
  ["CreateFullBackupSetDownload", createFullBackupSetDownload],
  ["CreateIncrementBackupSetDownload", createIncrementBackupSetDownload],
  ["DescribeBackupSetDownloadTaskList", describeBackupSetDownloadTaskList],
  ["DescribeFullBackupList", describeFullBackupList],
  ["DescribeIncrementBackupList", describeIncrementBackupList],
  ["ModifyBackupSetDownloadRules", modifyBackupSetDownloadRules],
  ["DescribeBackupPlanList", describeBackupPlanList],
]);
