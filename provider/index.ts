export { FullBackupSetDownload } from "./fullBackupSetDownload";
export type { FullBackupSetDownloadArgs } from "./fullBackupSetDownload";
export { IncrementBackupSetDownload } from "./incrementBackupSetDownload";
export type { IncrementBackupSetDownloadArgs } from "./incrementBackupSetDownload";
export type { DownloadTaskArgs } from "./downloadTaskResource";
export {
  getLatestFullBackupSet,
  getLatestFullBackupSetOutput,
  listFullBackupSets,
  listFullBackupSetsOutput,
  listIncrementBackupSets,
  listIncrementBackupSetsOutput,
} from "./backupSets";
export type {
  FullBackupSet,
  GetLatestFullBackupSetArgs,
  IncrementBackupSet,
  ListBackupSetsArgs,
  ListFullBackupSetsArgs,
} from "./backupSets";
export type { BackupSetDataFormat } from "./dbs/types";
