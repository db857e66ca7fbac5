// STABLE PATH: existing stacks' `__provider` requires dist/provider/fullBackupSetDownloadProvider.js.
import { dynamicProvider } from "./dynamic/provider";
import { fullBackupSetDownload } from "./resources/fullBackupSetDownload";

export = dynamicProvider(fullBackupSetDownload);
