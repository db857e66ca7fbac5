/** Public types of the DBS API emulator. */
import type { AdvancedTaskRecord, SeedInstance } from "./download2021Types";

export interface EmulatorCredential {
  accessKeyId: string;
  accessKeySecret: string;
  /** STS: requests signed with this key must carry exactly this token. */
  securityToken?: string;
  /** STS token expired: every request → 400 InvalidSecurityToken.Expired. */
  expired?: boolean;
  /** Real epoch ms from which the key counts as expired (as `expired`); keys STS issues have one. */
  expiresAt?: number;
  /**
   * The RAM role this STS key is a session of. ClientToken idempotency is then scoped to the role, so
   * that a create retried with a refreshed key of the same role replays the same task; keys without
   * it keep their own scope.
   */
  roleArn?: string;
  /**
   * Actions this key may not call → 403 Request.Forbidden "Have no Permissions", with an
   * AccessDeniedDetail naming the action and the key's RAM principal (never the key itself).
   */
  deniedActions?: string[];
}

/** A RAM role the emulator's STS (2015-04-01) can issue keys for. */
export interface EmulatorRole {
  /** `acs:ram::<account>:role/<name>`. */
  arn: string;
  /** 3600 to 43200; the largest DurationSeconds allowed. Default 3600. */
  maxSessionDurationSeconds?: number;
  /** OIDC provider ARNs whose tokens may assume the role (AssumeRoleWithOIDC). Default: none. */
  trustedOidcProviders?: string[];
  /**
   * Who may AssumeRole it: access key IDs, or role ARNs (for callers signing with STS keys of that
   * role). Default: every key of the role's account when that is the emulator's account.
   */
  trustedPrincipals?: string[];
  /** Inherited by the keys issued for the role (see EmulatorCredential.deniedActions). */
  deniedActions?: string[];
}

/** An OIDC identity provider registered in RAM. */
export interface EmulatorOidcProvider {
  /** `acs:ram::<account>:oidc-provider/<name>`. */
  arn: string;
  /** Tokens must carry exactly this `iss`. */
  issuerUrl: string;
  /** Tokens' `aud` must contain one of these. */
  clientIds: string[];
}

export type BackupSetKind = "full" | "increment";

export interface SeedBackupSet {
  backupSetId: string;
  backupPlanId: string;
  /** Default "full". */
  kind?: BackupSetKind;
  /** Full sets: finish by default; incremental sets: COMPLETED by default. */
  status?: string;
  size?: number;
  createTime?: number;
  startTime?: number;
  endTime?: number;
  finishTime?: number;
  dbType?: string;
  /** Incremental sets: the backup job ID that CreateIncrementBackupSetDownload takes as BackupSetId. */
  backupSetJobId?: string;
  /** Simulated ms a download of this set spends in "running" (overrides the emulator default). */
  downloadDurationMs?: number;
  /** Downloads of this set end in this failure status instead of "finish". */
  failWith?: { status: "stop" | "init"; errMessage: string };
  /** Default: startTime + 30 days. */
  expiredTime?: number;
  /** The rest only fill wire fields of FullBackupFile / IncrementBackupFile; each has a default. */
  backupObjects?: string;
  /** The backup job's own error (FullBackupFile.ErrMessage); default "" unless status is "stop". */
  errMessage?: string;
  storageMethod?: string;
  storageEncryptMethod?: string;
  backupGatewayIdentifier?: string;
  crossAliyunId?: string;
  crossRoleName?: string;
  /** 0-100; default 100 for a finished set, else 0. */
  logicalFullBackupProgress?: number;
  logicalStructureBackupProgress?: number;
  sourceEndpoint?: SeedSourceEndpoint;
}

/** The backed-up database; sent as SourceEndpoint* (Port and EnableSsl as strings, as in the SDK). */
export interface SeedSourceEndpoint {
  host?: string;
  port?: number;
  instanceId?: string;
  instanceType?: string;
  region?: string;
  userName?: string;
  enableSsl?: boolean;
}

/** The automatic-download rules of a backup plan (ModifyBackupSetDownloadRules's parameters). */
export interface DownloadRules {
  /** Default false. */
  openAutoDownload?: boolean;
  /** Unset by default (not sent in DescribeBackupPlanList). */
  backupGatewayId?: number;
  /** "agent", the only documented value. */
  backupSetDownloadTargetType?: string;
  /** "local" | "nas" | "ftp" | "minio"; kept, but DescribeBackupPlanList has no field for it. */
  backupSetDownloadTargetTypeLocation?: string;
  backupSetDownloadDir?: string;
  /** "Native" | "SQL" | "CSV" | "JSON". */
  fullDataFormat?: string;
  incrementDataFormat?: string;
}

