/** In-memory state of the 2021 side: instances with their backup sets, advanced download tasks, their states. */
import { randomBytes } from "node:crypto";
import { validateInstance } from "./download2021Seed";
import type {
  AdvancedDownloadStatus,
  AdvancedTaskRecord,
  SeedInstance,
  SeedInstanceBackupSet,
} from "./download2021Types";

/** PY21's CreateDownload comment: a finished URL download expires three days after it completed. */
export const URL_RETENTION_MS = 3 * 24 * 60 * 60 * 1000;
/** How many tables every emulated backup holds, for the "done/total" Progress. */
const TABLES = 8;
/** Bytes of a backup set whose seed names no size. */
const DEFAULT_SET_SIZE = 100 * 1024 * 1024;

export interface Instance {
  instanceName: string;
  regionCode: string;
  engine: string;
  supportsDownload: boolean;
  /** Oldest first. */
  backupSets: SeedInstanceBackupSet[];
}

/** What a create records: the public record's request fields, with the instance and set themselves. */
export interface NewAdvancedTask extends Pick<
  AdvancedTaskRecord,
  | "bakSetType"
  | "downloadPointInTime"
  | "format"
  | "targetType"
  | "targetBucket"
  | "targetOssRegion"
  | "targetPath"
  | "params"
  | "accessKeyId"
  | "createTime"
> {
  instance: Instance;
  set: SeedInstanceBackupSet;
}

export interface StoredAdvancedTask extends NewAdvancedTask {
  taskId: string;
  /** Simulated epoch ms at which the current attempt started (createTime, or the last in-place retry). */
  startedAt: number;
  /** 1 for the first run; the set's failWith.attempts decides which attempts fail. */
  attempt: number;
  retries: number;
  retryOf?: string;
  seq: number;
}

export interface AdvancedTaskState {
  status: AdvancedDownloadStatus;
  errMessage: string;
  /** 0 to 1: how much of the conversion is done. */
  done: number;
}

function randomId(length: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  let id = "dt-";
  for (const byte of randomBytes(length)) id += alphabet[byte % alphabet.length];
  return id;
}

export class AdvancedDownloads {
  private readonly instances = new Map<string, Instance>();
  private readonly tasks = new Map<string, StoredAdvancedTask>();
  private seq = 0;

  constructor(
    seeds: readonly SeedInstance[],
    private readonly durations: { checkingMs: number; downloadDurationMs: number },
  ) {
    for (const seed of seeds) {
      validateInstance(seed);
      if (this.instances.has(seed.instanceName))
        throw new Error(`instance ${seed.instanceName} is listed twice`);
      this.instances.set(seed.instanceName, {
        instanceName: seed.instanceName,
        regionCode: seed.regionCode ?? "cn-hangzhou",
        engine: seed.engine ?? "MySQL",
        supportsDownload: seed.supportsDownload ?? true,
        backupSets: [...(seed.backupSets ?? [])].sort((a, b) => a.time - b.time),
      });
    }
  }

  /** The instance, when it exists in that region. */
  instance(instanceName: string, regionCode: string): Instance | undefined {
    const instance = this.instances.get(instanceName);
    return instance?.regionCode === regionCode ? instance : undefined;
  }

  create(input: NewAdvancedTask, attempt = 1, retryOf?: string): StoredAdvancedTask {
    let taskId = randomId(12);
    while (this.tasks.has(taskId)) taskId = randomId(12);
    const task: StoredAdvancedTask = {
      ...input,
      params: { ...input.params },
      taskId,
      startedAt: input.createTime,
      attempt,
      retries: 0,
      retryOf,
      seq: ++this.seq,
    };
    this.tasks.set(taskId, task);
    return task;
  }

  task(taskId: string): StoredAdvancedTask | undefined {
    return this.tasks.get(taskId);
  }

