/** Pure: the sections of BENCHMARKS.md on the provider plugin and on pacing, from a BenchResult. */
import {
  figure,
  pacerCostChart,
  pacingChart,
  pluginRssChart,
  pluginStartChart,
  pluginWallTimeChart,
} from "./charts";
import { range, rssTable, runsText, table } from "./markdown";
import type { PacedRun, PacingResult, PluginResult, PluginVariant } from "./results";
import {
  floorMs,
  pairRatios,
  PLUGIN_VARIANTS,
  ROLES,
  samples,
  seconds,
  timingRow,
  wallTimes,
} from "./results";

export const PLUGIN_NAMES: Record<PluginVariant, string> = {
  plugin: "plugin alicloud-dbs",
  noop: "no-op plugin",
};

const code = (keys: string[]): string => keys.map((k) => `\`${k}\``).join(", ");
const pct = (part: number, whole: number): string => `${((part / whole) * 100).toFixed(1)} %`;

export function plugin(p: PluginResult): string[] {
  const ns = [...new Set(p.timing.rows.map((row) => row.n))].sort((a, b) => a - b);
  const rows = ns.flatMap((n) => {
    const o = timingRow(p.timing.rows, n, "plugin", "up");
    const b = timingRow(p.timing.rows, n, "noop", "up");
    if (!o || !b) return [];
    const ratio = `${(o.medianMs / b.medianMs).toFixed(2)}×`;
    const cells = [seconds(o.medianMs), seconds(b.medianMs), ratio, range(pairRatios(o, b))];
    return [[String(n), ...cells, runsText(o.samplesMs), runsText(b.samplesMs)]];
  });
  const runs = `${p.timing.runs} run${p.timing.runs > 1 ? "s" : ""}`;
  return [
    `## The provider plugin against a no-op plugin (YAML program, median of ${runs})`,
    "",
    "A YAML program of N resources `r000…` with `backupSetId: dbsset0001`, a fresh stack per run, the two " +
      "interleaved. The no-op plugin (tools/bench/noopPlugin/main.ts) runs as ours does: one esbuild bundle " +
      "of a Node.js process on our gRPC server (provider/plugin/providerServer.ts), started by a copy of " +
      "our sh wrapper, installed with `pulumi plugin install`. Its schema is our `FullBackupSetDownload` " +
      "(the same input and output properties, required lists, secret flags and provider config) under " +
      "another package name. It makes no API call: `check` answers at once with the inputs our check " +
      `returned for one real resource (${code(p.recorded.inputs)}) overlaid with the resource's own, and ` +
      `\`create\` with the outputs ours returned (${code(p.recorded.outputs)}) overlaid with the inputs. ` +
      `Every run of ours made exactly N API calls (creates), the no-op none: ${p.timing.createsAtFloor ? "yes" : "NO"}.`,
    "",
    table(
      [
        "`pulumi up`, N",
        "plugin alicloud-dbs",
        "no-op plugin",
        "ours / no-op",
        "range of run-pair ratios",
        "ours runs (s)",
        "no-op runs (s)",
      ],
      rows,
    ),
    "",
    ...figure(pluginWallTimeChart(p)),
    table(
      ["plugin", "process start to port printed (median)", "runs (ms)"],
      PLUGIN_VARIANTS.map((v) => [
        PLUGIN_NAMES[v],
        `${p.start[v].medianMs.toFixed(0)} ms`,
        p.start[v].samplesMs.map((ms) => ms.toFixed(0)).join(" / "),
      ]),
    ),
    "",
    ...figure(pluginStartChart(p)),
    "Start: the bundled executable (the sh wrapper that execs node) spawned by the bench with no arguments, " +
      "until its first line (the port) arrives on stdout; the runs alternate between the two.",
    "",
    rssTable(PLUGIN_VARIANTS, p.rss, (v) => PLUGIN_NAMES[v]),
    "",
    ...figure(pluginRssChart(p)),
    "Peak RSS during `pulumi up`: VmHWM/VmRSS of the node processes running a `pulumi-resource-*.js` bundle " +
      "with this stack's PULUMI_HOME, sampled every 100 ms, the maximum over the plugin processes of one " +
      "`pulumi up`.",
    "",
    table(
      ["variant", "N", ...ROLES.map((role) => `${role} CPU (s)`), "bench process CPU (s)"],
      PLUGIN_VARIANTS.flatMap((v) => {
        const x = p.cpu[v];
        if (!x) return [];
        return [
          [
            PLUGIN_NAMES[v],
            String(x.n),
            ...ROLES.map((role) => x.roles[role].toFixed(2)),
            x.benchProcess.toFixed(2),
          ],
        ];
      }),
    ),
    "",
    "CPU during those `pulumi up`s (median), by process role from /proc: the engine, the language host (the " +
      "YAML host runs the program itself), the plugin processes (provider); the bench process serves the " +
      "emulator and samples /proc.",
    "",
  ];
}

