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
    ...settings.problems.map(({ reason }) => ({ property: "", reason })),
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

/**
 * What is sent for a time window, so that the answer is a superset in either reading of the API's
 * ambiguous unit (SDK 1.0.3 documents UNIX seconds, 1.0.2 and the incremental list milliseconds): the
 * start in seconds (read as milliseconds it is a bound in 1970, which keeps everything) and no end
 * (either unit read the wrong way would drop sets). The exact window is applied on our side.
 */
function windowBounds(args: ListBackupSetsArgs): { StartTimestamp?: number } {
  return args.startTimestamp === undefined ? {} : { StartTimestamp: Math.floor(args.startTimestamp / 1000) };
}

/** Whether a set's start time lies in the window; a set with no start time is outside any window. */
function inWindow(args: ListBackupSetsArgs, startTime: number | undefined): boolean {
  if (args.startTimestamp === undefined && args.endTimestamp === undefined) return true;
  if (startTime === undefined) return false;
  return startTime >= (args.startTimestamp ?? -Infinity) && startTime <= (args.endTimestamp ?? Infinity);
}

/**
 * All full backup sets of a plan (DescribeFullBackupList, every page). Arguments checked by checkLookup.
 * The status filter is also applied on our side: only newer versions of the API document it.
 */
export async function listFullBackupSets(
  settings: ProviderSettings,
  args: ListFullBackupSetsArgs,
): Promise<FullBackupSet[]> {
  const client = await clientFor(settings, args.region);
  const files = await listAll(
    client,
    "DescribeFullBackupList",
    { BackupPlanId: args.backupPlanId, BackupSetStatus: args.backupSetStatus, ...windowBounds(args) },
    (response) => response.Items?.FullBackupFile,
  );
  return files
    .filter((f) => args.backupSetStatus === undefined || f.BackupStatus === args.backupSetStatus)
    .filter((f) => inWindow(args, f.StartTime))
    .map(toFullBackupSet);
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
    { BackupPlanId: args.backupPlanId, ...windowBounds(args) },
    (response) => response.Items?.IncrementBackupFile,
  );
  return files.filter((f) => inWindow(args, f.StartTime)).map(toIncrementBackupSet);
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

/** A field of a lookup result: the wire field it comes from, its schema type and what it means. */
export interface ResultField<W> {
  field: keyof W;
  type: "string" | "integer";
  description: string;
  required?: boolean;
}

function fieldTable<W>() {
  return <K extends string>(table: Record<K, ResultField<W>>): Record<K, ResultField<W>> => table;
}

/** What a full backup set exposes, from DescribeFullBackupList's `FullBackupFile`; times in epoch ms. */
export const FULL_BACKUP_SET_FIELDS = fieldTable<FullBackupFile>()({
  backupSetId: {
    field: "BackupSetId",
    type: "string",
    required: true,
    description: "The ID of the full backup set.",
  },
  backupStatus: {
    field: "BackupStatus",
    type: "string",
    required: true,
    description: "schedule (initializing), running, finish, stop (failed) or pause.",
  },
  backupSize: { field: "BackupSize", type: "integer", description: "The size of the backup set in bytes." },
  backupObjects: {
    field: "BackupObjects",
    type: "string",
    description: 'The backed-up databases and tables, as JSON text such as `[{"DBName":"test"}]`.',
  },
  createTime: { field: "CreateTime", type: "integer", description: "When the backup set was created." },
  startTime: { field: "StartTime", type: "integer", description: "When the backup started." },
  endTime: { field: "EndTime", type: "integer", description: "When the backup ended." },
  finishTime: { field: "FinishTime", type: "integer", description: "When the backup set was completed." },
  expiredTime: {
    field: "BackupSetExpiredTime",
    type: "integer",
    description: "When the backup set expires.",
  },
  errorMessage: {
    field: "ErrMessage",
    type: "string",
    description: "DBS's error message for a failed backup.",
  },
  storageMethod: { field: "StorageMethod", type: "string", description: "Standard, IA, Archive or UNKNOWN." },
});

/** What an incremental backup set exposes, from DescribeIncrementBackupList's `IncrementBackupFile`. */
export const INCREMENT_BACKUP_SET_FIELDS = fieldTable<IncrementBackupFile>()({
  backupSetId: {
    field: "BackupSetId",
    type: "string",
    required: true,
    description: 'The binlog name, e.g. "mysql-bin.000054": the backupSetName of a download.',
  },
  backupSetJobId: {
    field: "BackupSetJobId",
    type: "string",
    required: true,
    description: "The ID of the incremental backup job: the backupSetId of a download.",
  },
  backupStatus: {
    field: "BackupStatus",
    type: "string",
    required: true,
    description: "INIT, FILLING, COMPLETED or UNCOMPLETED.",
  },
  backupSize: { field: "BackupSize", type: "integer", description: "The size of the binlog in bytes." },
  startTime: {
    field: "StartTime",
    type: "integer",
    description: "The start of the time range the binlog covers.",
  },
  endTime: { field: "EndTime", type: "integer", description: "The end of the time range the binlog covers." },
  expiredTime: {
    field: "BackupSetExpiredTime",
    type: "integer",
    description: "When the backup set expires.",
  },
  storageMethod: { field: "StorageMethod", type: "string", description: "Standard, IA, Archive or UNKNOWN." },
});

/** One result object from a wire item; absent and empty values are left out. */
function fromWire<W, R>(table: Record<string, ResultField<W>>, item: W): R {
  const result: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(table)) {
    const value = item[spec.field];
    if (value !== undefined && value !== null && value !== "") result[name] = value;
  }
  return result as R;
}

function toFullBackupSet(f: FullBackupFile): FullBackupSet {
  return fromWire(FULL_BACKUP_SET_FIELDS, f);
}

function toIncrementBackupSet(f: IncrementBackupFile): IncrementBackupSet {
  return fromWire(INCREMENT_BACKUP_SET_FIELDS, f);
}
