// STABLE PATH: existing stacks' `__provider` requires dist/provider/advancedDownloadProvider.js.
import { dynamicProvider } from "./dynamic/provider";
import { advancedDownload } from "./resources/advancedDownload";

export = dynamicProvider(advancedDownload);