/**
 * A backup plan. Plans named only by a backup set's backupPlanId exist too, with every default;
 * the rest of the fields fill wire fields of DescribeBackupPlanList.
 */
export interface SeedBackupPlan {
  backupPlanId: string;
  /** Default: the plan ID. */
  backupPlanName?: string;
  /** Default "running". */
  backupPlanStatus?: string;
  /** Default "cn-hangzhou". */
  backupPlanRegion?: string;
  /** Default "logical". */
  backupMethod?: string;
  /** "system" (DBS's built-in OSS, the default) or "" (the user's own bucket). */
  backupStorageType?: string;
  /** Default "MySQL". */
  databaseType?: string;
  /** Epoch ms; default: the emulator's start. */
  backupPlanCreateTime?: number;
  /** Default "". */
  resourceGroupId?: string;
  sourceEndpoint?: SeedSourceEndpoint;
  /** Default: automatic download off, nothing else set. */
  downloadRules?: DownloadRules;
}

export type FaultKind = "unavailable" | "throttling" | "nonJson" | "reset" | "actThenDrop" | "slow";

export interface Fault {
  kind: FaultKind;
  /** How many matching requests this fault applies to. Default 1. */
  count?: number;
  /** Only requests for this action consume the fault. */
  action?: string;
  /** For "slow": how long to wait before acting and answering. Default 1000. */
  delayMs?: number;
  /** For "throttling": the wait its retry-after headers ask for, in ms. Default 1000. */
  retryAfterMs?: number;
}

export interface EmulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default: [DEFAULT_CREDENTIAL]. */
  credentials?: EmulatorCredential[];
  /** Default: DEFAULT_BACKUP_SETS. */
  backupSets?: SeedBackupSet[];
  /** Default: DEFAULT_BACKUP_PLANS without `backupSets`, else none but those the sets name. */
  backupPlans?: SeedBackupPlan[];
  /**
   * What ModifyBackupSetDownloadRules does with a rule it is not sent: reset it to its documented
   * default, or unset (default "replace", as the documented defaults read), or keep it ("merge").
   */
  downloadRulesUpdate?: "replace" | "merge";
  /**
   * Simulated ms a download task spends in "checking" (2021 tasks: "Initializing" for the first half,
   * "queuing" for the second). Default 2000.
   */
  checkingMs?: number;
  /** Simulated ms a download task (2019 or 2021) spends in "running". Default 60000. */
  downloadDurationMs?: number;
  /** Simulated ms per real ms. Default 1. */
  timeScale?: number;
  /** Max requests per second per AccessKeyId (sliding 1 s window); beyond → 400 Throttling.User. */
  rateLimit?: number;
  /**
   * Unit of StartTimestamp/EndTimestamp in DescribeFullBackupList/DescribeIncrementBackupList: epoch
   * milliseconds (default) or UNIX seconds (what SDK 1.0.3 documents). Response times stay in ms.
   */
  timestampUnit?: "ms" | "s";
  /** Ignore DescribeFullBackupList's BackupSetStatus, as an API that does not know it would. Default false. */
  ignoreBackupSetStatus?: boolean;
  /**
   * How business errors (unknown backup set, wrong state…) are answered: HTTP 200 with `Success:false`
   * (default), or an HTTP 4xx gateway error body with the same Code and Message.
   */
  businessErrors?: "body" | "http";
  /** Instances of the 2021-01-01 advanced download (CreateDownload…). Default: DEFAULT_INSTANCES. */
  instances?: SeedInstance[];
  /**
   * Unit of DescribeDownloadBackupSetStorageInfo's ExpirationTime: epoch ms (default, as the SDK
   * documents it) or seconds (as the SDK's example value is).
   */
  urlExpirationUnit?: "ms" | "s";
  /**
   * What RetryDownloadTask does with a failed task (undocumented): restart it under its own ID
   * (default), or start a new task with the same request. Either way `Data` is the task to follow.
   */
  retryDownloadTask?: "inPlace" | "newTask";
  /**
   * Format in DescribeDownloadTask's list: "documented" (default) sends `csv` for CSV, as the SDK
   * lists the values; "requested" sends the FormatType as CreateDownload took it.
   */
  listedFormat?: "documented" | "requested";
  /** Faults queued from the start (same as calling injectFault for each). */
  faults?: Fault[];
  /** Called after every request has been recorded (the CLI logs with it). */
  onRequest?: (request: RecordedRequest) => void;
  /** Serve HTTPS with a self-signed certificate made at start (see Emulator.caCertificate). Default false. */
  https?: boolean;
  /** Roles for STS AssumeRole / AssumeRoleWithOIDC. Default: [DEFAULT_ROLE]. */
  roles?: EmulatorRole[];
  /** OIDC providers for AssumeRoleWithOIDC. Default: [DEFAULT_OIDC_PROVIDER]. */
  oidcProviders?: EmulatorOidcProvider[];
  /**
   * Tests: keys STS issues expire after this many real ms whatever DurationSeconds asked (the answer's
   * Expiration says so, rounded up to the second).
   */
  stsKeyLifetimeMs?: number;
}

