/**
 * The measurements of the plugin face: `pulumi up` of a YAML program of N alicloud-dbs resources against
 * the same program on the no-op plugin, the state bytes per resource, the peak RSS of the plugin
 * processes, and how long a plugin process takes to start.
 */
import { spawn } from "node:child_process";
import type { Emulator } from "../../packages/emulator/src";
import { pluginBundle } from "../harness/pluginBundle";
import type { NoopBundle } from "./noopPlugin/bundle";
import { bundleNoopPlugin } from "./noopPlugin/bundle";
import type { RecordedResource } from "./noopPlugin/definition";
import { progress } from "./progress";
import type { EntrySize, PluginResult, PluginVariant, Role, Samples, TimingRow } from "./results";
import { median, mib, PLUGIN_VARIANTS, ROLES, samples, seconds } from "./results";
import type { Sample } from "./sampler";
import { ProcessSampler } from "./sampler";
import { entrySizes } from "./stateSize";
import { disposeStack, freshYamlStack, pluginType, runCli } from "./stacks";

const CREATE = "CreateFullBackupSetDownload";
const START_TIMEOUT_MS = 30_000;

/** ms from spawning the executable to the first line it prints (the port); then it is stopped. */
function startTime(executable: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(executable, [], { stdio: ["ignore", "pipe", "inherit"] });
    const timer = setTimeout(() => child.kill("SIGKILL"), START_TIMEOUT_MS);
    let printed = "";
    let elapsed: number | undefined;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      printed += chunk;
      if (elapsed !== undefined || !/^\d+\n/.test(printed)) return;
      elapsed = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
      child.kill("SIGTERM");
    });
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (elapsed !== undefined) resolve(elapsed);
      else
        reject(new Error(`${executable} exited (${signal ?? code}) without printing its port: ${printed}`));
    });
  });
}

async function startTimes(noop: NoopBundle, runs: number): Promise<Record<PluginVariant, Samples>> {
  const executables: Record<PluginVariant, string> = {
    plugin: pluginBundle().executable,
    noop: noop.executable,
  };
  const raw: Record<PluginVariant, number[]> = { plugin: [], noop: [] };
  for (let run = 0; run < runs; run++) {
    for (const variant of PLUGIN_VARIANTS) raw[variant].push(await startTime(executables[variant]));
  }
  for (const variant of PLUGIN_VARIANTS) {
    const text = raw[variant].map((ms) => ms.toFixed(0)).join(" / ");
    progress(`plugin start, ${variant}: median ${median(raw[variant]).toFixed(0)} ms (${text} ms)`);
  }
  return { plugin: samples(raw.plugin), noop: samples(raw.noop) };
}

/** One `pulumi up` of N and its state: the sizes, and the first resource as the no-op should answer it. */
async function stateAfterUp(
  emulator: Emulator,
  n: number,
  noop: NoopBundle | undefined,
): Promise<{ size: EntrySize; recorded: RecordedResource }> {
  const ws = await freshYamlStack(emulator, n, noop);
  try {
    emulator.clearRequests();
    await runCli(ws, ["up"]);
    const calls = emulator.requests.length;
    const expected = noop ? 0 : n;
    if (calls !== expected) throw new Error(`plugin up of ${n}: ${calls} API calls, expected ${expected}`);
    const { resources, size } = entrySizes(
      (await runCli(ws, ["stack", "export"])).stdout,
      pluginType(!!noop),
      n,
    );
    const variant = noop ? "noop" : "plugin";
    progress(`state, ${variant}, N=${n}: ${size.resourceEntryBytes} bytes per resource entry`);
    return { size, recorded: { inputs: resources[0].inputs ?? {}, outputs: resources[0].outputs ?? {} } };
  } finally {
    disposeStack(ws);
  }
}

