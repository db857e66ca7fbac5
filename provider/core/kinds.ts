// The two kinds of download task as data: their own inputs, what they send to the API and how a task
// detail maps back to them, plus the input types every face checks against. Pure.
import type {
  BackupSetDataFormat,
  BackupSetDownloadTaskDetail,
  CreateDownloadAction,
  CreateFullBackupSetDownloadRequest,
  CreateIncrementBackupSetDownloadRequest,
  DbsActions,
} from "../dbs/types";
import type { CLIENT_TOKEN_SCHEME } from "./clientToken";

/** Which stack resource a task belongs to: part of the derived token's seed. */
export interface TokenScope {
  project: string;
  stack: string;
  name: string;
}

/**
 * Where the stored token came from: the program (`explicit`), our derivation (its scheme, `pdbs1`), or
 * nowhere we know of (`imported`: DBS does not report the token a task was created with).
 */
export type ClientTokenSource = "explicit" | typeof CLIENT_TOKEN_SCHEME | "imported";

/** What every download task stores after check, whatever its kind. */
export interface TaskInputs {
  backupSetDataFormat: BackupSetDataFormat;
  region: string;
  clientToken: string;
  clientTokenSource: ClientTokenSource;
  triggers?: unknown;
  waitForCompletion: boolean;
  timeoutMinutes: number;
}

export type CheckedInputs<Own> = Own & TaskInputs;

/** The inputs every kind shares besides its own, with what they mean (the plugin's schema shows it). */
export const TASK_INPUTS: Record<
  "backupSetDataFormat" | "region" | "clientToken" | "triggers" | "waitForCompletion" | "timeoutMinutes",
  { type: "format" | "string" | "boolean" | "number" | "any"; description: string }
> = {
  backupSetDataFormat: {
    type: "format",
    description: "The format of the downloaded data: Native, SQL, CSV or JSON (case-sensitive).",
  },
  region: {
    type: "string",
    description: "The region of the backup set, e.g. cn-hangzhou. Default: the provider's region.",
  },
  clientToken: {
    type: "string",
    description:
      "The idempotency token sent with the create request (1 to 64 printable ASCII characters). Default: one " +
      "derived from the project, stack, resource name, backup set, format, region and triggers, so that a retried " +
      "or re-run create returns the task it already started. Changing an explicit token replaces the task.",
  },
  triggers: {
    type: "any",
    description: "Any values (an array or an object); a change starts a new download task.",
  },
  waitForCompletion: {
    type: "boolean",
    description:
      "Make create wait until the task reaches `finish`, when the URLs are set. Default false. Changing it never " +
      "replaces the task.",
  },
  timeoutMinutes: {
    type: "number",
    description:
      "How long create waits when waitForCompletion is set: more than 0, at most 1440 minutes. Default 30. A task " +
      "that does not finish in time is kept, marked as failed to initialize; the next update waits for it again.",
  },
};

/** One of a kind's own inputs: a backup-set identifier, a non-empty string without whitespace. */
export interface OwnProperty<Own> {
  name: keyof Own & string;
  /** What it is, for messages and docs: "a backup set ID". */
  what: string;
  example: string;
  description: string;
}

export interface DownloadKind<Own, A extends CreateDownloadAction = CreateDownloadAction> {
  /** The resource's type name in every face (`alicloud-dbs:index:<type>`, `…dynamic/alicloud-dbs:<type>`). */
  type: "FullBackupSetDownload" | "IncrementBackupSetDownload";
  action: A;
  description: string;
  defaultFormat: BackupSetDataFormat;
  ownProperties: readonly OwnProperty<Own>[];
  /** The API parameters without ClientToken; they also seed the derived token. */
  params(inputs: CheckedInputs<Own>): Omit<DbsActions[A][0], "ClientToken">;
  /** The kind's own inputs as DBS reports them in a task detail (adopting or importing a task). */
  fromTask(detail: BackupSetDownloadTaskDetail): Partial<Own>;
}

export interface FullBackupSetDownloadInputs {
  backupSetId: string;
}

export const fullDownload: DownloadKind<FullBackupSetDownloadInputs, "CreateFullBackupSetDownload"> = {
  type: "FullBackupSetDownload",
  action: "CreateFullBackupSetDownload",
  description:
    "A DBS full backup set download task (CreateFullBackupSetDownload): DBS converts a full backup set " +
    "into files of the chosen format and makes them downloadable.",
  defaultFormat: "CSV",
  ownProperties: [
    {
      name: "backupSetId",
      what: "a backup set ID",
      example: "dbs1hv****",
      description: "The ID of the full backup set (`BackupSetId` of DescribeFullBackupList).",
    },
  ],
  // Annotated return types: a misspelt API parameter fails to compile.
  params: (inputs): Omit<CreateFullBackupSetDownloadRequest, "ClientToken"> => ({
    BackupSetId: inputs.backupSetId,
    BackupSetDataFormat: inputs.backupSetDataFormat,
  }),
  fromTask: (detail) => ({ backupSetId: detail.BackupSetId }),
};

export interface IncrementBackupSetDownloadInputs {
  backupSetId: string;
  backupSetName: string;
}

export const incrementDownload: DownloadKind<
  IncrementBackupSetDownloadInputs,
  "CreateIncrementBackupSetDownload"
> = {
  type: "IncrementBackupSetDownload",
  action: "CreateIncrementBackupSetDownload",
  description:
    "A DBS incremental (binlog) backup set download task (CreateIncrementBackupSetDownload): DBS converts " +
    "one binlog of an incremental backup into files of the chosen format and makes them downloadable.",
  defaultFormat: "Native",
  ownProperties: [
    {
      name: "backupSetId",
      what: "a backup set ID",
      example: "dbsjob****",
      description:
        "The ID of the incremental backup job (`BackupSetJobId` of DescribeIncrementBackupList), sent as `BackupSetId`.",
    },
    {
      name: "backupSetName",
      what: "a binlog file name",
      example: "mysql-bin.00****",
      description:
        'The binlog name (`BackupSetId` of DescribeIncrementBackupList), e.g. "mysql-bin.000054", sent as `BackupSetName`.',
    },
  ],
  params: (inputs): Omit<CreateIncrementBackupSetDownloadRequest, "ClientToken"> => ({
    BackupSetId: inputs.backupSetId,
    BackupSetName: inputs.backupSetName,
    BackupSetDataFormat: inputs.backupSetDataFormat,
  }),
  fromTask: (detail) => ({ backupSetId: detail.BackupSetId, backupSetName: detail.BackupSetCode }),
};
