import * as pulumi from "@pulumi/pulumi";
import type { BackupSetDataFormat } from "./dbs/types";
import type { DownloadTaskInputs, DownloadTaskKind } from "./downloadTask";
import { downloadTaskProvider } from "./downloadProvider";
import { DownloadTaskResource } from "./downloadTaskResource";
import type { DownloadTaskArgs } from "./downloadTaskResource";
import { checkIdentifier } from "./inputs";

export interface IncrementBackupSetDownloadArgs extends DownloadTaskArgs {
  /** The incremental backup job ID (`BackupSetJobId` from DescribeIncrementBackupList), sent as `BackupSetId`. */
  backupSetId: pulumi.Input<string>;
  /** The binlog name (`BackupSetId` from DescribeIncrementBackupList), e.g. "mysql-bin.000054". */
  backupSetName: pulumi.Input<string>;
  /** Native | SQL | CSV | JSON (case-sensitive). Default Native. */
  backupSetDataFormat?: pulumi.Input<BackupSetDataFormat>;
}

interface IncrementBackupSetDownloadInputs extends DownloadTaskInputs {
  backupSetId: string;
  backupSetName: string;
}

export const incrementDownload: DownloadTaskKind<IncrementBackupSetDownloadInputs> = {
  action: "CreateIncrementBackupSetDownload",
  defaultFormat: "Native",
  properties: ["backupSetId", "backupSetName"],
  validate: (news) => [
    checkIdentifier("backupSetId", news.backupSetId, "dbsjob****"),
    checkIdentifier("backupSetName", news.backupSetName, "mysql-bin.00****", "a binlog file name"),
  ],
  params: (inputs) => ({
    BackupSetId: inputs.backupSetId,
    BackupSetName: inputs.backupSetName,
    BackupSetDataFormat: inputs.backupSetDataFormat,
  }),
  fromTask: (detail) => ({ backupSetId: detail.BackupSetId, backupSetName: detail.BackupSetCode }),
};

const incrementBackupSetDownloadProvider = downloadTaskProvider(incrementDownload);

/** A DBS incremental (binlog) backup set download task (CreateIncrementBackupSetDownload). ID = task ID. */
export class IncrementBackupSetDownload extends DownloadTaskResource {
  declare public readonly backupSetId: pulumi.Output<string>;
  declare public readonly backupSetName: pulumi.Output<string>;

  /** Adopts an existing download task by its ID; refresh-only (its inputs are read from DBS). */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: Partial<IncrementBackupSetDownloadArgs>,
    opts?: pulumi.CustomResourceOptions,
  ): IncrementBackupSetDownload {
    return new IncrementBackupSetDownload(name, (state ?? {}) as IncrementBackupSetDownloadArgs, {
      ...opts,
      id,
    });
  }

  constructor(name: string, args: IncrementBackupSetDownloadArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      incrementBackupSetDownloadProvider,
      name,
      { backupSetId: args.backupSetId, backupSetName: args.backupSetName },
      args,
      opts,
      "IncrementBackupSetDownload",
    );
  }
}
