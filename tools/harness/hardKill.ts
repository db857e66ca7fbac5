/**
 * What the Automation API cannot do: SIGKILL every process of a workspace at once, as a CI runner does
 * when it kills a job, and sweep up the plugins a killed pulumi leaves running (they sit in process
 * groups of their own). The processes are found by the workspace's PULUMI_HOME in their environment,
 * which the engine passes on to the language host, the program and the plugins. Reads /proc: Linux.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

/** SIGKILLs every process whose environment holds PULUMI_HOME=homeDir, the engine first. Returns how many. */
export function hardKill(homeDir: string): number {
  if (process.platform !== "linux") {
    throw new Error(`killing a workspace's processes reads /proc, which ${process.platform} does not have`);
  }
  const pids = workspaceProcesses(homeDir);
  // The engine first, so that it cannot react to its plugins dying.
  const engineFirst = [...pids].sort((a, b) => Number(isEngine(b)) - Number(isEngine(a)));
  for (const pid of engineFirst) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // It exited meanwhile.
    }
  }
  return pids.length;
}

/** SIGKILLs only the engine (the `pulumi` process) of a workspace, as a runner killing its process group does. */
export function killEngine(homeDir: string): number {
  const engines = workspaceProcesses(homeDir).filter(isEngine);
  for (const pid of engines) process.kill(pid, "SIGKILL");
  return engines.length;
}

/** The processes of a workspace whose command line names `executable`, e.g. a plugin. */
export function processesRunning(homeDir: string, executable: string): number[] {
  return workspaceProcesses(homeDir).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(executable);
    } catch {
      return false;
    }
  });
}

/** Like hardKill, for clean-up: does nothing where there is no /proc. */
export function sweepStrays(homeDir: string): void {
  if (process.platform === "linux") hardKill(homeDir);
}

function workspaceProcesses(homeDir: string): number[] {
  const marker = Buffer.from(`PULUMI_HOME=${homeDir}\0`);
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`).includes(marker);
      } catch {
        // Gone already, or not ours to read.
        return false;
      }
    });
}

function isEngine(pid: number): boolean {
  try {
    return path.basename(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0]) === "pulumi";
  } catch {
    return false;
  }
}