export interface RecordedRequest {
  action: string;
  /**
   * Decoded business params (query + form body) without the signature-only ones; an OIDCToken shows
   * as "<redacted>".
   */
  params: Record<string, string>;
  /** "v3" with an Authorization header, else "v1" (RPC style, signed or not, e.g. AssumeRoleWithOIDC). */
  signatureVersion: "v3" | "v1";
  /** The algorithm the request claims (ACS3-HMAC-SHA256, ACS3-HMAC-SM3, HMAC-SHA1…), if any. */
  signatureAlgorithm?: string;
  accessKeyId?: string;
  /** 0 when the connection was dropped without an answer. */
  statusCode: number;
  /** Gateway error Code, or the ErrCode of a Success:false business answer. */
  code?: string;
  requestId: string;
  /** Real epoch ms when the request arrived. */
  at: number;
}

export type DownloadStatus = "checking" | "running" | "finish" | "stop" | "init";

export interface TaskRecord {
  taskId: string;
  action: "CreateFullBackupSetDownload" | "CreateIncrementBackupSetDownload";
  accessKeyId: string;
  clientToken?: string;
  /** The business params of the create request, as recorded in the request log. */
  params: Record<string, string>;
  backupSetId: string;
  /** Incremental downloads: the binlog name sent as BackupSetName. */
  backupSetName?: string;
  backupPlanId: string;
  format: string;
  region: string;
  /** Simulated epoch ms. */
  createTime: number;
  /** Status at the moment tasks() was called. */
  status: DownloadStatus;
  /** Simulated epoch ms at which the task ends (finish or failure). */
  finishTime: number;
}

export interface BackupPlanRecord {
  backupPlanId: string;
  /** Every rule in effect, including the target location that DescribeBackupPlanList does not show. */
  downloadRules: DownloadRules;
  /** ModifyBackupSetDownloadRules calls applied to the plan (a replay by ClientToken is not one). */
  downloadRulesChanges: number;
}

export interface Emulator {
  /** `http://HOST:PORT`, or `https://…` with `https: true`. */
  url: string;
  /** HTTPS mode: the PEM certificate clients must trust (e.g. a file named by NODE_EXTRA_CA_CERTS). */
  caCertificate?: string;
  host: string;
  port: number;
  /** Live log of every request, including rejected ones. */
  requests: RecordedRequest[];
  requestsFor(action: string): RecordedRequest[];
  clearRequests(): void;
  /** Requests held by a `slow` fault right now (received, not yet acted on or answered). */
  delayedRequests(): number;
  /** All download tasks, with their ClientToken and params. */
  tasks(): TaskRecord[];
  /** All 2021-01-01 advanced download tasks (CreateDownload), oldest first. */
  advancedTasks(): AdvancedTaskRecord[];
  /** Temporary keys STS issued, oldest first, with their secrets and expiry (for tests to look for them). */
  issuedCredentials(): EmulatorCredential[];
  /** Move the simulated clock forward. */
  advance(ms: number): void;
  deleteTask(taskId: string): void;
  addBackupSet(set: SeedBackupSet): void;
  /** Adds or replaces a backup plan (a console edit of its download rules, say). */
  addBackupPlan(plan: SeedBackupPlan): void;
  /** Every backup plan, oldest first, with its download rules and how often they were changed. */
  backupPlans(): BackupPlanRecord[];
  injectFault(fault: Fault): void;
  /** Drops every fault not yet consumed. */
  clearFaults(): void;
  close(): Promise<void>;
}
