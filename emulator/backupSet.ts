/** The stored form of a backup set: a seed with every default filled in, and the checks a seed must pass. */
import type { BackupSetKind, SeedBackupSet } from "./types";

const RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

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
  /** Insertion order, to break ties between equal start times. */
  seq: number;
}

export function normaliseSet(seed: SeedBackupSet, seq: number, now: number): BackupSet {
  const kind = seed.kind ?? "full";
  const startTime = seed.startTime ?? seed.createTime ?? now;
  return {
    backupSetId: seed.backupSetId,
    backupPlanId: seed.backupPlanId,
    kind,
    status: seed.status ?? (kind === "full" ? "finish" : "COMPLETED"),
    size: seed.size ?? 0,
    createTime: seed.createTime ?? startTime,
    startTime,
    endTime: seed.endTime ?? startTime,
    finishTime: seed.finishTime ?? seed.endTime ?? startTime,
    expiredTime: startTime + RETENTION_MS,
    dbType: seed.dbType ?? "MySQL",
    backupSetJobId: seed.backupSetJobId,
    downloadDurationMs: seed.downloadDurationMs,
    failWith: seed.failWith,
    seq,
  };
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
}