  /** Creation order. */
  tasksOf(instance: Instance): StoredAdvancedTask[] {
    return [...this.tasks.values()].filter((t) => t.instance === instance).sort((a, b) => a.seq - b.seq);
  }

  /** Runs a failed task again: the same task from its start, or a new task with the same request. */
  retry(task: StoredAdvancedTask, mode: "inPlace" | "newTask", now: number): StoredAdvancedTask {
    if (mode === "newTask") return this.create({ ...task, createTime: now }, task.attempt + 1, task.taskId);
    task.attempt += 1;
    task.retries += 1;
    task.startedAt = now;
    return task;
  }

  records(now: number): AdvancedTaskRecord[] {
    return [...this.tasks.values()]
      .sort((a, b) => a.seq - b.seq)
      .map((t) => {
        const record: AdvancedTaskRecord = {
          taskId: t.taskId,
          instanceName: t.instance.instanceName,
          regionCode: t.instance.regionCode,
          bakSetType: t.bakSetType,
          bakSetId: t.set.backupSetId,
          format: t.format,
          targetType: t.targetType,
          params: { ...t.params },
          accessKeyId: t.accessKeyId,
          createTime: t.createTime,
          status: this.state(t, now).status,
          retries: t.retries,
        };
        if (t.downloadPointInTime !== undefined) record.downloadPointInTime = t.downloadPointInTime;
        if (t.targetBucket !== undefined) record.targetBucket = t.targetBucket;
        if (t.targetOssRegion !== undefined) record.targetOssRegion = t.targetOssRegion;
        if (t.targetPath !== undefined) record.targetPath = t.targetPath;
        if (t.retryOf !== undefined) record.retryOf = t.retryOf;
        return record;
      });
  }

  /** Simulated ms the current attempt spends running. */
  private runningMs(task: StoredAdvancedTask): number {
    return task.set.downloadDurationMs ?? this.durations.downloadDurationMs;
  }

  /** Simulated epoch ms at which the current attempt ends (finished or failed). */
  endTime(task: StoredAdvancedTask): number {
    return task.startedAt + this.durations.checkingMs + this.runningMs(task);
  }

  /**
   * Initializing for the first half of the emulator's checking time, queuing for the second, then
   * running for the download time; then failed or finished, and a finished URL download expires.
   */
  state(task: StoredAdvancedTask, now: number): AdvancedTaskState {
    const elapsed = now - task.startedAt;
    const { checkingMs } = this.durations;
    if (elapsed < checkingMs / 2) return { status: "Initializing", errMessage: "", done: 0 };
    if (elapsed < checkingMs) return { status: "queuing", errMessage: "", done: 0 };
    const end = this.endTime(task);
    if (now < end)
      return { status: "running", errMessage: "", done: (elapsed - checkingMs) / this.runningMs(task) };
    const failure = task.set.failWith;
    if (failure && (failure.attempts === undefined || task.attempt <= failure.attempts)) {
      return { status: "failed", errMessage: failure.errMessage, done: 0 };
    }
    if (task.targetType === "URL" && now >= end + URL_RETENTION_MS) {
      return { status: "expired", errMessage: "", done: 1 };
    }
    return { status: "finished", errMessage: "", done: 1 };
  }
}

/** "done/total" tables: "0/0" while preparing, as the SDK documents. */
export function progressText(state: AdvancedTaskState): string {
  if (state.status === "Initializing" || state.status === "queuing") return "0/0";
  return `${Math.floor(state.done * TABLES)}/${TABLES}`;
}

/** Bytes read from the backup set and written in the target format so far. */
export function dataSizes(
  task: StoredAdvancedTask,
  state: AdvancedTaskState,
): { read: number; written: number } {
  const ratio: Record<string, number> = { CSV: 1, SQL: 1.2, Parquet: 0.4 };
  const read = Math.floor((task.set.size ?? DEFAULT_SET_SIZE) * state.done);
  return { read, written: Math.floor(read * (ratio[task.format] ?? 1)) };
}
