/**
 * `npm run bench [-- --quick | --profile | --report-only | --api-calls]`: runs the measurements (measure.ts, profile.ts)
 * and writes BENCHMARKS.md (report.ts), its charts (charts.ts, in docs/bench/) and benchmarks.json at the
 * repository root. `--quick`: a smoke run (N = 1, one run, no waits, no profile) that prints the report and
 * writes nothing; `--profile`: only profile.ts, printed as JSON; `--report-only`: measures nothing, writes
 * BENCHMARKS.md and the charts again from benchmarks.json; `--api-calls`: only the API calls of
 * AdvancedDownload and BackupSetDownloadRules (measureResources.ts), written into benchmarks.json and the report.
 */
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as prettier from "prettier";
import type { Emulator } from "../../packages/emulator/src";
import { startEmulator } from "../../packages/emulator/src";
import { installedBase, removeInstalled } from "../harness/installedProject";
import { abortProvisioning, pulumiCommand } from "../harness/pulumiCli";
import { benchCharts, CHART_DIR } from "./charts";
import { measureApiCalls, measureTiming, measureWaits } from "./measure";
import { measureResourceApiCalls } from "./measureResources";
import { measurePacing } from "./pacing";
import { measurePlugin } from "./plugin";
import { profileUp } from "./profile";
import { elapsedMs, progress } from "./progress";
import { renderMarkdown } from "./report";
import type { BenchResult } from "./results";
import { barChartSvg } from "./svgChart";
import { KIB } from "./results";
import { evaluateTargets, PACING_GOAL } from "./targets";
import { disposeAllStacks } from "./stacks";

type Mode = "full" | "quick" | "profile";
const REPO_ROOT = path.resolve(__dirname, "..", "..");
const USAGE =
  "usage: npm run bench [-- --quick | --profile | --report-only | --single-executable | --api-calls]";
const JSON_FILE = path.join(REPO_ROOT, "benchmarks.json");

async function versions(base: string): Promise<BenchResult["versions"]> {
  const cli = await pulumiCommand();
  const of = async (pkg: string): Promise<string> => {
    const manifest = require.resolve(`${pkg}/package.json`, { paths: [base] });
    return (JSON.parse(await fs.readFile(manifest, "utf8")) as { version: string }).version;
  };
  return {
    node: process.version,
    pulumiCli: `v${cli.version?.version ?? "unknown"}`,
    pulumiSdk: await of("@pulumi/pulumi"),
    package: await of("pulumi-alicloud-dbs"),
  };
}

const format = async (text: string, file: string): Promise<string> =>
  prettier.format(text, { ...(await prettier.resolveConfig(file)), filepath: file });

/** BENCHMARKS.md and the charts it shows. */
async function writeReport(result: BenchResult): Promise<void> {
  const mdFile = path.join(REPO_ROOT, "BENCHMARKS.md");
  await fs.writeFile(mdFile, await format(renderMarkdown(result), mdFile));
  const chartDir = path.join(REPO_ROOT, CHART_DIR);
  await fs.rm(chartDir, { recursive: true, force: true });
  await fs.mkdir(chartDir, { recursive: true });
  const charts = benchCharts(result);
  for (const chart of charts)
    await fs.writeFile(path.join(chartDir, `${chart.name}.svg`), barChartSvg(chart));
  progress(`wrote ${path.relative(REPO_ROOT, mdFile)} and ${charts.length} charts in ${CHART_DIR}/`);
}

async function write(result: BenchResult): Promise<void> {
  await fs.writeFile(JSON_FILE, await format(JSON.stringify(result), JSON_FILE));
  progress(`wrote ${path.relative(REPO_ROOT, JSON_FILE)}`);
  await writeReport(result);
}

