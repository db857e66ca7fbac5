// The registry: one line per resource and function. Both faces, the schema and the SDKs are generated
// from what is listed here, in this order.
export { fullBackupSetDownload } from "./fullBackupSetDownload";
export { incrementBackupSetDownload } from "./incrementBackupSetDownload";
export { listFullBackupSets } from "./listFullBackupSets";
export { listIncrementBackupSets } from "./listIncrementBackupSets";
export { getLatestFullBackupSet } from "./getLatestFullBackupSet";
export { backupSetDownloadRules } from "./backupSetDownloadRules";
export { advancedDownload } from "./advancedDownload";
export { getAdvancedDownloadUrls } from "./getAdvancedDownloadUrls";
