// The npm package's public entry: the dynamic resources, their lookup functions and their types.
export { FullBackupSetDownload } from "./dynamic/fullBackupSetDownload";
export type { FullBackupSetDownloadArgs } from "./dynamic/fullBackupSetDownload";
export { IncrementBackupSetDownload } from "./dynamic/incrementBackupSetDownload";
export type { IncrementBackupSetDownloadArgs } from "./dynamic/incrementBackupSetDownload";
export type { DownloadTaskArgs } from "./dynamic/resource";
export {
  getLatestFullBackupSet,
  getLatestFullBackupSetOutput,
  listFullBackupSets,
  listFullBackupSetsOutput,
  listIncrementBackupSets,
  listIncrementBackupSetsOutput,
} from "./dynamic/backupSets";
export type {
  FullBackupSet,
  GetLatestFullBackupSetArgs,
  IncrementBackupSet,
  ListBackupSetsArgs,
  ListFullBackupSetsArgs,
} from "./core/lookups";
export type { BackupSetDataFormat } from "./dbs/types";
