/** In-memory state: backup plans, backup sets, download tasks and ClientToken idempotency records. */
import { randomBytes } from "node:crypto";
import { ApiError } from "./errors";
import { endTime, taskState, type TaskTimeline } from "./lifecycle";
import { normaliseSet, validateSeed, type BackupSet } from "./backupSet";
import { normalisePlan, validatePlanSeed, type BackupPlan } from "./backupPlan";
import type {
  BackupPlanRecord,
  BackupSetKind,
  DownloadRules,
  SeedBackupPlan,
  SeedBackupSet,
  TaskRecord,
} from "./types";

export type CreateAction = TaskRecord["action"];

export interface NewTask {
  action: CreateAction;
  accessKeyId: string;
  /** Who owns the ClientToken (see principalOf): the key, or the role of an STS session key. */
  principal: string;
  clientToken?: string;
  params: Record<string, string>;
  set: BackupSet;
  backupSetName?: string;
  format: string;
  region: string;
  createTime: number;
}

export interface StoredTask extends Omit<NewTask, "createTime"> {
  taskId: string;
  timeline: TaskTimeline;
  /** Random per task, so download URLs differ and look signed. */
  urlSignature: string;
  seq: number;
}

/** Params that take no part in the "same request?" comparison of an idempotent retry. */
const NOT_COMPARED = new Set(["ClientToken", "RegionId", "OwnerId"]);

function fingerprint(params: Record<string, string>): string {
  const keys = Object.keys(params)
    .filter((k) => !NOT_COMPARED.has(k))
    .sort();
  return JSON.stringify(keys.map((k) => [k, params[k]]));
}

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

function randomId(prefix: string, length: number): string {
  const bytes = randomBytes(length);
  let id = prefix;
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return id;
}

/** Who sent a ClientToken, and which request it was: the key its replays are found under. */
export interface TokenUse {
  action: string;
  principal: string;
  clientToken?: string;
  params: Record<string, string>;
}

const tokenKey = (use: TokenUse): string => `${use.principal}\n${use.action}\n${use.clientToken}`;

export class Store {
  private readonly plans = new Map<string, BackupPlan>();
  private readonly sets = new Map<string, BackupSet>();
  private readonly downloads = new Map<string, StoredTask>();
  /** tokenKey → what the first request made (a task ID, or the plan ID it changed) and its params. */
  private readonly tokens = new Map<string, { id: string; fingerprint: string }>();
  private seq = 0;

  constructor(
    seeds: { plans: readonly SeedBackupPlan[]; sets: readonly SeedBackupSet[] },
    private readonly durations: { checkingMs: number; downloadDurationMs: number },
    /** Simulated now, for seeds without timestamps. */
    private readonly now: () => number,
  ) {
    for (const plan of seeds.plans) this.addBackupPlan(plan);
    for (const set of seeds.sets) this.addBackupSet(set);
  }

  /** Adds or replaces a backup plan. */
  addBackupPlan(seed: SeedBackupPlan): void {
    validatePlanSeed(seed);
    this.plans.set(seed.backupPlanId, normalisePlan(seed, ++this.seq, this.now()));
  }

  /** Adds or replaces a backup set; a plan it names that does not exist yet is added with defaults. */
  addBackupSet(seed: SeedBackupSet): void {
    validateSeed(seed);
    const key = `${seed.kind ?? "full"}\n${seed.backupSetId}`;
    this.sets.set(key, normaliseSet(seed, ++this.seq, this.now()));
    if (!this.plans.has(seed.backupPlanId)) this.addBackupPlan({ backupPlanId: seed.backupPlanId });
  }

  plan(backupPlanId: string): BackupPlan | undefined {
    return this.plans.get(backupPlanId);
  }

  /** Newest first. */
  allPlans(): BackupPlan[] {
    return [...this.plans.values()].sort(
      (a, b) => b.backupPlanCreateTime - a.backupPlanCreateTime || b.seq - a.seq,
    );
  }

  /** Sets every download rule of the plan at once, remembering the ClientToken of the change. */
  setDownloadRules(plan: BackupPlan, rules: DownloadRules, use: TokenUse): void {
    plan.downloadRules = { ...rules };
    plan.downloadRulesChanges++;
    this.remember(use, plan.backupPlanId);
  }

