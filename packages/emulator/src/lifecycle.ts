/** Simulated time and the download-task status it implies. */
import type { DownloadStatus } from "./types";

export class SimClock {
  private readonly startedAt = Date.now();
  private offset = 0;

  constructor(private readonly timeScale = 1) {}

  /** Simulated epoch ms: real start + scaled real elapsed time + everything advance() added. */
  now(): number {
    return this.startedAt + (Date.now() - this.startedAt) * this.timeScale + this.offset;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance(ms) needs a finite ms >= 0, got ${ms}`);
    this.offset += ms;
  }
}

export interface TaskTimeline {
  createTime: number;
  checkingMs: number;
  runningMs: number;
  failWith?: { status: "stop" | "init"; errMessage: string };
}

export interface TaskState {
  status: DownloadStatus;
  done: boolean;
  errMessage: string;
}

/** "init" means the precheck failed, so such a task never runs: it ends when checking ends. */
export function endTime(timeline: TaskTimeline): number {
  const running = timeline.failWith?.status === "init" ? 0 : timeline.runningMs;
  return timeline.createTime + timeline.checkingMs + running;
}

export function taskState(timeline: TaskTimeline, now: number): TaskState {
  const elapsed = now - timeline.createTime;
  if (elapsed < timeline.checkingMs) return { status: "checking", done: false, errMessage: "" };
  if (now < endTime(timeline)) return { status: "running", done: false, errMessage: "" };
  if (timeline.failWith) {
    return { status: timeline.failWith.status, done: true, errMessage: timeline.failWith.errMessage };
  }
  return { status: "finish", done: true, errMessage: "" };
}
