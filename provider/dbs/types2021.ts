// Request and response shapes of the DBS 2021-01-01 "advanced download" actions, with the official SDK's
// wire names and types (@alicloud/dbs20210101): every request field is sent as a string, the envelope's
// Success is a string, and DescribeDownloadTask's list items carry every field as a string.

export const DBS_2021_API_VERSION = "2021-01-01";

export type AdvancedFormatType = "CSV" | "SQL" | "Parquet";
export type BakSetType = "full" | "pitr";
export type AdvancedTargetType = "URL" | "OSS";

/**
 * The task states as the API spells them: the list says "Initializing" and "queuing", CreateDownload
 * "initializing", the State filter "queueing". Compare case-insensitively and take both spellings.
 */
export type AdvancedDownloadStatus =
  "Initializing" | "initializing" | "queuing" | "queueing" | "running" | "failed" | "finished" | "expired";

export interface Dbs2021ResponseEnvelope {
  RequestId: string;
  /** "true" / "false" (the SDK's examples also show "True"). */
  Success: string;
  Code?: string;
  Message?: string;
  ErrCode?: string;
  ErrMessage?: string;
}

interface Regional {
  /** The instance's region; the 2021 API names it RegionCode, not RegionId. */
  RegionCode: string;
}

export interface CreateDownloadRequest extends Regional {
  InstanceName: string;
  FormatType: AdvancedFormatType;
  BakSetType?: BakSetType;
  /** Required when BakSetType is "full". */
  BakSetId?: string;
  /** Epoch milliseconds; required when BakSetType is "pitr". */
  DownloadPointInTime?: number;
  /** Bytes. */
  BakSetSize?: number;
  TargetType?: AdvancedTargetType;
  /** The next three are required when TargetType is "OSS" (the account must have AliyunDBSDefaultRole). */
  TargetBucket?: string;
  TargetOssRegion?: string;
  TargetPath?: string;
  /** MongoDB sharded clusters. */
  ClusterName?: string;
}

/** CreateDownload's Data: the task as it started (numbers are numbers here). */
export interface CreatedDownloadTask {
  TaskId: string;
  BakSetId?: string;
  /** Epoch ms: the point in time of a pitr download. */
  BackupSetTime?: number;
  DownloadStatus: AdvancedDownloadStatus | string;
  Format?: string;
  TargetType?: string;
  /** OSS targets only. */
  TargetPath?: string;
  RegionCode?: string;
  /** Epoch ms. */
  GmtCreate?: number;
  /** "tables done/total", "0/0" while preparing. */
  Progress?: string;
  /** Bytes written. */
  ExportDataSize?: number;
  /** Bytes processed. */
  ImportDataSize?: number;
  DbList?: string;
}

export interface CreateDownloadResponse extends Dbs2021ResponseEnvelope {
  Data: CreatedDownloadTask;
}

export interface DescribeDownloadTaskRequest extends Regional {
  InstanceName: string;
  /** `ds-<instance>_<region>`. */
  DatasourceId?: string;
  BackupSetId?: string;
  State?: AdvancedDownloadStatus;
  TaskType?: BakSetType;
  /** Task creation time window, epoch ms. */
  StartTime?: number;
  EndTime?: number;
  OrderColumn?: "gmt_create";
  OrderDirect?: "asc" | "desc";
  /** From 1. */
  CurrentPage?: number;
  PageSize?: number;
  ClusterName?: string;
}

/** One task of DescribeDownloadTask: CreatedDownloadTask's fields, every one a string on the wire. */
export type ListedDownloadTask = { [K in keyof CreatedDownloadTask]: string };

export interface DescribeDownloadTaskResponse extends Dbs2021ResponseEnvelope {
  Data: {
    PageNumber: number;
    PageSize: number;
    TotalElements: number;
    TotalPages: number;
    Extra?: string;
    Content: { List: ListedDownloadTask[] };
  };
}

/** Either TaskId, or InstanceName with BackupSetId. */
export interface DescribeDownloadBackupSetStorageInfoRequest extends Regional {
  /** URL lifetime in seconds, 300 to 86400. */
  Duration: number;
  TaskId?: string;
  InstanceName?: string;
  BackupSetId?: string;
  ClusterName?: string;
}

export interface DescribeDownloadBackupSetStorageInfoResponse extends Dbs2021ResponseEnvelope {
  Data: {
    PublicUrl: string;
    PrivateUrl: string;
    /** Documented as epoch ms; the SDK's example value is in seconds. */
    ExpirationTime: number;
  };
}

export interface RetryDownloadTaskRequest extends Regional {
  TaskId: string;
  InstanceName?: string;
  ClusterName?: string;
}

export interface RetryDownloadTaskResponse extends Dbs2021ResponseEnvelope {
  /** Undocumented string. */
  Data?: string;
}

export interface DescribeDownloadSupportRequest extends Regional {
  InstanceName: string;
  ClusterName?: string;
}

export interface DescribeDownloadSupportResponse extends Dbs2021ResponseEnvelope {
  /** "true" / "false". */
  Data: string;
}

/** Every 2021-01-01 action the client knows, with its request and response types. */
export interface Dbs2021Actions {
  CreateDownload: [CreateDownloadRequest, CreateDownloadResponse];
  DescribeDownloadTask: [DescribeDownloadTaskRequest, DescribeDownloadTaskResponse];
  DescribeDownloadBackupSetStorageInfo: [
    DescribeDownloadBackupSetStorageInfoRequest,
    DescribeDownloadBackupSetStorageInfoResponse,
  ];
  RetryDownloadTask: [RetryDownloadTaskRequest, RetryDownloadTaskResponse];
  DescribeDownloadSupport: [DescribeDownloadSupportRequest, DescribeDownloadSupportResponse];
}

/** The actions the client sends with Version 2021-01-01 (the others are 2019-03-06's). */
export const DBS_2021_ACTIONS: Readonly<Record<keyof Dbs2021Actions, true>> = {
  CreateDownload: true,
  DescribeDownloadTask: true,
  DescribeDownloadBackupSetStorageInfo: true,
  RetryDownloadTask: true,
  DescribeDownloadSupport: true,
};
