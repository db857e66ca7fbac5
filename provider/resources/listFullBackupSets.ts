// listFullBackupSets: all full backup sets of a backup plan (DescribeFullBackupList, every page).
import type { FullBackupFile } from "../dbs/types";
import type { WireObjectType } from "../lib/backupSets";
import { checkLookup, fromWire, inWindow, LIST_INPUTS, listAll, windowBounds } from "../lib/backupSets";
import type { FunctionDefinition, InputsOf } from "../lib/definition";
import { optionalInput } from "../lib/definition";
import type { CheckFailure } from "../lib/values";
import { describe } from "../lib/values";

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

/** What a full backup set exposes, from DescribeFullBackupList's `FullBackupFile`; times in epoch ms. */
export const FULL_BACKUP_SET: WireObjectType<FullBackupFile> = {
  name: "FullBackupSet",
  description: "A full backup set (DescribeFullBackupList); times are epoch milliseconds.",
  properties: {
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
    storageMethod: {
      field: "StorageMethod",
      type: "string",
      description: "Standard, IA, Archive or UNKNOWN.",
    },
  },
};

const BACKUP_SET_STATUSES = ["schedule", "running", "finish", "stop", "pause"];

function checkBackupSetStatus(property: string, value: unknown): CheckFailure | undefined {
  if (value === undefined || (typeof value === "string" && BACKUP_SET_STATUSES.includes(value))) {
    return undefined;
  }
  const match =
    typeof value === "string" ? BACKUP_SET_STATUSES.find((s) => s === value.trim().toLowerCase()) : undefined;
  return {
    property,
    reason:
      `${property} ${describe(value)} is not allowed: use one of ${BACKUP_SET_STATUSES.join(", ")}` +
      (match ? ` (values are case-sensitive: did you mean "${match}"?)` : ""),
  };
}

const inputs = {
  ...LIST_INPUTS,
  /** e.g. "finish"; schedule | running | finish | stop | pause. */
  backupSetStatus: optionalInput<string>({
    type: "string",
    description: `Only backup sets with this status: ${BACKUP_SET_STATUSES.join(", ")}.`,
    check: checkBackupSetStatus,
  }),
};

export type ListFullBackupSetsArgs = InputsOf<typeof inputs>;

export const listFullBackupSets: FunctionDefinition<typeof inputs, FullBackupSet[]> = {
  kind: "function",
  name: "listFullBackupSets",
  description: "All full backup sets of a backup plan (DescribeFullBackupList, every page).",
  inputs,
  result: { type: FULL_BACKUP_SET, arrayIn: "backupSets" },
  check: checkLookup(inputs),
  // The status filter is also applied on our side: only newer versions of the API document it.
  async run(settings, args) {
    const files = await listAll(
      settings,
      args.region,
      "DescribeFullBackupList",
      { BackupPlanId: args.backupPlanId, BackupSetStatus: args.backupSetStatus, ...windowBounds(args) },
      (response) => response.Items?.FullBackupFile,
    );
    return files
      .filter((f) => args.backupSetStatus === undefined || f.BackupStatus === args.backupSetStatus)
      .filter((f) => inWindow(args, f.StartTime))
      .map((f) => fromWire<FullBackupFile, FullBackupSet>(FULL_BACKUP_SET, f));
  },
};
