// STABLE PATH: existing stacks' `__provider` requires dist/provider/backupSetDownloadRulesProvider.js.
import { dynamicProvider } from "./dynamic/provider";
import { backupSetDownloadRules } from "./resources/backupSetDownloadRules";

export = dynamicProvider(backupSetDownloadRules);
