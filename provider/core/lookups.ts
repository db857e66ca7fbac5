// The lookup functions over DBS's backup-set lists: argument checks (pure), paging and the choice of the
// latest finished set (pure), and the list calls (I/O). Both faces call these.
import type { DbsClient } from "../dbs/client";
import type { DbsActions, FullBackupFile, IncrementBackupFile } from "../dbs/types";
import { openDbsClient } from "./connection";
import type { CheckFailure } from "./inputs";
import { checkIdentifier, describe } from "./inputs";
import type { ProviderSettings, SettingsResult } from "./settings";
import { resolveRegion } from "./settings";

export interface ListBackupSetsArgs {
  backupPlanId: string;
  /** Epoch milliseconds: only sets that started at or after it. */
  startTimestamp?: number;
  /** Epoch milliseconds: only sets that started at or before it. */
  endTimestamp?: number;
  /** Default: the configured region. */
  region?: string;
}

export interface ListFullBackupSetsArgs extends ListBackupSetsArgs {
  /** e.g. "finish"; schedule | running | finish | stop | pause. */
  backupSetStatus?: string;
}

export interface GetLatestFullBackupSetArgs {
  backupPlanId: string;
  region?: string;
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

export const BACKUP_SET_STATUSES = ["schedule", "running", "finish", "stop", "pause"];

function checkTimestamp(property: string, value: unknown): CheckFailure | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return undefined;
  return {
    property,
    reason: `${property} ${describe(value)} is not allowed: use epoch milliseconds, a whole number >= 0 (e.g. Date.parse("2026-10-01T00:00:00Z"))`,
  };
}

function checkBackupSetStatus(value: unknown): CheckFailure | undefined {
  if (value === undefined || (typeof value === "string" && BACKUP_SET_STATUSES.includes(value))) {
    return undefined;
  }
  const match =
    typeof value === "string" ? BACKUP_SET_STATUSES.find((s) => s === value.trim().toLowerCase()) : undefined;
  return {
    property: "backupSetStatus",
    reason:
      `backupSetStatus ${describe(value)} is not allowed: use one of ${BACKUP_SET_STATUSES.join(", ")}` +
      (match ? ` (values are case-sensitive: did you mean "${match}"?)` : ""),
  };
}

/** Every problem with a lookup's arguments and the settings it would run with, before any request. */
export function checkLookup(args: Partial<ListFullBackupSetsArgs>, settings: SettingsResult): CheckFailure[] {
  const failures = [
    checkIdentifier("backupPlanId", args.backupPlanId, "dbstooi****", "a backup plan ID"),
    checkTimestamp("startTimestamp", args.startTimestamp),
    checkTimestamp("endTimestamp", args.endTimestamp),
    checkBackupSetStatus(args.backupSetStatus),
    resolveRegion(args.region, settings.settings, "the region argument").failure,
    ...settings.problems.map((reason) => ({ property: "", reason })),
  ].filter((failure): failure is CheckFailure => failure !== undefined);
  const { startTimestamp: start, endTimestamp: end } = args;
  if (failures.length === 0 && start !== undefined && end !== undefined && start > end) {
    failures.push({
      property: "startTimestamp",
      reason: `startTimestamp ${start} is after endTimestamp ${end}: the range would be empty`,
    });
  }
  return failures;
}

type ListAction = "DescribeFullBackupList" | "DescribeIncrementBackupList";

/** Every page of a list action: pages of 30 until the total is reached or a page comes back empty. */
export async function allPages<T>(
  fetchPage: (pageNum: number) => Promise<{ items: T[]; total: number }>,
): Promise<T[]> {
  const all: T[] = [];
  for (let pageNum = 0; ; pageNum++) {
    const { items, total } = await fetchPage(pageNum);
    all.push(...items);
    if (items.length === 0 || all.length >= total) return all;
  }
}

async function listAll<A extends ListAction, T>(
  client: DbsClient,
  action: A,
  request: Omit<DbsActions[A][0], "PageNum" | "PageSize">,
  items: (response: DbsActions[A][1]) => T[] | undefined,
): Promise<T[]> {
  return allPages(async (pageNum) => {
    const response = await client.call(action, { ...request, PageNum: pageNum, PageSize: 30 });
    return { items: items(response) ?? [], total: response.TotalElements };
  });
}

async function clientFor(settings: ProviderSettings, region: string | undefined): Promise<DbsClient> {
  return openDbsClient(settings, (region ?? settings.region?.value) as string);
}

/** All full backup sets of a plan (DescribeFullBackupList, every page). Arguments checked by checkLookup. */
export async function listFullBackupSets(
  settings: ProviderSettings,
  args: ListFullBackupSetsArgs,
): Promise<FullBackupSet[]> {
  const client = await clientFor(settings, args.region);
  const files = await listAll(
    client,
    "DescribeFullBackupList",
    {
      BackupPlanId: args.backupPlanId,
      BackupSetStatus: args.backupSetStatus,
      StartTimestamp: args.startTimestamp,
      EndTimestamp: args.endTimestamp,
    },
    (response) => response.Items?.FullBackupFile,
  );
  return files.map(toFullBackupSet);
}

/** All incremental backup sets of a plan (DescribeIncrementBackupList, every page). */
export async function listIncrementBackupSets(
  settings: ProviderSettings,
  args: ListBackupSetsArgs,
): Promise<IncrementBackupSet[]> {
  const client = await clientFor(settings, args.region);
  const files = await listAll(
    client,
    "DescribeIncrementBackupList",
    { BackupPlanId: args.backupPlanId, StartTimestamp: args.startTimestamp, EndTimestamp: args.endTimestamp },
    (response) => response.Items?.IncrementBackupFile,
  );
  return files.map(toIncrementBackupSet);
}

/** The newest (by finish time, then end, then start time) full backup set with status `finish`. */
export function latestFinished(sets: FullBackupSet[]): FullBackupSet | undefined {
  const key = (s: FullBackupSet) => s.finishTime ?? s.endTime ?? s.startTime ?? 0;
  return sets
    .filter((s) => s.backupStatus === "finish")
    .reduce<FullBackupSet | undefined>((best, s) => (!best || key(s) > key(best) ? s : best), undefined);
}

export async function getLatestFullBackupSet(
  settings: ProviderSettings,
  args: GetLatestFullBackupSetArgs,
): Promise<FullBackupSet> {
  const sets = await listFullBackupSets(settings, { backupPlanId: args.backupPlanId, region: args.region });
  const latest = latestFinished(sets);
  if (!latest) {
    throw new Error(
      `backup plan ${args.backupPlanId} has no full backup set with status "finish" (it has ${sets.length} full backup sets)`,
    );
  }
  return latest;
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
