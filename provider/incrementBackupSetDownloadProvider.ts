// The IncrementBackupSetDownload provider object, at a stable path like ./fullBackupSetDownloadProvider.ts:
// every such resource's `__provider` requires dist/provider/incrementBackupSetDownloadProvider.js.
import { incrementDownload } from "./core/kinds";
import { downloadTaskProvider } from "./dynamic/provider";

export = downloadTaskProvider(incrementDownload);