async function run(mode: Mode, emulator: Promise<Emulator>): Promise<void> {
  const quick = mode === "quick";
  const loadAverageAtStart = os.loadavg();
  progress(
    {
      quick: "quick run: N = 1 (pacing: 20 creates), 1 run, no wait measurements",
      profile: "profile only",
      full: "full run",
    }[mode],
  );
  progress("the Pulumi CLI; npm pack + install into a temp project");
  const base = await installedBase();
  const installed = await versions(base);
  progress(`pulumi CLI ${installed.pulumiCli}; installed in ${base}`);
  if (mode === "profile") {
    console.log(JSON.stringify(await profileUp(await emulator, 100, 2), null, 2));
    return;
  }
  const { state, apiCalls } = await measureApiCalls(await emulator, quick ? 1 : 10);
  const resourceApiCalls = await measureResourceApiCalls(quick ? 1 : 10);
  const { timing, rss } = await measureTiming(await emulator, quick ? [1] : [1, 10, 100], quick ? 1 : 3);
  const plugin = await measurePlugin(
    await emulator,
    quick
      ? { stateN: 1, counts: [1], runs: 1, startRuns: 3 }
      : { stateN: 10, counts: [1, 10, 100], runs: 3, startRuns: 10 },
  );
  const { n, rateLimit } = PACING_GOAL;
  const pacing = await measurePacing(
    quick
      ? {
          limited: [rateLimit, 50].map((rate) => ({ n: 20, rateLimit: rate })),
          runs: 1,
          noLimit: { n: 1, runs: 1 },
        }
      : {
          limited: [rateLimit, 50, null].map((rate) => ({ n, rateLimit: rate })),
          runs: 2,
          noLimit: { n: 100, runs: 3 },
        },
  );
  const wait = quick ? undefined : await measureWaits();
  const profile = quick ? undefined : await profileUp(await emulator, 100, 3);
  const measured = {
    date: new Date().toISOString(),
    quick,
    durationSeconds: Math.round(elapsedMs() / 1000),
    machine: {
      nproc: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      memoryGiB: os.totalmem() / KIB ** 3,
      loadAverageAtStart,
      loadAverageAtEnd: os.loadavg(),
    },
    versions: installed,
    state,
    apiCalls,
    resourceApiCalls,
    timing,
    rss,
    plugin,
    pacing,
    wait,
    profile,
  };
  const result: BenchResult = { ...measured, targets: evaluateTargets(measured) };
  for (const t of result.targets) {
    progress(`target ${t.name}: ${t.value} → ${t.met === null ? "n/a" : t.met ? "met" : "MISSED"}`);
  }
  if (!quick) return write(result);
  console.log(`\n${renderMarkdown(result)}\n`);
  progress("--quick: BENCHMARKS.md and benchmarks.json not written");
}

/** The new resources' API-call rows, measured into benchmarks.json beside the rest of its figures. */
async function benchResourceApiCalls(): Promise<number> {
  process.on("exit", disposeAllStacks);
  try {
    progress("the Pulumi CLI; npm pack + install into a temp project");
    await installedBase();
    const resourceApiCalls = await measureResourceApiCalls(10);
    const result = JSON.parse(await fs.readFile(JSON_FILE, "utf8")) as BenchResult;
    await write({ ...result, resourceApiCalls });
    return 0;
  } catch (error) {
    console.error(`\nbench FAILED: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    disposeAllStacks();
    removeInstalled();
  }
}

export async function runBench(argv: string[]): Promise<number> {
  if (argv.join(" ") === "--single-executable")
    return (await import("./singleExecutable")).benchSingleExecutable();
  const modes: Record<string, Mode> = { "--quick": "quick", "--profile": "profile" };
  const others = ["--report-only", "--api-calls"];
  if (argv.length > 1 || (argv.length === 1 && !modes[argv[0]] && !others.includes(argv[0]))) {
    console.error(`${USAGE}; got: ${argv.join(" ")}`);
    return 2;
  }
  if (argv[0] === "--report-only") {
    await writeReport(JSON.parse(await fs.readFile(JSON_FILE, "utf8")) as BenchResult);
    return 0;
  }
  if (argv[0] === "--api-calls") return benchResourceApiCalls();
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) process.exit(130);
    signalled = true;
    console.error(`\n${signal}: stopping pulumi and cleaning up (again to force)`);
    // Killing the stacks' pulumi processes fails the running measurement; clean-up follows.
    abortProvisioning();
    disposeAllStacks();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("exit", disposeAllStacks);
  const emulator = startEmulator({ port: 0 });
  let code = 0;
  try {
    await run(modes[argv[0]] ?? "full", emulator);
  } catch (error) {
    console.error(`\nbench FAILED: ${error instanceof Error ? error.message : String(error)}`);
    code = signalled ? 130 : 1;
  }
  disposeAllStacks();
  await (await emulator).close();
  removeInstalled();
  progress(`done in ${(elapsedMs() / 60_000).toFixed(1)} min`);
  return code;
}
