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

/** ModifyBackupSetDownloadRules: the whole automatic-download setting of one backup plan. */
export interface ModifyBackupSetDownloadRulesRequest {
  BackupPlanId: string;
  /** The API's default is false: a call without it turns automatic download off. */
  OpenAutoDownload?: boolean;
  BackupGatewayId?: number;
  /** "agent" (a server with a backup gateway) is the only documented value. */
  BackupSetDownloadTargetType?: "agent";
  /** Required when enabling, default "local"; not returned by DescribeBackupPlanList. */
  BackupSetDownloadTargetTypeLocation?: "local" | "nas" | "ftp" | "minio";
  BackupSetDownloadDir?: string;
  /** Default CSV. */
  FullDataFormat?: BackupSetDataFormat;
  /** Default Native. */
  IncrementDataFormat?: BackupSetDataFormat;
  ClientToken?: string;
}

export interface ModifyBackupSetDownloadRulesResponse extends DbsResponseEnvelope {
  BackupPlanId: string;
}

export interface DescribeBackupPlanListRequest {
  /** One plan ID, or several separated by commas. */
  BackupPlanId?: string;
  BackupPlanName?: string;
  BackupPlanStatus?: string;
  BackupMethod?: string;
  Region?: string;
  ResourceGroupId?: string;
  PageNum?: number;
  /** 1 to 100, default 30. */
  PageSize?: number;
}

/** The fields of a plan we read: its identity, storage, and the automatic-download rules. */
export interface BackupPlanDetail {
  BackupPlanId: string;
  BackupPlanName?: string;
  BackupPlanStatus?: string;
  BackupPlanRegion?: string;
  BackupMethod?: string;
  DatabaseType?: string;
  /** "system": DBS's built-in OSS, which automatic download needs. */
  BackupStorageType?: string;
  OpenBackupSetAutoDownload?: boolean;
  BackupSetDownloadGatewayId?: number;
  BackupSetDownloadTargetType?: string;
  BackupSetDownloadDir?: string;
  BackupSetDownloadFullDataFormat?: string;
  BackupSetDownloadIncrementDataFormat?: string;
}

export interface DescribeBackupPlanListResponse extends PagedResponse {
  Items: { BackupPlanDetail: BackupPlanDetail[] };
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
  ModifyBackupSetDownloadRules: [ModifyBackupSetDownloadRulesRequest, ModifyBackupSetDownloadRulesResponse];
  DescribeBackupPlanList: [DescribeBackupPlanListRequest, DescribeBackupPlanListResponse];
}

/** The actions that start a download task; they share the response shape. */
export type CreateDownloadAction = "CreateFullBackupSetDownload" | "CreateIncrementBackupSetDownload";
