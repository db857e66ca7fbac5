/**
 * The wire shapes (PascalCase) of stored objects, with every field of the models of the official SDK
 * @alicloud/dbs20190306 1.0.3 (aliyun/alibabacloud-typescript-sdk, dbs-20190306/src/models/):
 * DescribeBackupSetDownloadTaskListResponseBodyItemsBackupSetDownloadTaskDetail (19 fields),
 * DescribeFullBackupListResponseBodyItemsFullBackupFile (25) and
 * DescribeIncrementBackupListResponseBodyItemsIncrementBackupFile (14), with the SDK's types; and the
 * 52 fields of DescribeBackupPlanListResponseBodyItemsBackupPlanDetail of the SDK's newest models.
 */
import type { BackupPlan } from "./backupPlan";
import type { BackupSet, SourceEndpoint } from "./backupSet";
import { endTime, taskState } from "./lifecycle";
import type { StoredTask } from "./store";

/** Guess: the docs do not say how long download URLs stay valid. */
const URL_VALIDITY_S = 7 * 24 * 60 * 60;
const FILE_EXTENSIONS: Record<string, string> = {
  Native: "tar.gz",
  SQL: "sql.zip",
  CSV: "csv.zip",
  JSON: "json.zip",
};

export interface TaskDetail {
  BackupSetDownloadTaskId: string;
  BackupSetDownloadTaskName: string;
  BackupSetDownloadStatus: string;
  BackupSetId: string;
  BackupPlanId: string;
  BackupSetCode: string;
  BackupSetDataFormat: string;
  BackupSetDataSize: number;
  BackupSetDbType: string;
  BackupSetJobType: "cbs_backup_sub_full" | "cbs_backup_sub_cont";
  BackupSetDownloadWay: "manual";
  /** The next three only mean something for Way "auto" (a backup gateway), see taskDetail. */
  BackupSetDownloadTargetType: string;
  BackupSetDownloadDir: string;
  BackupGatewayId: number;
  BackupSetDownloadCreateTime: number;
  /** Only once the task has ended. */
  BackupSetDownloadFinishTime?: number;
  /** Only for Way "manual" once the conversion is complete (status finish), as the docs say. */
  BackupSetDownloadInternetUrl?: string;
  BackupSetDownloadIntranetUrl?: string;
  ErrMessage: string;
}

function downloadUrl(task: StoredTask, internal: boolean): string {
  const host = `dbs-download-${task.region}${internal ? "-internal" : ""}.oss.example`;
  const expires = Math.floor(endTime(task.timeline) / 1000) + URL_VALIDITY_S;
  const file = `${task.taskId}.${FILE_EXTENSIONS[task.format] ?? "zip"}`;
  return (
    `https://${host}/${file}?Expires=${expires}` +
    `&OSSAccessKeyId=LTAIossEmulatorSigner&Signature=${encodeURIComponent(task.urlSignature)}`
  );
}

export function taskDetail(task: StoredTask, now: number): TaskDetail {
  const state = taskState(task.timeline, now);
  const full = task.action === "CreateFullBackupSetDownload";
  const detail: TaskDetail = {
    BackupSetDownloadTaskId: task.taskId,
    BackupSetDownloadTaskName: `${task.set.backupPlanId}-${full ? "ManualFull" : "ManualCont"}`,
    BackupSetDownloadStatus: state.status,
    BackupSetId: full ? task.set.backupSetId : (task.set.backupSetJobId ?? task.set.backupSetId),
    BackupPlanId: task.set.backupPlanId,
    BackupSetCode: full ? task.set.backupSetId : (task.backupSetName ?? task.set.backupSetId),
    BackupSetDataFormat: task.format,
    BackupSetDataSize: task.set.size,
    BackupSetDbType: task.set.dbType,
    BackupSetJobType: full ? "cbs_backup_sub_full" : "cbs_backup_sub_cont",
    BackupSetDownloadWay: "manual",
    // Create*BackupSetDownload only starts manual tasks, for which the docs give these as "N/A";
    // the emulator sends the empty value of the SDK's type.
    BackupSetDownloadTargetType: "",
    BackupSetDownloadDir: "",
    BackupGatewayId: 0,
    BackupSetDownloadCreateTime: task.timeline.createTime,
    ErrMessage: state.errMessage,
  };
  if (state.done) detail.BackupSetDownloadFinishTime = endTime(task.timeline);
  if (state.status === "finish") {
    detail.BackupSetDownloadInternetUrl = downloadUrl(task, false);
    detail.BackupSetDownloadIntranetUrl = downloadUrl(task, true);
  }
  return detail;
}

/** The SourceEndpoint* fields both list actions send; Port and EnableSsl are strings on the wire. */
function sourceEndpointFields(endpoint: SourceEndpoint) {
  return {
    SourceEndpointHost: endpoint.host,
    SourceEndpointInstanceId: endpoint.instanceId,
    SourceEndpointInstanceType: endpoint.instanceType,
    SourceEndpointIpPort: `${endpoint.host}:${endpoint.port}`,
    SourceEndpointPort: String(endpoint.port),
    SourceEndpointRegion: endpoint.region,
  };
}

