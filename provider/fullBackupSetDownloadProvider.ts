// The FullBackupSetDownload provider object. Its path is stable: with the package installed, every
// such resource's `__provider` is one `require` of dist/provider/fullBackupSetDownloadProvider.js, so
// existing stacks depend on this file (package.json exports it).
import { fullDownload } from "./core/kinds";
import { downloadTaskProvider } from "./dynamic/provider";

export = downloadTaskProvider(fullDownload);
