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

/** Every action the client knows, with its request and response types. */
export interface DbsActions {
  CreateFullBackupSetDownload: [CreateFullBackupSetDownloadRequest, CreateFullBackupSetDownloadResponse];
  DescribeBackupSetDownloadTaskList: [
    DescribeBackupSetDownloadTaskListRequest,
    DescribeBackupSetDownloadTaskListResponse,
  ];
}

/** The actions that start a download task; they share the response shape. */
export type CreateDownloadAction = "CreateFullBackupSetDownload";
