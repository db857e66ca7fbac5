// STABLE PATH: existing stacks' `__provider` requires dist/provider/incrementBackupSetDownloadProvider.js.
import { dynamicProvider } from "./dynamic/provider";
import { incrementBackupSetDownload } from "./resources/incrementBackupSetDownload";

export = dynamicProvider(incrementBackupSetDownload);
