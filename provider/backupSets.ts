// Lookup functions: they run in the Pulumi program's process (not in the provider), with the same
// settings: config alicloud:* / alicloud-dbs:* of the stack, then the environment.
import * as pulumi from "@pulumi/pulumi";
import type { DbsClient } from "./dbs/client";
import type { FullBackupFile, IncrementBackupFile } from "./dbs/types";
import type { CheckFailure } from "./inputs";
import { checkIdentifier, checkRegion, describe } from "./inputs";
import type { ProviderSettings } from "./settings";
import { readSettings } from "./settings";
import { openDbsClient } from "./taskOperations";

export interface ListBackupSetsArgs {
  backupPlanId: string;
  /** Epoch milliseconds: only sets that started at or after it. */
  startTimestamp?: number;
  /** Epoch milliseconds: only sets that started at or before it. */
  endTimestamp?: number;
  /** Default: config alicloud:region, else env ALIBABA_CLOUD_REGION_ID or ALICLOUD_REGION. */
  region?: string;
}

export interface ListFullBackupSetsArgs extends ListBackupSetsArgs {
  /** e.g. "finish"; schedule | running | finish | stop | pause. */
  backupSetStatus?: string;
}

/** A full backup set; times are epoch milliseconds. */
export interface FullBackupSet {
  backupSetId: string;
  backupStatus: string;
  backupSize?: number;
  backupObjects?: string;
  createTime?: number;
  startTime?: number;
  endTime?: number;
  finishTime?: number;
  expiredTime?: number;
  errorMessage?: string;
  storageMethod?: string;
}

/** An incremental (binlog) backup set; download it with backupSetId = backupSetJobId, backupSetName = backupSetId. */
export interface IncrementBackupSet {
  backupSetId: string;
  backupSetJobId: string;
  backupStatus: string;
  backupSize?: number;
  startTime?: number;
  endTime?: number;
  expiredTime?: number;
  storageMethod?: string;
}

export interface GetLatestFullBackupSetArgs {
  backupPlanId: string;
  region?: string;
}

type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

const PAGE_SIZE = 30;

function programSettings(): ProviderSettings {
  const configs: Record<string, pulumi.Config> = {};
  return readSettings((key) => {
    const at = key.indexOf(":");
    const namespace = key.slice(0, at);
    configs[namespace] ??= new pulumi.Config(namespace);
    return configs[namespace].get(key.slice(at + 1));
  }, process.env);
}

const BACKUP_SET_STATUSES = ["schedule", "running", "finish", "stop", "pause"];

function checkTimestamp(property: string, value: unknown): CheckFailure | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return undefined;
  return {
    property,
    reason: `${property} ${describe(value)} is not allowed: use epoch milliseconds, a whole number >= 0 (e.g. Date.parse("2026-10-01T00:00:00Z"))`,
  };
}

function checkBackupSetStatus(value: unknown): CheckFailure | undefined {
  if (value === undefined || (typeof value === "string" && BACKUP_SET_STATUSES.includes(value)))
    return undefined;
  const match =
    typeof value === "string" ? BACKUP_SET_STATUSES.find((s) => s === value.trim().toLowerCase()) : undefined;
  return {
    property: "backupSetStatus",
    reason:
      `backupSetStatus ${describe(value)} is not allowed: use one of ${BACKUP_SET_STATUSES.join(", ")}` +
      (match ? ` (values are case-sensitive: did you mean "${match}"?)` : ""),
  };
}

/** Lookups validate their arguments before any request, and fail with every problem at once. */
function validateLookup(fn: string, args: Partial<ListFullBackupSetsArgs>): void {
  const problems = [
    checkIdentifier("backupPlanId", args.backupPlanId, "dbstooi****", "a backup plan ID"),
    checkTimestamp("startTimestamp", args.startTimestamp),
    checkTimestamp("endTimestamp", args.endTimestamp),
    checkBackupSetStatus(args.backupSetStatus),
  ].filter((problem): problem is CheckFailure => problem !== undefined);
  const { startTimestamp: start, endTimestamp: end } = args;
  if (problems.length === 0 && start !== undefined && end !== undefined && start > end) {
    problems.push({
      property: "startTimestamp",
      reason: `startTimestamp ${start} is after endTimestamp ${end}: the range would be empty`,
    });
  }
  if (problems.length > 0) throw new Error(`${fn}: ${problems.map((p) => p.reason).join("; ")}`);
}

async function clientFor(fn: string, region: string | undefined): Promise<DbsClient> {
  const settings = programSettings();
  const resolved = region ?? settings.region?.value;
  const source = region !== undefined ? "the region argument" : (settings.region?.setting ?? "");
  const problem = checkRegion("region", resolved, source, settings.endpoint !== undefined);
  if (problem)
    throw new Error(`${fn}: ${problem.reason.replace("the resource's region argument", "region")}`);
  return openDbsClient(settings, resolved as string);
}