export function pacing(p: PacingResult): string[] {
  const rows = p.limited.flatMap((row) =>
    row.runs.map((run, i) => {
      const floor = floorMs(row);
      return [
        row.face,
        String(row.n),
        row.rateLimit === null ? "no limit" : `${row.rateLimit}/s`,
        floor === undefined ? "—" : seconds(floor),
        String(i + 1),
        seconds(run.wallMs),
        floor === undefined ? "—" : `${(run.wallMs / floor).toFixed(2)}×`,
        seconds(run.createWindowMs),
        String(run.requests),
        `${run.throttled} (${pct(run.throttled, run.requests)})`,
        `${run.acceptedCreates} / ${run.tasks}`,
      ];
    }),
  );
  const { n, cap, startRate, runs } = p.noLimit;
  const windowMedian = (runs: PacedRun[]): string =>
    seconds(samples(runs.map((run) => run.createWindowMs)).medianMs);
  return [
    "## Pacing: creates in one `pulumi up` against a rate limit",
    "",
    "The emulator admits at most the rate limit of requests per rolling second per access key and answers the " +
      "others `Throttling.User`; a fresh emulator and a fresh stack per run; no provider setting but the " +
      "emulator's endpoint and credentials (the pacer learns the limit). Dynamic: the bench program's " +
      "`FullBackupSetDownload`s; plugin: the YAML program above. The floor is N / rate. The wall time is the " +
      "whole `pulumi up` (CLI start, preview, program, plugins, state writes); the create window is from the " +
      "first create request to the last accepted one, as the emulator received them.",
    "",
    table(
      [
        "face",
        "N",
        "rate limit",
        "floor",
        "run",
        "`pulumi up`",
        "× floor",
        "create window",
        "requests",
        "throttled",
        "creates accepted / tasks",
      ],
      rows,
    ),
    "",
    ...figure(pacingChart(p)),
    `With no limit, \`pulumi up\` of N = ${n} (median of ${runs} run${runs > 1 ? "s" : ""}, the two alternating ` +
      `which goes first): the pacer with no setting (it learns the rate) against ` +
      `\`alicloud-dbs:maxRequestsPerSecond\` = ${cap}, the provider having no switch to turn the pacer off. ` +
      `Both start at ${startRate}/s (a new pacer's \`rate()\`, provider/dbs/pacer.ts) and double from there: a ` +
      "cap bounds the slow start, it does not skip it. So this shows what learning costs over a fixed cap, " +
      "not what the pacer costs over no pacer at all.",
    "",
    table(
      [
        "face",
        "learned pacer",
        `capped at ${cap}/s`,
        "learned / capped",
        "learned runs (s)",
        "capped runs (s)",
        "create window, learned",
        "create window, capped",
      ],
      p.noLimit.rows.map((row) => {
        const learned = wallTimes(row.learned);
        const capped = wallTimes(row.capped);
        return [
          row.face,
          seconds(learned.medianMs),
          seconds(capped.medianMs),
          `${(learned.medianMs / capped.medianMs).toFixed(2)}×`,
          runsText(learned.samplesMs),
          runsText(capped.samplesMs),
          windowMedian(row.learned),
          windowMedian(row.capped),
        ];
      }),
    ),
    "",
    ...figure(pacerCostChart(p)),
  ];
}
