// IncrementBackupSetDownload for TypeScript programs: its arguments and the dynamic resource class. Glue.
import * as pulumi from "@pulumi/pulumi";
// Its provider object lives at a stable path (see that file).
import incrementBackupSetDownloadProvider = require("../incrementBackupSetDownloadProvider");
import type { IncrementBackupSetDownloadInputs } from "../core/kinds";
import { incrementDownload } from "../core/kinds";
import type { BackupSetDataFormat } from "../dbs/types";
import type { DownloadTaskArgs } from "./resource";
import { DownloadTaskResource } from "./resource";

export interface IncrementBackupSetDownloadArgs extends DownloadTaskArgs {
  /** The incremental backup job ID (`BackupSetJobId` from DescribeIncrementBackupList), sent as `BackupSetId`. */
  backupSetId: pulumi.Input<string>;
  /** The binlog name (`BackupSetId` from DescribeIncrementBackupList), e.g. "mysql-bin.000054". */
  backupSetName: pulumi.Input<string>;
  /** Native | SQL | CSV | JSON (case-sensitive). Default Native. */
  backupSetDataFormat?: pulumi.Input<BackupSetDataFormat>;
}

/** A DBS incremental (binlog) backup set download task (CreateIncrementBackupSetDownload). ID = task ID. */
export class IncrementBackupSetDownload extends DownloadTaskResource<IncrementBackupSetDownloadInputs> {
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
    super(incrementDownload, incrementBackupSetDownloadProvider, name, args, opts);
  }
}
