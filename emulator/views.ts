/** The wire shapes (PascalCase, as in the DBS SDK models) of stored objects. */
import { endTime, taskState } from "./lifecycle";
import type { BackupSet } from "./backupSet";
import type { StoredTask } from "./store";

const SOURCE_ENDPOINT = "rm-emulator0001.mysql.rds.aliyuncs.com:3306";
/** Guess: the docs do not say how long download URLs stay valid. */
const URL_VALIDITY_S = 7 * 24 * 60 * 60;
const FILE_EXTENSIONS: Record<string, string> = {
  Native: "tar.gz",
  SQL: "sql.zip",
  CSV: "csv.zip",
  JSON: "json.zip",
};

export interface TaskDetail {
  BackupSetDownloadTaskId: string;
  BackupSetDownloadTaskName: string;
  BackupSetDownloadStatus: string;
  BackupSetId: string;
  BackupPlanId: string;
  BackupSetCode: string;
  BackupSetDataFormat: string;
  BackupSetDataSize: number;
  BackupSetDbType: string;
  BackupSetJobType: "cbs_backup_sub_full" | "cbs_backup_sub_cont";
  BackupSetDownloadWay: "manual";
  BackupSetDownloadCreateTime: number;
  BackupSetDownloadFinishTime?: number;
  BackupSetDownloadInternetUrl?: string;
  BackupSetDownloadIntranetUrl?: string;
  ErrMessage: string;
}

function downloadUrl(task: StoredTask, internal: boolean): string {
  const host = `dbs-download-${task.region}${internal ? "-internal" : ""}.oss.example`;
  const expires = Math.floor(endTime(task.timeline) / 1000) + URL_VALIDITY_S;
  const file = `${task.taskId}.${FILE_EXTENSIONS[task.format] ?? "zip"}`;
  return (
    `https://${host}/${file}?Expires=${expires}` +
    `&OSSAccessKeyId=LTAIossEmulatorSigner&Signature=${encodeURIComponent(task.urlSignature)}`
  );
}

export function taskDetail(task: StoredTask, now: number): TaskDetail {
  const state = taskState(task.timeline, now);
  const full = task.action === "CreateFullBackupSetDownload";
  const detail: TaskDetail = {
    BackupSetDownloadTaskId: task.taskId,
    BackupSetDownloadTaskName: `${task.set.backupPlanId}-${full ? "ManualFull" : "ManualCont"}`,
    BackupSetDownloadStatus: state.status,
    BackupSetId: full ? task.set.backupSetId : (task.set.backupSetJobId ?? task.set.backupSetId),
    BackupPlanId: task.set.backupPlanId,
    BackupSetCode: full ? task.set.backupSetId : (task.backupSetName ?? task.set.backupSetId),
    BackupSetDataFormat: task.format,
    BackupSetDataSize: task.set.size,
    BackupSetDbType: task.set.dbType,
    BackupSetJobType: full ? "cbs_backup_sub_full" : "cbs_backup_sub_cont",
    BackupSetDownloadWay: "manual",
    BackupSetDownloadCreateTime: task.timeline.createTime,
    ErrMessage: state.errMessage,
  };
  if (state.done) detail.BackupSetDownloadFinishTime = endTime(task.timeline);
  if (state.status === "finish") {
    detail.BackupSetDownloadInternetUrl = downloadUrl(task, false);
    detail.BackupSetDownloadIntranetUrl = downloadUrl(task, true);
  }
  return detail;
}

export function fullBackupFile(set: BackupSet) {
  return {
    BackupSetId: set.backupSetId,
    BackupStatus: set.status,
    BackupObjects: '[{"DBName":"test"}]',
    BackupSize: set.size,
    BackupSetExpiredTime: set.expiredTime,
    CreateTime: set.createTime,
    StartTime: set.startTime,
    EndTime: set.endTime,
    FinishTime: set.finishTime,
    ErrMessage: set.status === "stop" ? "The backup job failed." : "",
    SourceEndpointIpPort: SOURCE_ENDPOINT,
    StorageMethod: "Standard",
  };
}

export function incrementBackupFile(set: BackupSet) {
  return {
    BackupSetId: set.backupSetId,
    BackupSetJobId: set.backupSetJobId ?? "",
    BackupStatus: set.status,
    BackupSize: set.size,
    StartTime: set.startTime,
    EndTime: set.endTime,
    BackupSetExpiredTime: set.expiredTime,
    StorageMethod: "Standard",
    SourceEndpointIpPort: SOURCE_ENDPOINT,
  };
}