async function allPages<T>(
  fetchPage: (pageNum: number) => Promise<{ items: T[]; total: number }>,
): Promise<T[]> {
  const all: T[] = [];
  for (let pageNum = 0; ; pageNum++) {
    const { items, total } = await fetchPage(pageNum);
    all.push(...items);
    if (items.length === 0 || all.length >= total) return all;
  }
}

function toFullBackupSet(f: FullBackupFile): FullBackupSet {
  return {
    backupSetId: f.BackupSetId,
    backupStatus: f.BackupStatus,
    backupSize: f.BackupSize,
    backupObjects: f.BackupObjects,
    createTime: f.CreateTime,
    startTime: f.StartTime,
    endTime: f.EndTime,
    finishTime: f.FinishTime,
    expiredTime: f.BackupSetExpiredTime,
    errorMessage: f.ErrMessage || undefined,
    storageMethod: f.StorageMethod,
  };
}

function toIncrementBackupSet(f: IncrementBackupFile): IncrementBackupSet {
  return {
    backupSetId: f.BackupSetId,
    backupSetJobId: f.BackupSetJobId,
    backupStatus: f.BackupStatus,
    backupSize: f.BackupSize,
    startTime: f.StartTime,
    endTime: f.EndTime,
    expiredTime: f.BackupSetExpiredTime,
    storageMethod: f.StorageMethod,
  };
}

/** All full backup sets of a plan (DescribeFullBackupList, every page). */
export async function listFullBackupSets(args: ListFullBackupSetsArgs): Promise<FullBackupSet[]> {
  validateLookup("listFullBackupSets", args);
  const client = await clientFor("listFullBackupSets", args.region);
  const files = await allPages(async (pageNum) => {
    const response = await client.call("DescribeFullBackupList", {
      BackupPlanId: args.backupPlanId,
      BackupSetStatus: args.backupSetStatus,
      StartTimestamp: args.startTimestamp,
      EndTimestamp: args.endTimestamp,
      PageNum: pageNum,
      PageSize: PAGE_SIZE,
    });
    return { items: response.Items?.FullBackupFile ?? [], total: response.TotalElements };
  });
  return files.map(toFullBackupSet);
}

/** All incremental backup sets of a plan (DescribeIncrementBackupList, every page). */
export async function listIncrementBackupSets(args: ListBackupSetsArgs): Promise<IncrementBackupSet[]> {
  validateLookup("listIncrementBackupSets", args);
  const client = await clientFor("listIncrementBackupSets", args.region);
  const files = await allPages(async (pageNum) => {
    const response = await client.call("DescribeIncrementBackupList", {
      BackupPlanId: args.backupPlanId,
      StartTimestamp: args.startTimestamp,
      EndTimestamp: args.endTimestamp,
      PageNum: pageNum,
      PageSize: PAGE_SIZE,
    });
    return { items: response.Items?.IncrementBackupFile ?? [], total: response.TotalElements };
  });
  return files.map(toIncrementBackupSet);
}

/** The newest (by finish time, then start time) full backup set of a plan with status `finish`. */
function latestFinished(sets: FullBackupSet[]): FullBackupSet | undefined {
  const finished = sets.filter((s) => s.backupStatus === "finish");
  const key = (s: FullBackupSet) => s.finishTime ?? s.endTime ?? s.startTime ?? 0;
  return finished.reduce<FullBackupSet | undefined>(
    (best, s) => (!best || key(s) > key(best) ? s : best),
    undefined,
  );
}

export async function getLatestFullBackupSet(args: GetLatestFullBackupSetArgs): Promise<FullBackupSet> {
  validateLookup("getLatestFullBackupSet", { backupPlanId: args.backupPlanId });
  const sets = await listFullBackupSets({ backupPlanId: args.backupPlanId, region: args.region });
  const latest = latestFinished(sets);
  if (!latest) {
    throw new Error(
      `backup plan ${args.backupPlanId} has no full backup set with status "finish" (it has ${sets.length} full backup sets)`,
    );
  }
  return latest;
}

export function listFullBackupSetsOutput(
  args: Inputs<ListFullBackupSetsArgs>,
): pulumi.Output<FullBackupSet[]> {
  return pulumi.output(args).apply((a) => listFullBackupSets(a as ListFullBackupSetsArgs));
}

export function listIncrementBackupSetsOutput(
  args: Inputs<ListBackupSetsArgs>,
): pulumi.Output<IncrementBackupSet[]> {
  return pulumi.output(args).apply((a) => listIncrementBackupSets(a as ListBackupSetsArgs));
}

export function getLatestFullBackupSetOutput(
  args: Inputs<GetLatestFullBackupSetArgs>,
): pulumi.Output<FullBackupSet> {
  return pulumi.output(args).apply((a) => getLatestFullBackupSet(a as GetLatestFullBackupSetArgs));
}
