/**
 * The measurements of `npm run bench` against the emulator: state size and API calls per operation,
 * wall time and the dynamic provider's peak RSS, and status requests while waiting for completion.
 */
import type { Emulator, SeedBackupSet } from "../../packages/emulator/src";
import { DEFAULT_BACKUP_SETS, startEmulator } from "../../packages/emulator/src";
import { statusRequestsFor } from "../../provider/lib/wait";
import { FULL_DOWNLOAD_TYPE, storedProvider } from "../harness/deployment";
import { progress } from "./progress";
import type { ApiOperation, BenchResult, RssResult, StateSize, TimingRow, Variant } from "./results";
import { countBy, median, mib, seconds, VARIANTS } from "./results";
import { ProcessSampler } from "./sampler";
import { entrySizes } from "./stateSize";
import { disposeStack, freshStack, runCli } from "./stacks";

const CREATE = "CreateFullBackupSetDownload";
const TYPES: Record<Variant, string> = {
  ours: FULL_DOWNLOAD_TYPE,
  baseline: "pulumi-nodejs:dynamic/bench:Noop",
};
/** Simulated ms per real ms for the wait measurements: a 60-minute task takes 18 s. */
const WAIT_TIME_SCALE = 200;
const WAIT_MINUTES = [1, 10, 60];

function stateSize(exportText: string, variant: Variant, n: number): StateSize {
  const { resources, size } = entrySizes(exportText, TYPES[variant], n);
  const provider = storedProvider(resources[0]);
  return { ...size, providerBytes: provider.bytes, providerSecret: provider.secret };
}

/** Each operation once on a fresh stack of N resources per variant, and the state after the create. */
export async function measureApiCalls(
  emulator: Emulator,
  n: number,
): Promise<Pick<BenchResult, "state" | "apiCalls">> {
  const operations: Omit<ApiOperation, "calls" | "perResource" | "byAction">[] = [
    { operation: "preview", args: ["preview"], floorPerResource: 0 },
    { operation: "up (create)", args: ["up"], floorPerResource: 1 },
    { operation: "up (no change)", args: ["up", "--expect-no-changes"], floorPerResource: 0 },
    { operation: "refresh --skip-preview", args: ["refresh", "--skip-preview"], floorPerResource: 1 },
    { operation: "refresh (with its preview)", args: ["refresh"], floorPerResource: 1 },
    { operation: "destroy", args: ["destroy"], floorPerResource: 0 },
  ];
  const state = {} as Record<Variant, StateSize>;
  const measured: ApiOperation[] = [];
  let baselineCalls = 0;
  for (const variant of VARIANTS) {
    const ws = await freshStack(emulator, { variant, count: String(n) });
    try {
      for (const op of operations) {
        emulator.clearRequests();
        const result = await runCli(ws, op.args);
        const calls = emulator.requests.length;
        progress(
          `api calls, ${variant}, N=${n}: ${op.operation}: ${calls} calls (${seconds(result.durationMs)})`,
        );
        if (variant === "baseline") baselineCalls += calls;
        else {
          const byAction = countBy(emulator.requests, (r) => `${r.action} ${r.statusCode}`);
          measured.push({ ...op, calls, perResource: calls / n, byAction });
        }
        if (op.operation === "up (create)") {
          state[variant] = stateSize((await runCli(ws, ["stack", "export"])).stdout, variant, n);
          progress(`state, ${variant}: __provider ${state[variant].providerBytes} bytes`);
        }
      }
    } finally {
      disposeStack(ws);
    }
  }
  return { state, apiCalls: { n, operations: measured, baselineCalls } };
}

/**
 * up, refresh --skip-preview and destroy on a fresh stack per run, variants interleaved; the provider's
 * peak RSS during the up of the largest N.
 */
