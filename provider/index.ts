// The npm package's public entry: the dynamic face of every resource and function in the registry
// (resources/index.ts), typed from their definitions.
import advancedDownloadProvider = require("./advancedDownloadProvider");
import backupSetDownloadRulesProvider = require("./backupSetDownloadRulesProvider");
import fullBackupSetDownloadProvider = require("./fullBackupSetDownloadProvider");
import incrementBackupSetDownloadProvider = require("./incrementBackupSetDownloadProvider");
import type { DynamicFunction } from "./dynamic/functions";
import { dynamicFunction, outputFunction } from "./dynamic/functions";
import type { DynamicArgs, DynamicResourceClass } from "./dynamic/resource";
import { dynamicResource } from "./dynamic/resource";
import type { TaskProperties } from "./lib/downloadTask";
import * as registry from "./resources";

// Each class's base is annotated with its definition's properties by name: declaration files then keep
// the JSDoc of every argument and output.
type FullProperties = typeof registry.fullBackupSetDownload.properties;
const FullBase: DynamicResourceClass<FullProperties> = dynamicResource(
  registry.fullBackupSetDownload,
  fullBackupSetDownloadProvider,
);
/** A DBS full backup set download task (CreateFullBackupSetDownload). The resource ID is the task ID. */
export class FullBackupSetDownload extends FullBase {}
export type FullBackupSetDownloadArgs = DynamicArgs<FullProperties>;

type IncrementProperties = typeof registry.incrementBackupSetDownload.properties;
const IncrementBase: DynamicResourceClass<IncrementProperties> = dynamicResource(
  registry.incrementBackupSetDownload,
  incrementBackupSetDownloadProvider,
);
/** A DBS incremental (binlog) backup set download task (CreateIncrementBackupSetDownload). ID = task ID. */
export class IncrementBackupSetDownload extends IncrementBase {}
export type IncrementBackupSetDownloadArgs = DynamicArgs<IncrementProperties>;

type RulesProperties = typeof registry.backupSetDownloadRules.properties;
const RulesBase: DynamicResourceClass<RulesProperties> = dynamicResource(
  registry.backupSetDownloadRules,
  backupSetDownloadRulesProvider,
);
/**
 * The automatic-download rules of a DBS backup plan (ModifyBackupSetDownloadRules), updated in place.
 * ID = backup plan ID. Deleting the resource turns automatic download off.
 */
export class BackupSetDownloadRules extends RulesBase {}
export type BackupSetDownloadRulesArgs = DynamicArgs<RulesProperties>;
type AdvancedProperties = typeof registry.advancedDownload.properties;
const AdvancedBase: DynamicResourceClass<AdvancedProperties> = dynamicResource(
  registry.advancedDownload,
  advancedDownloadProvider,
);
/**
 * A DBS advanced download task (API 2021-01-01, CreateDownload): a full backup set or a point in time as
 * CSV, SQL or Parquet, to a URL or an OSS bucket; one task per declaration. ID = `<instanceName>/<taskId>`.
 */
export class AdvancedDownload extends AdvancedBase {}
export type AdvancedDownloadArgs = DynamicArgs<AdvancedProperties>;

/** The arguments every download resource takes besides its backup set. */
export type DownloadTaskArgs = DynamicArgs<TaskProperties>;

/** All full backup sets of a plan (DescribeFullBackupList, every page). */
export const listFullBackupSets: DynamicFunction<typeof registry.listFullBackupSets> = dynamicFunction(
  registry.listFullBackupSets,
);
export const listFullBackupSetsOutput = outputFunction(listFullBackupSets);
/** All incremental backup sets of a plan (DescribeIncrementBackupList, every page). */
export const listIncrementBackupSets: DynamicFunction<typeof registry.listIncrementBackupSets> =
  dynamicFunction(registry.listIncrementBackupSets);
export const listIncrementBackupSetsOutput = outputFunction(listIncrementBackupSets);
/** The newest (by finish time) full backup set of a plan with status `finish`. */
export const getLatestFullBackupSet: DynamicFunction<typeof registry.getLatestFullBackupSet> =
  dynamicFunction(registry.getLatestFullBackupSet);
export const getLatestFullBackupSetOutput = outputFunction(getLatestFullBackupSet);

/**
 * Fresh links to a finished AdvancedDownload's files (DescribeDownloadBackupSetStorageInfo), minted at
 * every run. The links are secrets: the `…Output` variant's whole result is a secret Output.
 */
export const getAdvancedDownloadUrls: DynamicFunction<typeof registry.getAdvancedDownloadUrls> =
  dynamicFunction(registry.getAdvancedDownloadUrls);
export const getAdvancedDownloadUrlsOutput = outputFunction(getAdvancedDownloadUrls, true);

export type { FullBackupSet, ListFullBackupSetsArgs } from "./resources/listFullBackupSets";
export type { IncrementBackupSet, ListBackupSetsArgs } from "./resources/listIncrementBackupSets";
export type { GetLatestFullBackupSetArgs } from "./resources/getLatestFullBackupSet";
export type { AdvancedDownloadUrls, GetAdvancedDownloadUrlsArgs } from "./resources/getAdvancedDownloadUrls";
export type { BackupSetDataFormat } from "./dbs/types";