async function timingRuns(
  emulator: Emulator,
  noop: NoopBundle,
  counts: number[],
  runs: number,
): Promise<Pick<PluginResult, "timing" | "rss" | "cpu">> {
  const raw = new Map<string, number[]>();
  const sampled = Object.fromEntries(
    PLUGIN_VARIANTS.map((v) => [
      v,
      { kib: [] as number[], processes: [] as number[], cpu: [] as Sample[], bench: [] as number[] },
    ]),
  ) as Record<PluginVariant, { kib: number[]; processes: number[]; cpu: Sample[]; bench: number[] }>;
  const rssAt = Math.max(...counts);
  let createsAtFloor = true;
  for (const n of counts) {
    for (let run = 0; run < runs; run++) {
      for (const variant of PLUGIN_VARIANTS) {
        const ws = await freshYamlStack(emulator, n, variant === "noop" ? noop : undefined);
        try {
          const sampler = n === rssAt ? new ProcessSampler(ws.homeDir) : undefined;
          emulator.clearRequests();
          sampler?.start();
          const cpuBefore = process.cpuUsage();
          const { durationMs } = await runCli(ws, ["up"]);
          const cpu = process.cpuUsage(cpuBefore);
          const line = [`up ${seconds(durationMs)}`];
          if (sampler) {
            const sample = sampler.stop();
            const into = sampled[variant];
            into.kib.push(sample.peakKiB);
            into.processes.push(sample.processes);
            into.cpu.push(sample);
            into.bench.push((cpu.user + cpu.system) / 1e6);
            line.push(
              `plugin peak RSS ${mib(sample.peakKiB)} (${sample.processes} processes), ` +
                `plugin CPU ${sample.cpuSeconds.provider.toFixed(2)} s`,
            );
          }
          const creates = emulator.requestsFor(CREATE).length;
          if (creates !== (variant === "plugin" ? n : 0) || emulator.requests.length !== creates) {
            createsAtFloor = false;
            line.push(`${emulator.requests.length} API calls, ${creates} creates`);
          }
          const key = `${n}|${variant}`;
          raw.set(key, [...(raw.get(key) ?? []), durationMs]);
          progress(`plugin timing N=${n} run ${run + 1}/${runs} ${variant}: ${line.join(", ")}`);
        } finally {
          disposeStack(ws);
        }
      }
    }
  }
  const rows: TimingRow<PluginVariant>[] = [...raw].map(([key, values]) => {
    const [n, variant] = key.split("|");
    return { n: Number(n), variant: variant as PluginVariant, operation: "up", ...samples(values) };
  });
  const rss: PluginResult["rss"] = {};
  const cpu: PluginResult["cpu"] = {};
  for (const variant of PLUGIN_VARIANTS) {
    const { kib, processes, cpu: sample, bench } = sampled[variant];
    if (!kib.length) continue;
    rss[variant] = { n: rssAt, samplesKiB: kib, medianKiB: median(kib), processes };
    const roles = Object.fromEntries(
      ROLES.map((role) => [role, median(sample.map((x) => x.cpuSeconds[role]))]),
    ) as Record<Role, number>;
    cpu[variant] = { n: rssAt, roles, benchProcess: median(bench) };
  }
  return { timing: { runs, rows, createsAtFloor }, rss, cpu };
}

export async function measurePlugin(
  emulator: Emulator,
  options: { stateN: number; counts: number[]; runs: number; startRuns: number },
): Promise<PluginResult> {
  const ours = await stateAfterUp(emulator, options.stateN, undefined);
  const noop = bundleNoopPlugin(ours.recorded);
  try {
    const noopState = await stateAfterUp(emulator, options.stateN, noop);
    const start = await startTimes(noop, options.startRuns);
    const { timing, rss, cpu } = await timingRuns(emulator, noop, options.counts, options.runs);
    return {
      state: { plugin: ours.size, noop: noopState.size },
      recorded: { inputs: Object.keys(ours.recorded.inputs), outputs: Object.keys(ours.recorded.outputs) },
      start,
      timing,
      rss,
      cpu,
    };
  } finally {
    noop.dispose();
  }
}