export async function measureTiming(
  emulator: Emulator,
  counts: number[],
  runs: number,
): Promise<Pick<BenchResult, "timing" | "rss">> {
  const samples = new Map<string, number[]>();
  const rssSamples: Record<Variant, { kib: number[]; processes: number[] }> = {
    ours: { kib: [], processes: [] },
    baseline: { kib: [], processes: [] },
  };
  const rssAt = Math.max(...counts);
  let atFloor = true;
  const add = (key: string, ms: number): void => void samples.set(key, [...(samples.get(key) ?? []), ms]);
  for (const n of counts) {
    for (let run = 0; run < runs; run++) {
      for (const variant of VARIANTS) {
        const ws = await freshStack(emulator, { variant, count: String(n) });
        try {
          const sampler = n === rssAt ? new ProcessSampler(ws.homeDir) : undefined;
          const times: string[] = [];
          const line: string[] = [];
          for (const [operation, args, floor] of [
            ["up", ["up"], n],
            ["refresh --skip-preview", ["refresh", "--skip-preview"], n],
            ["destroy", ["destroy"], 0],
          ] as const) {
            emulator.clearRequests();
            if (operation === "up") sampler?.start();
            const result = await runCli(ws, [...args]);
            if (operation === "up" && sampler) {
              const { peakKiB, processes } = sampler.stop();
              rssSamples[variant].kib.push(peakKiB);
              rssSamples[variant].processes.push(processes);
              line.push(`provider peak RSS ${mib(peakKiB)} (${processes} processes)`);
            }
            const calls = emulator.requests.length;
            if (calls !== (variant === "ours" ? floor : 0)) {
              atFloor = false;
              line.push(`${operation}: ${calls} API calls, expected ${floor}`);
            }
            add(`${n}|${variant}|${operation}`, result.durationMs);
            times.push(`${operation} ${seconds(result.durationMs)}`);
          }
          progress(`timing N=${n} run ${run + 1}/${runs} ${variant}: ${[...times, ...line].join(", ")}`);
        } finally {
          disposeStack(ws);
        }
      }
    }
  }
  const rows: TimingRow[] = [...samples].map(([key, values]) => {
    const [n, variant, operation] = key.split("|");
    return {
      n: Number(n),
      variant: variant as Variant,
      operation,
      samplesMs: values,
      medianMs: median(values),
    };
  });
  const rss: Partial<Record<Variant, RssResult>> = {};
  for (const variant of VARIANTS) {
    const { kib, processes } = rssSamples[variant];
    if (kib.length) rss[variant] = { n: rssAt, samplesKiB: kib, medianKiB: median(kib), processes };
  }
  return { timing: { runs, rows, apiCallsAtFloor: atFloor }, rss };
}

/** Status requests per task while `pulumi up` waits for tasks of 1, 10 and 60 simulated minutes. */
export async function measureWaits(): Promise<NonNullable<BenchResult["wait"]>> {
  const sets: SeedBackupSet[] = WAIT_MINUTES.map((minutes) => ({
    backupSetId: `dbsbenchwait${String(minutes).padStart(2, "0")}m`,
    backupPlanId: "dbsplan0001",
    kind: "full",
    status: "finish",
    downloadDurationMs: minutes * 60_000,
  }));
  // checkingMs 0: a task's whole life is its download duration, the figure statusRequestsFor takes.
  const emulator = await startEmulator({
    port: 0,
    timeScale: WAIT_TIME_SCALE,
    checkingMs: 0,
    backupSets: [...DEFAULT_BACKUP_SETS, ...sets],
  });
  const pollScale = 1 / WAIT_TIME_SCALE;
  try {
    const ws = await freshStack(
      emulator,
      { variant: "ours", count: "0", waitSets: JSON.stringify(sets.map((s) => s.backupSetId)) },
      { ALIBABA_CLOUD_DBS_POLL_SCALE: String(pollScale) },
    );
    try {
      emulator.clearRequests();
      progress(
        `wait: pulumi up with tasks of ${WAIT_MINUTES.join(", ")} simulated minutes (time scale ${WAIT_TIME_SCALE})`,
      );
      const result = await runCli(ws, ["up"]);
      const rows = WAIT_MINUTES.map((minutes, i) => {
        const task = emulator.tasks().find((t) => t.backupSetId === sets[i].backupSetId);
        if (!task) throw new Error(`no task for ${sets[i].backupSetId}`);
        const measured = emulator.requests.filter(
          (r) => r.action !== CREATE && r.params.BackupSetDownloadTaskId === task.taskId,
        ).length;
        return { minutes, measured, computed: statusRequestsFor(minutes * 60_000) };
      });
      for (const row of rows) {
        progress(
          `wait: ${row.minutes} min task: ${row.measured} status requests (schedule: ${row.computed})`,
        );
      }
      await runCli(ws, ["destroy"]);
      return { timeScale: WAIT_TIME_SCALE, pollScale, upSeconds: result.durationMs / 1000, rows };
    } finally {
      disposeStack(ws);
    }
  } finally {
    await emulator.close();
  }
}
