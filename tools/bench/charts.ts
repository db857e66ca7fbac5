/** Pure: the bench's main comparisons as bar charts (docs/bench/*.svg), and their place in BENCHMARKS.md. */
import type { BenchResult, PacingResult, PluginResult, RssResult } from "./results";
import { KIB, median, PLUGIN_VARIANTS, timingRow, VARIANTS, wallTimes } from "./results";
import type { BarChart } from "./svgChart";

/** Where the charts go, relative to the repository root (and so to BENCHMARKS.md). */
export const CHART_DIR = "docs/bench";

const SECONDS = { axis: "seconds (shorter is better)", unit: "s", decimals: 2 };
const DYNAMIC = ["FullBackupSetDownload", "no-op dynamic resource"];
const PLUGINS = ["plugin alicloud-dbs", "no-op plugin"];
const toSeconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / 1000);

/** The Markdown image of a chart, or nothing when there was nothing to draw. */
export const figure = (chart: BarChart | undefined): string[] =>
  chart ? [`![${chart.title}](${CHART_DIR}/${chart.name}.svg)`, ""] : [];

export function stateChart(r: BenchResult): BarChart {
  const groups = [
    ...VARIANTS.map((v, i) => ({ label: `dynamic: ${DYNAMIC[i]}`, size: r.state[v] })),
    ...PLUGIN_VARIANTS.map((v, i) => ({ label: PLUGINS[i], size: r.plugin.state[v] })),
  ];
  return {
    name: "state-size",
    title: "State size per resource",
    note: "Bytes of pulumi stack export per resource, and one resource's entry; smaller is better.",
    axis: "bytes",
    unit: "B",
    decimals: 0,
    series: ["stack export ÷ N", "resource entry"],
    groups: groups.map(({ label, size }) => ({
      label,
      values: [size.stateBytesPerResource, size.resourceEntryBytes],
    })),
  };
}

export function wallTimeChart(r: BenchResult): BarChart {
  const ns = [...new Set(r.timing.rows.map((row) => row.n))].sort((a, b) => a - b);
  const groups = ["up", "refresh --skip-preview", "destroy"].flatMap((op) =>
    ns.map((n) => ({
      label: `${op}, N = ${n}`,
      values: VARIANTS.map((v) => timingRow(r.timing.rows, n, v, op)?.medianMs).map(toSeconds),
    })),
  );
  return {
    name: "wall-time",
    title: "Dynamic resources: wall time of pulumi commands",
    note: `Median of ${r.timing.runs} runs of the whole pulumi process, a fresh stack per run.`,
    ...SECONDS,
    series: DYNAMIC,
    groups,
  };
}

function rssChart(
  name: string,
  title: string,
  rss: Partial<Record<string, RssResult>>,
  variants: readonly string[],
  series: string[],
): BarChart | undefined {
  const ns = [...new Set(variants.flatMap((v) => rss[v]?.n ?? []))];
  if (ns.length === 0) return undefined;
  return {
    name,
    title,
    note: "Median over the runs of the peak VmHWM of the provider processes of one pulumi up.",
    axis: "MiB (smaller is better)",
    unit: "MiB",
    decimals: 1,
    series,
    groups: ns.map((n) => ({
      label: `pulumi up, N = ${n}`,
      values: variants.map((v) => {
        const x = rss[v];
        return x?.n === n ? x.medianKiB / KIB : undefined;
      }),
    })),
  };
}

export const dynamicRssChart = (r: BenchResult): BarChart | undefined =>
  rssChart("rss", "Dynamic resources: peak RSS of the provider process", r.rss, VARIANTS, DYNAMIC);

export const pluginRssChart = (p: PluginResult): BarChart | undefined =>
  rssChart("plugin-rss", "Provider plugin: peak RSS of the plugin process", p.rss, PLUGIN_VARIANTS, PLUGINS);

export function pluginWallTimeChart(p: PluginResult): BarChart {
  const ns = [...new Set(p.timing.rows.map((row) => row.n))].sort((a, b) => a - b);
  return {
    name: "plugin-wall-time",
    title: "Provider plugin against a no-op plugin: pulumi up",
    note: `Median of ${p.timing.runs} runs of pulumi up of a YAML program of N resources, a fresh stack per run.`,
    ...SECONDS,
    series: PLUGINS,
    groups: ns.map((n) => ({
      label: `N = ${n}`,
      values: PLUGIN_VARIANTS.map((v) => timingRow(p.timing.rows, n, v, "up")?.medianMs).map(toSeconds),
    })),
  };
}

export function pluginStartChart(p: PluginResult): BarChart {
  return {
    name: "plugin-start",
    title: "Provider plugin: process start to port printed",
    note: `Median of ${p.start.plugin.samplesMs.length} starts of the bundled executable, alternating.`,
    axis: "milliseconds (shorter is better)",
    unit: "ms",
    decimals: 0,
    series: PLUGINS,
    groups: [{ label: "start", values: PLUGIN_VARIANTS.map((v) => p.start[v].medianMs) }],
  };
}

export function pacingChart(p: PacingResult): BarChart {
  return {
    name: "pacing",
    title: "Creates in one pulumi up against a rate limit",
    note: "Median of the runs; the floor is N / rate. The pacer learns the limit: no provider setting.",
    ...SECONDS,
    series: ["pulumi up", "first to last create", "floor N / rate"],
    groups: p.limited.map((row) => ({
      label: `${row.face}, ${row.rateLimit === null ? "no limit" : `${row.rateLimit}/s`}, N = ${row.n}`,
      values: [
        wallTimes(row.runs).medianMs / 1000,
        median(row.runs.map((run) => run.createWindowMs)) / 1000,
        row.rateLimit === null ? undefined : row.n / row.rateLimit,
      ],
    })),
  };
}

export function pacerCostChart(p: PacingResult): BarChart {
  const { n, cap, runs, rows } = p.noLimit;
  return {
    name: "pacer-cost",
    title: "No rate limit: the learned pacer against a fixed cap",
    note: `Median of ${runs} runs of pulumi up, N = ${n}, alternating; the cap is maxRequestsPerSecond = ${cap}.`,
    ...SECONDS,
    series: ["learned pacer", `capped at ${cap}/s`],
    groups: rows.map((row) => ({
      label: row.face,
      values: [wallTimes(row.learned).medianMs / 1000, wallTimes(row.capped).medianMs / 1000],
    })),
  };
}

/** Every chart BENCHMARKS.md shows, to write beside it. */
export function benchCharts(r: BenchResult): BarChart[] {
  return [
    stateChart(r),
    wallTimeChart(r),
    dynamicRssChart(r),
    pluginWallTimeChart(r.plugin),
    pluginStartChart(r.plugin),
    pluginRssChart(r.plugin),
    pacingChart(r.pacing),
    pacerCostChart(r.pacing),
  ].filter((chart): chart is BarChart => chart !== undefined);
}
