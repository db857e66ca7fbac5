// FullBackupSetDownload: a full backup set converted into files of a format (CreateFullBackupSetDownload).
import type { CreateFullBackupSetDownloadRequest } from "../dbs/types";
import { downloadTask, identifier } from "../lib/downloadTask";

export const fullBackupSetDownload = downloadTask({
  type: "FullBackupSetDownload",
  action: "CreateFullBackupSetDownload",
  description:
    "A DBS full backup set download task (CreateFullBackupSetDownload): DBS converts a full backup set " +
    "into files of the chosen format and makes them downloadable.",
  importExample: "nightly-sql",
  defaultFormat: "CSV",
  own: {
    /** The full backup set to download (`BackupSetId` from DescribeFullBackupList), e.g. "dbs1hv****". */
    backupSetId: identifier(
      "a backup set ID",
      "dbs1hv****",
      "The ID of the full backup set (`BackupSetId` of DescribeFullBackupList).",
    ),
  },
  // Annotated return type: a misspelt API parameter fails to compile.
  params: (own): Omit<CreateFullBackupSetDownloadRequest, "ClientToken" | "BackupSetDataFormat"> => ({
    BackupSetId: own.backupSetId,
  }),
  fromTask: (detail) => ({ backupSetId: detail.BackupSetId }),
});
