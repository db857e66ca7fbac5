// Request and response shapes of the DBS 2019-03-06 actions we call, with the SDK's (wire) field names.

export type BackupSetDataFormat = "Native" | "SQL" | "CSV" | "JSON";

export interface DbsResponseEnvelope {
  RequestId: string;
  Success: boolean;
  HttpStatusCode?: number;
  ErrCode?: string;
  ErrMessage?: string;
}

export interface CreateFullBackupSetDownloadRequest {
  BackupSetId: string;
  BackupSetDataFormat?: BackupSetDataFormat;
  ClientToken?: string;
}

export interface CreateFullBackupSetDownloadResponse extends DbsResponseEnvelope {
  BackupSetDownloadTaskId: string;
}

export interface DescribeBackupSetDownloadTaskListRequest {
  BackupPlanId?: string;
  BackupSetDownloadTaskId?: string;
  PageNum?: number;
  PageSize?: 30 | 50 | 100;
}

/** Task status vocabulary of DescribeBackupSetDownloadTaskList. */
export type BackupSetDownloadStatus =
  "checking" | "init" | "check_pass" | "pause" | "schedule" | "running" | "stop" | "finish";

export interface BackupSetDownloadTaskDetail {
  BackupSetDownloadTaskId: string;
  BackupSetDownloadTaskName?: string;
  BackupSetDownloadStatus: BackupSetDownloadStatus | string;
  BackupSetId?: string;
  BackupPlanId?: string;
  BackupSetCode?: string;
  BackupSetDataFormat?: string;
  BackupSetDataSize?: number;
  BackupSetDbType?: string;
  BackupSetJobType?: string;
  BackupSetDownloadWay?: string;
  BackupSetDownloadInternetUrl?: string;
  BackupSetDownloadIntranetUrl?: string;
  BackupSetDownloadTargetType?: string;
  BackupSetDownloadDir?: string;
  BackupGatewayId?: number;
  BackupSetDownloadCreateTime?: number;
  BackupSetDownloadFinishTime?: number;
  ErrMessage?: string;
}

export interface DescribeBackupSetDownloadTaskListResponse extends DbsResponseEnvelope {
  PageNum: number;
  PageSize: number;
  TotalElements: number;
  TotalPages: number;
  Items: { BackupSetDownloadTaskDetail: BackupSetDownloadTaskDetail[] };
}

export interface CreateIncrementBackupSetDownloadRequest {
  /** The incremental backup job ID (`BackupSetJobId` of DescribeIncrementBackupList). */
  BackupSetId: string;
  /** The binlog name (`BackupSetId` of DescribeIncrementBackupList), e.g. "mysql-bin.000054". */
  BackupSetName: string;
  BackupSetDataFormat?: BackupSetDataFormat;
  ClientToken?: string;
}

export type CreateIncrementBackupSetDownloadResponse = CreateFullBackupSetDownloadResponse;

interface BackupListRequest {
  BackupPlanId: string;
  StartTimestamp?: number;
  EndTimestamp?: number;
  PageNum?: number;
  PageSize?: 30 | 50 | 100;
}

export interface DescribeFullBackupListRequest extends BackupListRequest {
  BackupSetStatus?: string;
}

export type DescribeIncrementBackupListRequest = BackupListRequest;

interface PagedResponse extends DbsResponseEnvelope {
  PageNum: number;
  PageSize: number;
  TotalElements: number;
  TotalPages: number;
}

export interface FullBackupFile {
  BackupSetId: string;
  BackupStatus: string;
  BackupObjects?: string;
  BackupSize?: number;
  BackupSetExpiredTime?: number;
  CreateTime?: number;
  StartTime?: number;
  EndTime?: number;
  FinishTime?: number;
  ErrMessage?: string;
  SourceEndpointIpPort?: string;
  StorageMethod?: string;
}

export interface DescribeFullBackupListResponse extends PagedResponse {
  Items: { FullBackupFile: FullBackupFile[] };
}

export interface IncrementBackupFile {
  BackupSetId: string;
  BackupSetJobId: string;
  BackupStatus: string;
  BackupSize?: number;
  StartTime?: number;
  EndTime?: number;
  BackupSetExpiredTime?: number;
  SourceEndpointIpPort?: string;
  StorageMethod?: string;
}

export interface DescribeIncrementBackupListResponse extends PagedResponse {
  Items: { IncrementBackupFile: IncrementBackupFile[] };
}

/** Every action the client knows, with its request and response types. */
export interface DbsActions {
  CreateFullBackupSetDownload: [CreateFullBackupSetDownloadRequest, CreateFullBackupSetDownloadResponse];
  CreateIncrementBackupSetDownload: [
    CreateIncrementBackupSetDownloadRequest,
    CreateIncrementBackupSetDownloadResponse,
  ];
  DescribeFullBackupList: [DescribeFullBackupListRequest, DescribeFullBackupListResponse];
  DescribeIncrementBackupList: [DescribeIncrementBackupListRequest, DescribeIncrementBackupListResponse];
  DescribeBackupSetDownloadTaskList: [
    DescribeBackupSetDownloadTaskListRequest,
    DescribeBackupSetDownloadTaskListResponse,
  ];
}

/** The actions that start a download task; they share the response shape. */
export type CreateDownloadAction = "CreateFullBackupSetDownload" | "CreateIncrementBackupSetDownload";
