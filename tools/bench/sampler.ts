/**
 * I/O: the processes of one workspace's pulumi runs, by role, sampled from /proc every 100 ms: peak memory
 * of the provider processes (dynamic providers, plugins), and CPU time of each role (as last sampled, so up to 100 ms short per process).
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { Role } from "./results";
import { ROLES } from "./results";

/** USER_HZ of /proc/<pid>/stat: 100 on every Linux build we run on. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface Sample {
  peakKiB: number;
  processes: number;
  cpuSeconds: Record<Role, number>;
}

export class ProcessSampler {
  private readonly roles = new Map<number, Role | null>();
  private readonly peaks = new Map<number, number>();
  private readonly cpuTicks = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;

  /** homeDir: the workspace's PULUMI_HOME, which every process of its runs has in its environment. */
  constructor(private readonly homeDir: string) {}

  start(): void {
    this.timer = setInterval(() => this.sample(), 100);
  }

  stop(): Sample {
    clearInterval(this.timer);
    const cpuSeconds = Object.fromEntries(ROLES.map((role) => [role, 0])) as Record<Role, number>;
    for (const [pid, ticks] of this.cpuTicks) {
      const role = this.roles.get(pid);
      if (role) cpuSeconds[role] += ticks / CLOCK_TICKS_PER_SECOND;
    }
    return { peakKiB: Math.max(0, ...this.peaks.values()), processes: this.peaks.size, cpuSeconds };
  }

  /** undefined: ask again later. */
  private roleOf(pid: number): Role | null | undefined {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      // A plugin is a sh script that forks (nodejs) or execs (ours, the no-op) node: ask again until
      // the process runs node.
      if (argv.some((a) => /^pulumi-resource-[\w-]+$/.test(path.basename(a)))) return undefined;
      let role: Role | null = null;
      // argv[1], not anywhere: the script's `node -e "require.resolve('…dynamic-provider')"` is no provider.
      if (/dynamic-provider(\/index\.js)?$/.test(argv[1] ?? "")) role = "provider";
      else if (/^pulumi-resource-[\w-]+\.js$/.test(path.basename(argv[1] ?? ""))) role = "provider";
      else if (argv.some((a) => /@pulumi\/pulumi\/cmd\/run(\/index\.js)?$/.test(a))) role = "program";
      else if (/^pulumi-language-(nodejs|yaml)$/.test(path.basename(argv[0]))) role = "language host";
      else if (path.basename(argv[0]) === "pulumi") role = "engine";
      if (!role) return null;
      const env = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      return env.includes(`PULUMI_HOME=${this.homeDir}`) ? role : null;
    } catch {
      return null;
    }
  }

  private sample(): void {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const pid = Number(entry);
      let role = this.roles.get(pid);
      if (role === undefined) {
        role = this.roleOf(pid);
        if (role !== undefined) this.roles.set(pid, role);
      }
      if (!role) continue;
      try {
        if (role === "provider") {
          const status = readFileSync(`/proc/${pid}/status`, "utf8");
          for (const field of ["VmHWM", "VmRSS"]) {
            const kib = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
            this.peaks.set(pid, Math.max(this.peaks.get(pid) ?? 0, kib));
          }
        }
        // utime and stime: fields 14 and 15, counted after the ")" that ends the command name.
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        this.cpuTicks.set(pid, Number(fields[11]) + Number(fields[12]));
      } catch {
        // It exited between readdir and read.
      }
    }
  }
}
