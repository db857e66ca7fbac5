/** In-memory state: backup sets, download tasks and ClientToken idempotency records. */
import { randomBytes } from "node:crypto";
import { ApiError } from "./errors";
import { endTime, taskState, type TaskTimeline } from "./lifecycle";
import { normaliseSet, validateSeed, type BackupSet } from "./backupSet";
import type { BackupSetKind, SeedBackupSet, TaskRecord } from "./types";

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

export class Store {
  private readonly sets = new Map<string, BackupSet>();
  private readonly downloads = new Map<string, StoredTask>();
  /** `${principal}\n${action}\n${clientToken}` → task ID and the params it was created with. */
  private readonly tokens = new Map<string, { taskId: string; fingerprint: string }>();
  private seq = 0;

  constructor(
    seeds: readonly SeedBackupSet[],
    private readonly durations: { checkingMs: number; downloadDurationMs: number },
    /** Simulated now, for seeds without timestamps. */
    private readonly now: () => number,
  ) {
    for (const seed of seeds) this.addBackupSet(seed);
  }

  /** Adds or replaces a backup set. */
  addBackupSet(seed: SeedBackupSet): void {
    validateSeed(seed);
    const key = `${seed.kind ?? "full"}\n${seed.backupSetId}`;
    this.sets.set(key, normaliseSet(seed, ++this.seq, this.now()));
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
   * The task an earlier request with the same ClientToken created, or undefined for a new token.
   * Throws IdempotentParameterMismatch when the token was used with different params.
   */
  replay(
    action: CreateAction,
    principal: string,
    clientToken: string | undefined,
    params: Record<string, string>,
  ): StoredTask | undefined {
    if (clientToken === undefined) return undefined;
    const previous = this.tokens.get(`${principal}\n${action}\n${clientToken}`);
    if (!previous) return undefined;
    if (previous.fingerprint !== fingerprint(params)) {
      throw new ApiError(
        400,
        "IdempotentParameterMismatch",
        "The specified parameter ClientToken has been used with different parameters.",
      );
    }
    return this.downloads.get(previous.taskId);
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
    if (input.clientToken !== undefined) {
      this.tokens.set(`${input.principal}\n${input.action}\n${input.clientToken}`, {
        taskId,
        fingerprint: fingerprint(input.params),
      });
    }
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
      if (record.taskId === taskId) this.tokens.delete(key);
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
