// A stable path, like ./fullBackupSetDownloadProvider.ts: every IncrementBackupSetDownload's
// `__provider` requires dist/provider/incrementBackupSetDownloadProvider.js.
import provider = require("./dynamic/incrementBackupSetDownloadProvider");
export = provider;
