/** The stored form of a backup plan, its download rules' allowed values, and the checks a seed plan must pass. */
import { checkSourceEndpoint, DEFAULT_SOURCE_ENDPOINT, shown, type SourceEndpoint } from "./backupSet";
import { DATA_FORMATS } from "./params";
import type { DownloadRules, SeedBackupPlan } from "./types";

export const TARGET_TYPES = ["agent"] as const;
export const TARGET_LOCATIONS = ["local", "nas", "ftp", "minio"] as const;

/** The documented defaults of ModifyBackupSetDownloadRules; the gateway and directory have none. */
export const DEFAULT_DOWNLOAD_RULES: Readonly<DownloadRules> = Object.freeze({
  openAutoDownload: false,
  backupSetDownloadTargetType: "agent",
  backupSetDownloadTargetTypeLocation: "local",
  fullDataFormat: "CSV",
  incrementDataFormat: "Native",
});

export interface BackupPlan {
  backupPlanId: string;
  backupPlanName: string;
  backupPlanStatus: string;
  backupPlanRegion: string;
  backupMethod: string;
  backupStorageType: string;
  databaseType: string;
  backupPlanCreateTime: number;
  resourceGroupId: string;
  sourceEndpoint: SourceEndpoint;
  downloadRules: DownloadRules;
  downloadRulesChanges: number;
  seq: number;
}

export function normalisePlan(seed: SeedBackupPlan, seq: number, now: number): BackupPlan {
  return {
    backupPlanId: seed.backupPlanId,
    backupPlanName: seed.backupPlanName ?? seed.backupPlanId,
    backupPlanStatus: seed.backupPlanStatus ?? "running",
    backupPlanRegion: seed.backupPlanRegion ?? "cn-hangzhou",
    backupMethod: seed.backupMethod ?? "logical",
    backupStorageType: seed.backupStorageType ?? "system",
    databaseType: seed.databaseType ?? "MySQL",
    backupPlanCreateTime: seed.backupPlanCreateTime ?? now,
    resourceGroupId: seed.resourceGroupId ?? "",
    sourceEndpoint: { ...DEFAULT_SOURCE_ENDPOINT, ...seed.sourceEndpoint },
    downloadRules: { openAutoDownload: false, ...seed.downloadRules },
    downloadRulesChanges: 0,
    seq,
  };
}

const PLAN_STRINGS = [
  "backupPlanName",
  "backupPlanStatus",
  "backupPlanRegion",
  "backupMethod",
  "backupStorageType",
  "databaseType",
  "resourceGroupId",
] as const;

const RULE_CHOICES: [keyof DownloadRules, readonly string[]][] = [
  ["backupSetDownloadTargetType", TARGET_TYPES],
  ["backupSetDownloadTargetTypeLocation", TARGET_LOCATIONS],
  ["fullDataFormat", DATA_FORMATS],
  ["incrementDataFormat", DATA_FORMATS],
];

function checkRules(where: string, rules: unknown): void {
  if (typeof rules !== "object" || rules === null || Array.isArray(rules)) {
    throw new Error(`${where}: downloadRules must be an object, got ${shown(rules)}`);
  }
  const fields = rules as Record<string, unknown>;
  if (fields.openAutoDownload !== undefined && typeof fields.openAutoDownload !== "boolean") {
    throw new Error(
      `${where}: downloadRules.openAutoDownload must be true or false, got ${shown(fields.openAutoDownload)}`,
    );
  }
  const gateway = fields.backupGatewayId;
  if (gateway !== undefined && !(Number.isSafeInteger(gateway) && (gateway as number) >= 0)) {
    throw new Error(`${where}: downloadRules.backupGatewayId must be an integer >= 0, got ${shown(gateway)}`);
  }
  if (fields.backupSetDownloadDir !== undefined && typeof fields.backupSetDownloadDir !== "string") {
    throw new Error(
      `${where}: downloadRules.backupSetDownloadDir must be a string, got ${shown(fields.backupSetDownloadDir)}`,
    );
  }
  for (const [name, allowed] of RULE_CHOICES) {
    const value = fields[name];
    if (value !== undefined && !allowed.includes(value as string)) {
      throw new Error(
        `${where}: downloadRules.${name} must be one of ${allowed.join(", ")}, got ${shown(value)}`,
      );
    }
  }
}

/** Throws a readable error for a seed plan that cannot work (used for options and --seed files). */
export function validatePlanSeed(seed: SeedBackupPlan): void {
  if (typeof seed.backupPlanId !== "string" || seed.backupPlanId === "") {
    throw new Error("every backup plan needs a non-empty string backupPlanId");
  }
  const where = `backup plan ${JSON.stringify(seed.backupPlanId)}`;
  for (const name of PLAN_STRINGS) {
    if (seed[name] !== undefined && typeof seed[name] !== "string") {
      throw new Error(`${where}: ${name} must be a string, got ${shown(seed[name])}`);
    }
  }
  const created = seed.backupPlanCreateTime;
  if (created !== undefined && !(typeof created === "number" && Number.isFinite(created) && created >= 0)) {
    throw new Error(`${where}: backupPlanCreateTime must be a number >= 0, got ${shown(created)}`);
  }
  if (seed.sourceEndpoint !== undefined) checkSourceEndpoint(where, seed.sourceEndpoint);
  if (seed.downloadRules !== undefined) checkRules(where, seed.downloadRules);
}
