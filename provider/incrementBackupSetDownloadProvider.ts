// This module's exports are the IncrementBackupSetDownload provider object itself: see
// fullBackupSetDownloadProvider.ts for why, and keep its path stable.
import { downloadTaskProvider } from "./downloadProvider";

export = downloadTaskProvider("increment");