export function fullBackupFile(set: BackupSet) {
  return {
    BackupGatewayIdentifier: set.backupGatewayIdentifier,
    BackupObjects: set.backupObjects,
    BackupSetExpiredTime: set.expiredTime,
    BackupSetId: set.backupSetId,
    BackupSize: set.size,
    BackupStatus: set.status,
    CreateTime: set.createTime,
    CrossAliyunId: set.crossAliyunId,
    CrossRoleName: set.crossRoleName,
    EndTime: set.endTime,
    ErrMessage: set.errMessage,
    FinishTime: set.finishTime,
    LogicalFullBackupProgress: set.logicalFullBackupProgress,
    LogicalStructureBackupProgress: set.logicalStructureBackupProgress,
    SourceEndpointEnableSsl: String(set.sourceEndpoint.enableSsl),
    ...sourceEndpointFields(set.sourceEndpoint),
    SourceEndpointUserName: set.sourceEndpoint.userName,
    StartTime: set.startTime,
    StorageEncryptMethod: set.storageEncryptMethod,
    StorageMethod: set.storageMethod,
  };
}

export function incrementBackupFile(set: BackupSet) {
  return {
    BackupSetExpiredTime: set.expiredTime,
    BackupSetId: set.backupSetId,
    BackupSetJobId: set.backupSetJobId ?? "",
    BackupSize: set.size,
    BackupStatus: set.status,
    EndTime: set.endTime,
    ...sourceEndpointFields(set.sourceEndpoint),
    StartTime: set.startTime,
    StorageMethod: set.storageMethod,
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The automatic-download fields: OpenBackupSetAutoDownload always, the others only once set (guess: a
 * backend that drops null fields would leave them out). BackupSetDownloadTargetTypeLocation has no field.
 */
function downloadRuleFields(plan: BackupPlan) {
  const rules = plan.downloadRules;
  const fields: Record<string, string | number | boolean> = {
    OpenBackupSetAutoDownload: rules.openAutoDownload === true,
  };
  if (rules.backupGatewayId !== undefined) fields.BackupSetDownloadGatewayId = rules.backupGatewayId;
  if (rules.backupSetDownloadTargetType !== undefined) {
    fields.BackupSetDownloadTargetType = rules.backupSetDownloadTargetType;
  }
  if (rules.backupSetDownloadDir !== undefined) fields.BackupSetDownloadDir = rules.backupSetDownloadDir;
  if (rules.fullDataFormat !== undefined) fields.BackupSetDownloadFullDataFormat = rules.fullDataFormat;
  if (rules.incrementDataFormat !== undefined) {
    fields.BackupSetDownloadIncrementDataFormat = rules.incrementDataFormat;
  }
  return fields;
}

/** Fields the emulator does not model are fixed, plausible values of the SDK's types. */
export function backupPlanDetail(plan: BackupPlan) {
  const endpoint = plan.sourceEndpoint;
  const system = plan.backupStorageType === "system";
  return {
    BackupGatewayId: 0,
    BackupGatewayIdentifier: "",
    BackupMethod: plan.backupMethod,
    BackupObjects: '[{"DBName":"test"}]',
    BackupPeriod: "Monday,Thursday",
    BackupPlanCreateTime: plan.backupPlanCreateTime,
    BackupPlanId: plan.backupPlanId,
    BackupPlanName: plan.backupPlanName,
    BackupPlanRegion: plan.backupPlanRegion,
    BackupPlanStatus: plan.backupPlanStatus,
    BackupRetentionPeriod: 730,
    ...downloadRuleFields(plan),
    BackupStartTime: "02:00",
    BackupStorageType: plan.backupStorageType,
    BeginTimestampForRestore: 0,
    CrossAliyunId: "",
    CrossRoleName: "",
    DatabaseType: plan.databaseType,
    DuplicationArchivePeriod: 0,
    DuplicationInfrequentAccessPeriod: 0,
    EnableBackupLog: true,
    EnableMysqlPhysicalBackupBinLog: false,
    EndTimestampForRestore: 0,
    ErrMessage: "",
    IncrementBackupRetentionPeriod: "730",
    IncrementDuplicationArchivePeriod: "0",
    IncrementDuplicationInfrequentAccessPeriod: "0",
    InstanceChargeType: "PREPAY",
    InstanceClass: "micro",
    InstanceExpiredTimestamp: plan.backupPlanCreateTime + 365 * DAY_MS,
    LogBackupRetentionPeriod: "730",
    LogDuplicationArchivePeriod: "0",
    LogDuplicationInfrequentAccessPeriod: "0",
    OSSBucketName: system ? "" : `dbs-backup-${plan.backupPlanId}`,
    OSSBucketRegion: system ? "" : plan.backupPlanRegion,
    ResourceGroupId: plan.resourceGroupId,
    SourceEndpointDatabaseName: "test",
    SourceEndpointEnableSsl: String(endpoint.enableSsl),
    SourceEndpointHost: endpoint.host,
    SourceEndpointInstanceID: endpoint.instanceId,
    SourceEndpointInstanceType: endpoint.instanceType,
    SourceEndpointIpPort: `${endpoint.host}:${endpoint.port}`,
    SourceEndpointOracleSID: "",
    SourceEndpointPort: String(endpoint.port),
    SourceEndpointRegion: endpoint.region,
    SourceEndpointUserName: endpoint.userName,
    StorageEncryptMethod: "",
  };
}
