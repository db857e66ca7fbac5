// IncrementBackupSetDownload: one binlog of an incremental backup converted into files of a format
// (CreateIncrementBackupSetDownload).
import type { CreateIncrementBackupSetDownloadRequest } from "../dbs/types";
import { downloadTask, identifier } from "../lib/downloadTask";

export const incrementBackupSetDownload = downloadTask({
  type: "IncrementBackupSetDownload",
  action: "CreateIncrementBackupSetDownload",
  description:
    "A DBS incremental (binlog) backup set download task (CreateIncrementBackupSetDownload): DBS converts " +
    "one binlog of an incremental backup into files of the chosen format and makes them downloadable.",
  importExample: "binlog-54",
  defaultFormat: "Native",
  own: {
    /** The incremental backup job ID (`BackupSetJobId` from DescribeIncrementBackupList), sent as `BackupSetId`. */
    backupSetId: identifier(
      "a backup set ID",
      "dbsjob****",
      "The ID of the incremental backup job (`BackupSetJobId` of DescribeIncrementBackupList), sent as `BackupSetId`.",
    ),
    /** The binlog name (`BackupSetId` from DescribeIncrementBackupList), e.g. "mysql-bin.000054". */
    backupSetName: identifier(
      "a binlog file name",
      "mysql-bin.00****",
      'The binlog name (`BackupSetId` of DescribeIncrementBackupList), e.g. "mysql-bin.000054", sent as `BackupSetName`.',
    ),
  },
  params: (own): Omit<CreateIncrementBackupSetDownloadRequest, "ClientToken" | "BackupSetDataFormat"> => ({
    BackupSetId: own.backupSetId,
    BackupSetName: own.backupSetName,
  }),
  fromTask: (detail) => ({ backupSetId: detail.BackupSetId, backupSetName: detail.BackupSetCode }),
});
