// listIncrementBackupSets: all incremental (binlog) backup sets of a backup plan
// (DescribeIncrementBackupList, every page).
import type { IncrementBackupFile } from "../dbs/types";
import type { WireObjectType } from "../lib/backupSets";
import { checkLookup, fromWire, inWindow, LIST_INPUTS, listAll, windowBounds } from "../lib/backupSets";
import type { FunctionDefinition, InputsOf } from "../lib/definition";

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

/** What an incremental backup set exposes, from DescribeIncrementBackupList's `IncrementBackupFile`. */
const INCREMENT_BACKUP_SET: WireObjectType<IncrementBackupFile> = {
  name: "IncrementBackupSet",
  description:
    "An incremental (binlog) backup set (DescribeIncrementBackupList); download it with backupSetId = " +
    "backupSetJobId and backupSetName = backupSetId.",
  properties: {
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
    endTime: {
      field: "EndTime",
      type: "integer",
      description: "The end of the time range the binlog covers.",
    },
    expiredTime: {
      field: "BackupSetExpiredTime",
      type: "integer",
      description: "When the backup set expires.",
    },
    storageMethod: {
      field: "StorageMethod",
      type: "string",
      description: "Standard, IA, Archive or UNKNOWN.",
    },
  },
};

export type ListBackupSetsArgs = InputsOf<typeof LIST_INPUTS>;

export const listIncrementBackupSets: FunctionDefinition<typeof LIST_INPUTS, IncrementBackupSet[]> = {
  kind: "function",
  name: "listIncrementBackupSets",
  description:
    "All incremental (binlog) backup sets of a backup plan (DescribeIncrementBackupList, every page).",
  inputs: LIST_INPUTS,
  result: { type: INCREMENT_BACKUP_SET, arrayIn: "backupSets" },
  check: checkLookup(LIST_INPUTS),
  async run(settings, args) {
    const files = await listAll(
      settings,
      args.region,
      "DescribeIncrementBackupList",
      { BackupPlanId: args.backupPlanId, ...windowBounds(args) },
      (response) => response.Items?.IncrementBackupFile,
    );
    return files
      .filter((f) => inWindow(args, f.StartTime))
      .map((f) => fromWire<IncrementBackupFile, IncrementBackupSet>(INCREMENT_BACKUP_SET, f));
  },
};
