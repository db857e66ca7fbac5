/**
 * The instances the 2021 side starts with when the options name none, and the checks an instance seed
 * (options or a --seed file's "instances") must pass.
 */
import { DAY_MS, SEED_BASE } from "./seed";
import type { SeedInstance, SeedInstanceBackupSet } from "./download2021Types";

const ENGINES = ["MySQL", "PostgreSQL", "PolarDB", "MongoDB"];

const backupSet = (backupSetId: string, day: number, extra: Partial<SeedInstanceBackupSet> = {}) => ({
  backupSetId,
  time: SEED_BASE + day * DAY_MS,
  size: 200 * 1024 * 1024 + day * 4096,
  ...extra,
});

/**
 * - "rm-emuladv0001" (RDS MySQL, cn-hangzhou): full sets 1460050001-1460050003 (2026-10-02 to -04),
 *   and 1460059999 (2026-10-01) whose downloads fail on the first attempt only (a retry succeeds).
 *   Point-in-time downloads from 2026-10-01 on.
 * - "pgm-emuladv0002" (RDS PostgreSQL, cn-shanghai): full set 2460050001, whose downloads always fail.
 * - "rm-emulnodl0003" (RDS MySQL, cn-hangzhou): advanced download not supported.
 */
export const DEFAULT_INSTANCES: readonly SeedInstance[] = Object.freeze([
  {
    instanceName: "rm-emuladv0001",
    regionCode: "cn-hangzhou",
    engine: "MySQL",
    backupSets: [
      backupSet("1460059999", 0, {
        failWith: { errMessage: "download task failed: OSS write timeout", attempts: 1 },
      }),
      backupSet("1460050001", 1),
      backupSet("1460050002", 2),
      backupSet("1460050003", 3),
    ],
  },
  {
    instanceName: "pgm-emuladv0002",
    regionCode: "cn-shanghai",
    engine: "PostgreSQL",
    backupSets: [backupSet("2460050001", 1, { failWith: { errMessage: "unsupported table engine" } })],
  },
  { instanceName: "rm-emulnodl0003", regionCode: "cn-hangzhou", supportsDownload: false, backupSets: [] },
] satisfies SeedInstance[]);

const shown = (value: unknown): string => JSON.stringify(value) ?? String(value);
const isCount = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 0;

function checkBackupSet(where: string, set: SeedInstanceBackupSet): void {
  if (typeof set?.backupSetId !== "string" || set.backupSetId === "") {
    throw new Error(`${where}: every backup set needs a non-empty string backupSetId`);
  }
  const at = `${where}, backup set ${shown(set.backupSetId)}`;
  if (!isCount(set.time)) throw new Error(`${at}: time must be epoch ms, got ${shown(set.time)}`);
  for (const name of ["size", "downloadDurationMs"] as const) {
    if (set[name] !== undefined && !isCount(set[name])) {
      throw new Error(`${at}: ${name} must be an integer >= 0, got ${shown(set[name])}`);
    }
  }
  const fail = set.failWith;
  if (fail !== undefined && (typeof fail?.errMessage !== "string" || fail.errMessage === "")) {
    throw new Error(`${at}: failWith.errMessage must be a non-empty string`);
  }
  if (fail?.attempts !== undefined && !(isCount(fail.attempts) && fail.attempts > 0)) {
    throw new Error(`${at}: failWith.attempts must be an integer >= 1, got ${shown(fail.attempts)}`);
  }
}

/** Throws a readable error for an instance seed that cannot work. */
export function validateInstance(seed: SeedInstance): void {
  if (typeof seed?.instanceName !== "string" || seed.instanceName === "") {
    throw new Error("every instance needs a non-empty string instanceName");
  }
  const where = `instance ${shown(seed.instanceName)}`;
  if (seed.regionCode !== undefined && (typeof seed.regionCode !== "string" || seed.regionCode === "")) {
    throw new Error(`${where}: regionCode must be a non-empty string, got ${shown(seed.regionCode)}`);
  }
  if (seed.engine !== undefined && !ENGINES.includes(seed.engine)) {
    throw new Error(`${where}: engine must be one of ${ENGINES.join(", ")}, got ${shown(seed.engine)}`);
  }
  if (seed.supportsDownload !== undefined && typeof seed.supportsDownload !== "boolean") {
    throw new Error(`${where}: supportsDownload must be true or false, got ${shown(seed.supportsDownload)}`);
  }
  if (seed.backupSets !== undefined && !Array.isArray(seed.backupSets)) {
    throw new Error(`${where}: backupSets must be an array`);
  }
  const ids = new Set<string>();
  for (const set of seed.backupSets ?? []) {
    checkBackupSet(where, set);
    if (ids.has(set.backupSetId)) throw new Error(`${where}: backup set ${set.backupSetId} is listed twice`);
    ids.add(set.backupSetId);
  }
}
