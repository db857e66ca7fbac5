/** Public types of the emulator's DBS 2021-01-01 side: the "advanced download" of an instance's backups. */

/** A database instance whose backups CreateDownload can convert (RDS, PolarDB or MongoDB). */
export interface SeedInstance {
  /** The instance ID the API calls InstanceName, e.g. `rm-…`. */
  instanceName: string;
  /** The region the requests' RegionCode must name. Default "cn-hangzhou". */
  regionCode?: string;
  /** Default "MySQL". */
  engine?: "MySQL" | "PostgreSQL" | "PolarDB" | "MongoDB";
  /** What DescribeDownloadSupport answers; CreateDownload refuses an instance without it. Default true. */
  supportsDownload?: boolean;
  /** Full backup sets, the `BakSetId`s of `full` downloads. A `pitr` download needs at least one. */
  backupSets?: SeedInstanceBackupSet[];
}

export interface SeedInstanceBackupSet {
  /** As RDS's DescribeBackups shows it: a numeric string such as "1460050001". */
  backupSetId: string;
  /** Epoch ms of the backup's consistent point; a point-in-time download needs one at or before it. */
  time: number;
  /** Bytes. Default 100 MiB. */
  size?: number;
  /** Simulated ms a download of this set spends in "running" (overrides the emulator default). */
  downloadDurationMs?: number;
  /** Downloads of this set end "failed" with this message: every attempt, or only the first `attempts`. */
  failWith?: { errMessage: string; attempts?: number };
}

/** The task states as DescribeDownloadTask's list spells them. */
export type AdvancedDownloadStatus =
  "Initializing" | "queuing" | "running" | "failed" | "finished" | "expired";

/** Where the 2021 API is ambiguous, which reading the emulator follows (see EmulatorOptions). */
export interface AdvancedDownloadBehaviour {
  /** Unit of DescribeDownloadBackupSetStorageInfo's ExpirationTime. */
  urlExpirationUnit: "ms" | "s";
  /** What RetryDownloadTask does with a failed task. */
  retryDownloadTask: "inPlace" | "newTask";
  /** Format in DescribeDownloadTask's list: "documented" (`csv` in lower case), or as requested (`CSV`). */
  listedFormat: "documented" | "requested";
}

export interface AdvancedTaskRecord {
  taskId: string;
  instanceName: string;
  regionCode: string;
  bakSetType: "full" | "pitr";
  /** The full set downloaded, or for pitr the newest full set at or before the point in time. */
  bakSetId: string;
  /** pitr: the requested point in time (epoch ms). */
  downloadPointInTime?: number;
  format: string;
  targetType: "URL" | "OSS";
  targetBucket?: string;
  targetOssRegion?: string;
  targetPath?: string;
  /** The business params of the create request, as recorded in the request log. */
  params: Record<string, string>;
  accessKeyId: string;
  /** Simulated epoch ms. */
  createTime: number;
  /** Status at the moment advancedTasks() was called. */
  status: AdvancedDownloadStatus;
  /** RetryDownloadTask calls that restarted this task in place. */
  retries: number;
  /** With `retryDownloadTask: "newTask"`: the failed task this one retries. */
  retryOf?: string;
}