  planRecords(): BackupPlanRecord[] {
    return [...this.plans.values()]
      .sort((a, b) => a.seq - b.seq)
      .map((p) => ({
        backupPlanId: p.backupPlanId,
        downloadRules: { ...p.downloadRules },
        downloadRulesChanges: p.downloadRulesChanges,
      }));
  }

  fullSet(backupSetId: string): BackupSet | undefined {
    return this.sets.get(`full\n${backupSetId}`);
  }

  /** Incremental sets are addressed by job ID plus binlog name, and both must agree. */
  incrementSet(jobId: string, binlogName: string): BackupSet | undefined {
    const set = this.sets.get(`increment\n${binlogName}`);
    return set && set.backupSetJobId === jobId ? set : undefined;
  }

  setsOfPlan(backupPlanId: string, kind: BackupSetKind): BackupSet[] {
    return [...this.sets.values()]
      .filter((s) => s.kind === kind && s.backupPlanId === backupPlanId)
      .sort((a, b) => b.startTime - a.startTime || b.seq - a.seq);
  }

  /**
   * The ID an earlier request with the same ClientToken made (the task it created, the plan it
   * changed), or undefined for a new token. Throws IdempotentParameterMismatch when the token was
   * used with different params.
   */
  replay(use: TokenUse): string | undefined {
    if (use.clientToken === undefined) return undefined;
    const previous = this.tokens.get(tokenKey(use));
    if (!previous) return undefined;
    if (previous.fingerprint !== fingerprint(use.params)) {
      throw new ApiError(
        400,
        "IdempotentParameterMismatch",
        "The specified parameter ClientToken has been used with different parameters.",
      );
    }
    return previous.id;
  }

  private remember(use: TokenUse, id: string): void {
    if (use.clientToken !== undefined)
      this.tokens.set(tokenKey(use), { id, fingerprint: fingerprint(use.params) });
  }

  createTask(input: NewTask): StoredTask {
    let taskId = randomId("dbstk", 8);
    while (this.downloads.has(taskId)) taskId = randomId("dbstk", 8);
    const task: StoredTask = {
      taskId,
      action: input.action,
      accessKeyId: input.accessKeyId,
      principal: input.principal,
      clientToken: input.clientToken,
      params: { ...input.params },
      set: input.set,
      backupSetName: input.backupSetName,
      format: input.format,
      region: input.region,
      timeline: {
        createTime: input.createTime,
        checkingMs: this.durations.checkingMs,
        runningMs: input.set.downloadDurationMs ?? this.durations.downloadDurationMs,
        failWith: input.set.failWith,
      },
      urlSignature: randomBytes(21).toString("base64"),
      seq: ++this.seq,
    };
    this.downloads.set(taskId, task);
    this.remember(input, taskId);
    return task;
  }

  task(taskId: string): StoredTask | undefined {
    return this.downloads.get(taskId);
  }

  /** Newest first. */
  tasksOfPlan(backupPlanId: string): StoredTask[] {
    return [...this.downloads.values()]
      .filter((t) => t.set.backupPlanId === backupPlanId)
      .sort((a, b) => b.timeline.createTime - a.timeline.createTime || b.seq - a.seq);
  }

  /** Forgets the task and any ClientToken pointing at it, as if it had expired server-side. */
  deleteTask(taskId: string): void {
    this.downloads.delete(taskId);
    for (const [key, record] of this.tokens) {
      if (record.id === taskId) this.tokens.delete(key);
    }
  }

  records(now: number): TaskRecord[] {
    return [...this.downloads.values()]
      .sort((a, b) => a.seq - b.seq)
      .map((t) => ({
        taskId: t.taskId,
        action: t.action,
        accessKeyId: t.accessKeyId,
        clientToken: t.clientToken,
        params: { ...t.params },
        backupSetId: t.set.kind === "full" ? t.set.backupSetId : (t.set.backupSetJobId ?? t.set.backupSetId),
        backupSetName: t.backupSetName,
        backupPlanId: t.set.backupPlanId,
        format: t.format,
        region: t.region,
        createTime: t.timeline.createTime,
        status: taskState(t.timeline, now).status,
        finishTime: endTime(t.timeline),
      }));
  }
}
