/**
 * The data an emulator starts with when its options name none: one credential, three backup plans
 * (two with backup sets), and for STS one OIDC provider (GitHub Actions' issuer) and one role that
 * trusts it.
 */
import { ACCOUNT_ID } from "./accessDenied";
import type {
  EmulatorCredential,
  EmulatorOidcProvider,
  EmulatorRole,
  SeedBackupPlan,
  SeedBackupSet,
} from "./types";

export const DEFAULT_CREDENTIAL: EmulatorCredential = Object.freeze({
  accessKeyId: "LTAIemulatorAccessKey",
  accessKeySecret: "emulator-secret-Kx9fQ2vR7pT4",
});

/** What a GitHub Actions job gets with `core.getIDToken("sts.aliyuncs.com")`. */
export const DEFAULT_OIDC_PROVIDER: EmulatorOidcProvider = Object.freeze({
  arn: `acs:ram::${ACCOUNT_ID}:oidc-provider/github-actions`,
  issuerUrl: "https://token.actions.githubusercontent.com",
  clientIds: Object.freeze(["sts.aliyuncs.com"]) as string[],
});

/** Trusts DEFAULT_OIDC_PROVIDER and, for AssumeRole, every key of the emulator's account. */
export const DEFAULT_ROLE: EmulatorRole = Object.freeze({
  arn: `acs:ram::${ACCOUNT_ID}:role/emulator-deployer`,
  maxSessionDurationSeconds: 3600,
  trustedOidcProviders: Object.freeze([DEFAULT_OIDC_PROVIDER.arn]) as string[],
});

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Fixed so seeded timestamps are deterministic: 2026-10-01T00:00:00Z. */
export const SEED_BASE = Date.UTC(2026, 9, 1);

function fullSet(
  backupSetId: string,
  backupPlanId: string,
  day: number,
  extra: Partial<SeedBackupSet> = {},
): SeedBackupSet {
  const startTime = SEED_BASE + day * DAY_MS;
  const status = extra.status ?? "finish";
  const ended = status !== "running" && status !== "schedule";
  return {
    backupSetId,
    backupPlanId,
    kind: "full",
    status,
    size: 100 * 1024 * 1024 + day * 4096,
    createTime: startTime,
    startTime,
    endTime: ended ? startTime + 10 * 60 * 1000 : 0,
    finishTime: ended ? startTime + 11 * 60 * 1000 : 0,
    ...extra,
  };
}

function incrementSet(binlog: string, jobId: string, backupPlanId: string, hour: number): SeedBackupSet {
  const startTime = SEED_BASE + 3 * DAY_MS + hour * 60 * 60 * 1000;
  return {
    backupSetId: binlog,
    backupSetJobId: jobId,
    backupPlanId,
    kind: "increment",
    status: "COMPLETED",
    size: 16 * 1024 * 1024 + hour,
    createTime: startTime,
    startTime,
    endTime: startTime + 60 * 60 * 1000,
    finishTime: startTime + 60 * 60 * 1000,
  };
}

function bulkPlan(): SeedBackupSet[] {
  const sets: SeedBackupSet[] = [];
  for (let i = 1; i <= 35; i++) {
    const status = i === 35 ? "running" : i === 10 || i === 20 ? "stop" : "finish";
    sets.push(fullSet(`dbsbulk${String(i).padStart(4, "0")}`, "dbsplan0002", i, { status }));
  }
  return sets;
}

/**
 * Plan "dbsplan0001": three finished full sets, one whose downloads fail, two binlogs.
 * Plan "dbsplan0002": 35 full sets (newest "running", two "stop") for paging.
 */
export const DEFAULT_BACKUP_SETS: readonly SeedBackupSet[] = Object.freeze([
  fullSet("dbsset0001", "dbsplan0001", 1),
  fullSet("dbsset0002", "dbsplan0001", 2),
  fullSet("dbsset0003", "dbsplan0001", 3),
  fullSet("dbsfail0001", "dbsplan0001", 0, {
    failWith: { status: "stop", errMessage: "java.lang.IndexOutOfBoundsException." },
  }),
  incrementSet("mysql-bin.000054", "dbsjob0054", "dbsplan0001", 1),
  incrementSet("mysql-bin.000055", "dbsjob0055", "dbsplan0001", 2),
  ...bulkPlan(),
]);

/**
 * "dbsplan0001": automatic download off, never configured. "dbsplan0002": on, to gateway 20230001's
 * directory /data/dbs (SQL full, Native incremental). "dbsplan0003": backups in the user's own OSS
 * bucket, so automatic download cannot be turned on; no backup sets.
 */
export const DEFAULT_BACKUP_PLANS: readonly SeedBackupPlan[] = Object.freeze([
  {
    backupPlanId: "dbsplan0001",
    backupPlanName: "orders-mysql",
    backupPlanCreateTime: SEED_BASE - 30 * DAY_MS,
  },
  {
    backupPlanId: "dbsplan0002",
    backupPlanName: "bulk-mysql",
    backupPlanCreateTime: SEED_BASE - 20 * DAY_MS,
    downloadRules: {
      openAutoDownload: true,
      backupGatewayId: 20230001,
      backupSetDownloadTargetType: "agent",
      backupSetDownloadTargetTypeLocation: "local",
      backupSetDownloadDir: "/data/dbs",
      fullDataFormat: "SQL",
      incrementDataFormat: "Native",
    },
  },
  {
    backupPlanId: "dbsplan0003",
    backupPlanName: "own-bucket-mysql",
    backupPlanCreateTime: SEED_BASE - 10 * DAY_MS,
    backupStorageType: "",
  },
]);
