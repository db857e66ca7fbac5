import * as pulumi from "@pulumi/pulumi";
import type { BackupSetDataFormat } from "./dbs/types";
import type { DownloadTaskInputs, DownloadTaskKind } from "./downloadTask";
import { checkDownloadTask, diffDownloadTask } from "./downloadTask";
import { checkIdentifier } from "./inputs";
import { currentSettings, rememberConfig } from "./settings";
import { createDownloadTask } from "./taskOperations";

export interface FullBackupSetDownloadArgs {
  /** The full backup set to download (`BackupSetId` from DescribeFullBackupList), e.g. "dbs1hv****". */
  backupSetId: pulumi.Input<string>;
  /** Native | SQL | CSV | JSON (case-sensitive). Default CSV. */
  backupSetDataFormat?: pulumi.Input<BackupSetDataFormat>;
  /** Default: config alicloud:region, else env ALIBABA_CLOUD_REGION_ID or ALICLOUD_REGION. */
  region?: pulumi.Input<string>;
  /** Explicit idempotency token (1–64 printable ASCII); by default one is derived from the resource. */
  clientToken?: pulumi.Input<string>;
  /** Any values; a change starts a new download task. */
  triggers?: pulumi.Input<unknown[]> | pulumi.Input<Record<string, unknown>>;
}

interface FullBackupSetDownloadInputs extends DownloadTaskInputs {
  backupSetId: string;
}

export const fullDownload: DownloadTaskKind<FullBackupSetDownloadInputs> = {
  action: "CreateFullBackupSetDownload",
  defaultFormat: "CSV",
  properties: ["backupSetId"],
  validate: (news) => [checkIdentifier("backupSetId", news.backupSetId, "dbs1hv****")],
  params: (inputs) => ({ BackupSetId: inputs.backupSetId, BackupSetDataFormat: inputs.backupSetDataFormat }),
};

// Serialized into every resource's state as `__provider` and run by the engine's dynamic-provider host:
// a plain object whose methods reach everything else through module references (no captured state).
const fullBackupSetDownloadProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    rememberConfig((key) => {
      const value: unknown = req.config.get(key);
      return value === undefined || value === null ? undefined : String(value);
    });
  },
  async check(olds, news) {
    return checkDownloadTask(fullDownload, olds, news, currentSettings());
  },
  async diff(_id, olds, news) {
    return diffDownloadTask(fullDownload, olds, news);
  },
  async create(inputs) {
    return createDownloadTask(fullDownload, inputs, currentSettings());
  },
  // DBS has no API to delete or cancel a download task: deleting the resource only forgets it.
  async delete() {},
};

/** A DBS full backup set download task (CreateFullBackupSetDownload). The resource ID is the task ID. */
export class FullBackupSetDownload extends pulumi.dynamic.Resource {
  declare public readonly backupSetId: pulumi.Output<string>;
  declare public readonly backupSetDataFormat: pulumi.Output<BackupSetDataFormat>;
  declare public readonly region: pulumi.Output<string>;
  /** The ClientToken the task was created with (explicit or derived). */
  declare public readonly clientToken: pulumi.Output<string>;
  declare public readonly triggers: pulumi.Output<unknown[] | Record<string, unknown> | undefined>;
  declare public readonly backupSetDownloadTaskId: pulumi.Output<string>;

  constructor(name: string, args: FullBackupSetDownloadArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      fullBackupSetDownloadProvider,
      name,
      {
        backupSetId: args.backupSetId,
        backupSetDataFormat: args.backupSetDataFormat,
        region: args.region,
        clientToken: args.clientToken,
        triggers: args.triggers,
        tokenScope: { project: pulumi.getProject(), stack: pulumi.getStack(), name },
        clientTokenSource: undefined,
        backupSetDownloadTaskId: undefined,
      },
      opts,
      "alicloud-dbs",
      "FullBackupSetDownload",
    );
  }
}
