// FullBackupSetDownload for TypeScript programs: its arguments and the dynamic resource class. Glue.
import * as pulumi from "@pulumi/pulumi";
// Its provider object lives at a stable path (see that file).
import fullBackupSetDownloadProvider = require("../fullBackupSetDownloadProvider");
import type { FullBackupSetDownloadInputs } from "../core/kinds";
import { fullDownload } from "../core/kinds";
import type { BackupSetDataFormat } from "../dbs/types";
import type { DownloadTaskArgs } from "./resource";
import { DownloadTaskResource } from "./resource";

export interface FullBackupSetDownloadArgs extends DownloadTaskArgs {
  /** The full backup set to download (`BackupSetId` from DescribeFullBackupList), e.g. "dbs1hv****". */
  backupSetId: pulumi.Input<string>;
  /** Native | SQL | CSV | JSON (case-sensitive). Default CSV. */
  backupSetDataFormat?: pulumi.Input<BackupSetDataFormat>;
}

/** A DBS full backup set download task (CreateFullBackupSetDownload). The resource ID is the task ID. */
export class FullBackupSetDownload extends DownloadTaskResource<FullBackupSetDownloadInputs> {
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
    super(fullDownload, fullBackupSetDownloadProvider, name, args, opts);
  }
}
