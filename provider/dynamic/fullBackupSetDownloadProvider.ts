// The FullBackupSetDownload provider object: see ../fullBackupSetDownloadProvider.ts for the path
// that resources' `__provider` names.
import { fullDownload } from "../core/kinds";
import { downloadTaskProvider } from "./provider";

export = downloadTaskProvider(fullDownload);
