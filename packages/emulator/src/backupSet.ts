/** The stored form of a backup set: a seed with every default filled in, and the checks a seed must pass. */
import type { BackupSetKind, SeedBackupSet, SeedSourceEndpoint } from "./types";

const RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export type SourceEndpoint = Required<SeedSourceEndpoint>;

/** The database the emulator pretends every plan backs up, unless a seed says otherwise. */
export const DEFAULT_SOURCE_ENDPOINT: SourceEndpoint = {
  host: "rm-emulator0001.mysql.rds.aliyuncs.com",
  port: 3306,
  instanceId: "rm-emulator0001",
  instanceType: "rds",
  region: "cn-hangzhou",
  userName: "dbs_backup",
  enableSsl: false,
};

export interface BackupSet {
  backupSetId: string;
  backupPlanId: string;
  kind: BackupSetKind;
  status: string;
  size: number;
  createTime: number;
  startTime: number;
  endTime: number;
  finishTime: number;
  expiredTime: number;
  dbType: string;
  backupSetJobId?: string;
  downloadDurationMs?: number;
  failWith?: SeedBackupSet["failWith"];
  backupObjects: string;
  errMessage: string;
  storageMethod: string;
  storageEncryptMethod: string;
  backupGatewayIdentifier: string;
  crossAliyunId: string;
  crossRoleName: string;
  logicalFullBackupProgress: number;
  logicalStructureBackupProgress: number;
  sourceEndpoint: SourceEndpoint;
  /** Insertion order, to break ties between equal start times. */
  seq: number;
}

export function normaliseSet(seed: SeedBackupSet, seq: number, now: number): BackupSet {
  const kind = seed.kind ?? "full";
  const status = seed.status ?? (kind === "full" ? "finish" : "COMPLETED");
  const startTime = seed.startTime ?? seed.createTime ?? now;
  // Guess: a finished logical backup reports 100 % for both phases, any other state 0 %.
  const progress = status === "finish" ? 100 : 0;
  return {
    backupSetId: seed.backupSetId,
    backupPlanId: seed.backupPlanId,
    kind,
    status,
    size: seed.size ?? 0,
    createTime: seed.createTime ?? startTime,
    startTime,
    endTime: seed.endTime ?? startTime,
    finishTime: seed.finishTime ?? seed.endTime ?? startTime,
    expiredTime: seed.expiredTime ?? startTime + RETENTION_MS,
    dbType: seed.dbType ?? "MySQL",
    backupSetJobId: seed.backupSetJobId,
    downloadDurationMs: seed.downloadDurationMs,
    failWith: seed.failWith,
    backupObjects: seed.backupObjects ?? '[{"DBName":"test"}]',
    errMessage: seed.errMessage ?? (status === "stop" ? "The backup job failed." : ""),
    storageMethod: seed.storageMethod ?? "Standard",
    storageEncryptMethod: seed.storageEncryptMethod ?? "",
    backupGatewayIdentifier: seed.backupGatewayIdentifier ?? "",
    crossAliyunId: seed.crossAliyunId ?? "",
    crossRoleName: seed.crossRoleName ?? "",
    logicalFullBackupProgress: seed.logicalFullBackupProgress ?? progress,
    logicalStructureBackupProgress: seed.logicalStructureBackupProgress ?? progress,
    sourceEndpoint: { ...DEFAULT_SOURCE_ENDPOINT, ...seed.sourceEndpoint },
    seq,
  };
}

const STRING_FIELDS = [
  "status",
  "dbType",
  "backupSetJobId",
  "backupObjects",
  "errMessage",
  "storageMethod",
  "storageEncryptMethod",
  "backupGatewayIdentifier",
  "crossAliyunId",
  "crossRoleName",
] as const;
const NUMBER_FIELDS = [
  "size",
  "createTime",
  "startTime",
  "endTime",
  "finishTime",
  "expiredTime",
  "downloadDurationMs",
] as const;
const PERCENT_FIELDS = ["logicalFullBackupProgress", "logicalStructureBackupProgress"] as const;
const ENDPOINT_STRING_FIELDS = ["host", "instanceId", "instanceType", "region", "userName"] as const;

export function shown(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

export function checkSourceEndpoint(where: string, endpoint: unknown): void {
  if (typeof endpoint !== "object" || endpoint === null || Array.isArray(endpoint)) {
    throw new Error(`${where}: sourceEndpoint must be an object, got ${shown(endpoint)}`);
  }
  const fields = endpoint as Record<string, unknown>;
  for (const name of ENDPOINT_STRING_FIELDS) {
    if (fields[name] !== undefined && typeof fields[name] !== "string") {
      throw new Error(`${where}: sourceEndpoint.${name} must be a string, got ${shown(fields[name])}`);
    }
  }
  const port = fields.port;
  if (port !== undefined && !(Number.isInteger(port) && (port as number) >= 1 && (port as number) <= 65535)) {
    throw new Error(`${where}: sourceEndpoint.port must be an integer 1-65535, got ${shown(port)}`);
  }
  if (fields.enableSsl !== undefined && typeof fields.enableSsl !== "boolean") {
    throw new Error(
      `${where}: sourceEndpoint.enableSsl must be true or false, got ${shown(fields.enableSsl)}`,
    );
  }
}

/** Throws a readable error for a seed that cannot work (used for options and --seed files). */
export function validateSeed(seed: SeedBackupSet): void {
  const where = `backup set ${JSON.stringify(seed.backupSetId)}`;
  if (typeof seed.backupSetId !== "string" || seed.backupSetId === "") {
    throw new Error("every backup set needs a non-empty string backupSetId");
  }
  if (typeof seed.backupPlanId !== "string" || seed.backupPlanId === "") {
    throw new Error(`${where} needs a non-empty string backupPlanId`);
  }
  if (seed.kind !== undefined && seed.kind !== "full" && seed.kind !== "increment") {
    throw new Error(`${where}: kind must be "full" or "increment"`);
  }
  if (seed.kind === "increment" && !seed.backupSetJobId) {
    throw new Error(`${where}: an incremental set needs backupSetJobId`);
  }
  if (seed.failWith && seed.failWith.status !== "stop" && seed.failWith.status !== "init") {
    throw new Error(`${where}: failWith.status must be "stop" or "init"`);
  }
  for (const name of STRING_FIELDS) {
    if (seed[name] !== undefined && typeof seed[name] !== "string") {
      throw new Error(`${where}: ${name} must be a string, got ${shown(seed[name])}`);
    }
  }
  for (const name of NUMBER_FIELDS) {
    const value = seed[name];
    if (value !== undefined && !(typeof value === "number" && Number.isFinite(value) && value >= 0)) {
      throw new Error(`${where}: ${name} must be a number >= 0, got ${shown(value)}`);
    }
  }
  for (const name of PERCENT_FIELDS) {
    const value = seed[name];
    if (value !== undefined && !(typeof value === "number" && value >= 0 && value <= 100)) {
      throw new Error(`${where}: ${name} must be a number from 0 to 100, got ${shown(value)}`);
    }
  }
  if (seed.sourceEndpoint !== undefined) checkSourceEndpoint(where, seed.sourceEndpoint);
}
