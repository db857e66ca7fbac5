export { FullBackupSetDownload } from "./fullBackupSetDownload";
export type { FullBackupSetDownloadArgs } from "./fullBackupSetDownload";
export type { BackupSetDataFormat } from "./dbs/types";
