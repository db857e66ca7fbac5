/** DBS actions on backup plans: the automatic-download rules (ModifyBackupSetDownloadRules) and the plan list. */
import type { ActionHandler } from "./actions";
import { DEFAULT_DOWNLOAD_RULES, TARGET_LOCATIONS, TARGET_TYPES } from "./backupPlan";
import { BusinessError, invalidParameter } from "./errors";
import { choice, clientToken, DATA_FORMATS, flag, page, required, wholeNumber, type Params } from "./params";
import type { DownloadRules } from "./types";
import { backupPlanDetail } from "./views";

const planNotFound = (): BusinessError =>
  new BusinessError(404, "Param.NotFound", "The specified parameter BackupPlanId value is not valid.");

/** The rules a request sends, each checked against the API's allowed values; absent ones are left out. */
function sentRules(params: Params): DownloadRules {
  const sent: DownloadRules = {
    openAutoDownload: flag(params, "OpenAutoDownload"),
    backupGatewayId: wholeNumber(params, "BackupGatewayId"),
    backupSetDownloadTargetType: choice(params, "BackupSetDownloadTargetType", TARGET_TYPES),
    backupSetDownloadTargetTypeLocation: choice(
      params,
      "BackupSetDownloadTargetTypeLocation",
      TARGET_LOCATIONS,
    ),
    backupSetDownloadDir: params["BackupSetDownloadDir"] || undefined,
    fullDataFormat: choice(params, "FullDataFormat", DATA_FORMATS),
    incrementDataFormat: choice(params, "IncrementDataFormat", DATA_FORMATS),
  };
  for (const key of Object.keys(sent) as (keyof DownloadRules)[]) {
    if (sent[key] === undefined) delete sent[key];
  }
  return sent;
}

/**
 * Replaces every download rule of a plan (or, with `downloadRulesUpdate: "merge"`, only those sent).
 * The same ClientToken with the same params replays the first answer without a second change.
 */
export const modifyBackupSetDownloadRules: ActionHandler = (ctx) => {
  const planId = required(ctx.params, "BackupPlanId");
  const sent = sentRules(ctx.params);
  const use = {
    action: "ModifyBackupSetDownloadRules",
    principal: ctx.principal,
    clientToken: clientToken(ctx.params),
    params: ctx.params,
  };
  const previous = ctx.store.replay(use);
  if (previous) return { BackupPlanId: previous };
  const plan = ctx.store.plan(planId);
  if (!plan) throw planNotFound();
  const kept = ctx.behaviour.downloadRulesUpdate === "merge" ? plan.downloadRules : {};
  const rules: DownloadRules = { ...DEFAULT_DOWNLOAD_RULES, ...kept, ...sent };
  if (rules.openAutoDownload) {
    // The documented precondition; its error code is a guess.
    if (plan.backupStorageType !== "system") {
      throw new BusinessError(
        400,
        "BackupPlan.StorageTypeNotSupported",
        `The backup plan ${plan.backupPlanId} does not store its backups on DBS's built-in storage (BackupStorageType system), so its backup sets cannot be downloaded automatically.`,
      );
    }
    // Guess: the files go to a backup gateway, so enabling without one cannot work.
    if (rules.backupGatewayId === undefined) {
      throw new BusinessError(
        400,
        "Param.NotFound",
        "The specified parameter BackupGatewayId value is not valid.",
      );
    }
  }
  ctx.store.setDownloadRules(plan, rules, use);
  return { BackupPlanId: plan.backupPlanId };
};

/** Filters: comma-separated plan IDs, and exact name, status, method, region and resource group. */
const FILTERS = [
  ["BackupPlanName", "backupPlanName"],
  ["BackupPlanStatus", "backupPlanStatus"],
  ["BackupMethod", "backupMethod"],
  ["Region", "backupPlanRegion"],
  ["ResourceGroupId", "resourceGroupId"],
] as const;

export const describeBackupPlanList: ActionHandler = (ctx) => {
  const pageNum = wholeNumber(ctx.params, "PageNum") ?? 0;
  const pageSize = wholeNumber(ctx.params, "PageSize") ?? 30;
  // Unlike the backup-set lists, the SDK documents any size from 1 to 100 here.
  if (pageSize < 1 || pageSize > 100) {
    throw invalidParameter("PageSize", ctx.params["PageSize"], "Valid values: 1 to 100.");
  }
  const ids = (ctx.params["BackupPlanId"] ?? "").split(",").filter((id) => id !== "");
  const plans = ctx.store
    .allPlans()
    .filter(
      (plan) =>
        (ids.length === 0 || ids.includes(plan.backupPlanId)) &&
        FILTERS.every(([param, field]) => !ctx.params[param] || plan[field] === ctx.params[param]),
    );
  const { items, ...paged } = page(plans, pageNum, pageSize);
  return { ...paged, Items: { BackupPlanDetail: items.map(backupPlanDetail) } };
};
