// The two kinds of download task: what each sends to the API and validates. Pure data and functions.
import type { DownloadTaskInputs, DownloadTaskKind } from "./downloadTask";
import { checkIdentifier } from "./inputs";

export interface FullBackupSetDownloadInputs extends DownloadTaskInputs {
  backupSetId: string;
}

export const fullDownload: DownloadTaskKind<FullBackupSetDownloadInputs> = {
  action: "CreateFullBackupSetDownload",
  defaultFormat: "CSV",
  properties: ["backupSetId"],
  validate: (news) => [checkIdentifier("backupSetId", news.backupSetId, "dbs1hv****")],
  params: (inputs) => ({ BackupSetId: inputs.backupSetId, BackupSetDataFormat: inputs.backupSetDataFormat }),
  fromTask: (detail) => ({ backupSetId: detail.BackupSetId }),
};

export interface IncrementBackupSetDownloadInputs extends DownloadTaskInputs {
  backupSetId: string;
  backupSetName: string;
}

export const incrementDownload: DownloadTaskKind<IncrementBackupSetDownloadInputs> = {
  action: "CreateIncrementBackupSetDownload",
  defaultFormat: "Native",
  properties: ["backupSetId", "backupSetName"],
  validate: (news) => [
    checkIdentifier("backupSetId", news.backupSetId, "dbsjob****"),
    checkIdentifier("backupSetName", news.backupSetName, "mysql-bin.00****", "a binlog file name"),
  ],
  params: (inputs) => ({
    BackupSetId: inputs.backupSetId,
    BackupSetName: inputs.backupSetName,
    BackupSetDataFormat: inputs.backupSetDataFormat,
  }),
  fromTask: (detail) => ({ backupSetId: detail.BackupSetId, backupSetName: detail.BackupSetCode }),
};

const DOWNLOAD_KINDS = { full: fullDownload, increment: incrementDownload };

export type DownloadKindName = keyof typeof DOWNLOAD_KINDS;

/** Looked up by name, so the serialized provider carries a name rather than the kind's code. */
export function downloadKind(name: DownloadKindName): DownloadTaskKind<DownloadTaskInputs> {
  // The type parameter only narrows the kind's own callbacks, which get the inputs check produced.
  return DOWNLOAD_KINDS[name] as unknown as DownloadTaskKind<DownloadTaskInputs>;
}
