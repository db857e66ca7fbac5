import * as pulumi from "@pulumi/pulumi";
import type { BackupSetDataFormat } from "./dbs/types";
import type { DownloadTaskInputs, DownloadTaskKind } from "./downloadTask";
import { DownloadTaskResource } from "./downloadTaskResource";
import type { DownloadTaskArgs } from "./downloadTaskResource";
import { downloadTaskProvider } from "./downloadProvider";
import { checkIdentifier } from "./inputs";

export interface FullBackupSetDownloadArgs extends DownloadTaskArgs {
  /** The full backup set to download (`BackupSetId` from DescribeFullBackupList), e.g. "dbs1hv****". */
  backupSetId: pulumi.Input<string>;
  /** Native | SQL | CSV | JSON (case-sensitive). Default CSV. */
  backupSetDataFormat?: pulumi.Input<BackupSetDataFormat>;
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
  fromTask: (detail) => ({ backupSetId: detail.BackupSetId }),
};

const fullBackupSetDownloadProvider = downloadTaskProvider(fullDownload);

/** A DBS full backup set download task (CreateFullBackupSetDownload). The resource ID is the task ID. */
export class FullBackupSetDownload extends DownloadTaskResource {
  declare public readonly backupSetId: pulumi.Output<string>;

  /** Adopts an existing download task by its ID; refresh-only (its inputs are read from DBS). */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: Partial<FullBackupSetDownloadArgs>,
    opts?: pulumi.CustomResourceOptions,
  ): FullBackupSetDownload {
    return new FullBackupSetDownload(name, (state ?? {}) as FullBackupSetDownloadArgs, { ...opts, id });
  }

  constructor(name: string, args: FullBackupSetDownloadArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      fullBackupSetDownloadProvider,
      name,
      { backupSetId: args.backupSetId },
      args,
      opts,
      "FullBackupSetDownload",
    );
  }
}
