// The IncrementBackupSetDownload provider object: see ../incrementBackupSetDownloadProvider.ts for the
// path that resources' `__provider` names.
import { incrementDownload } from "../core/kinds";
import { downloadTaskProvider } from "./provider";

export = downloadTaskProvider(incrementDownload);
