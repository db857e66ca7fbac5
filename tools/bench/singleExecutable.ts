/**
 * `npm run bench -- --single-executable` (after `npm run release`): how the released single-executable
 * plugin starts against the Node.js plugin of today, in one run. For each variant, 15 starts (taken in
 * turn) timed from spawn to the port line, and the peak RSS at that moment (VmHWM, Linux); plus the
 * sizes of the archives in dist/release/. Writes them to benchmarks.json as `singleExecutable`.
 *
 * Variants: `singleExecutable` (this platform's archive, unpacked), `bundle` (`node` on the esbuild
 * bundle the build ships, dist/plugin/), `checkout` (bin/pulumi-resource-alicloud-dbs: the compiled
 * sources with node_modules), and `bareNode` (a `node -e` that prints a line: the floor).
 */
import { spawn } from "node:child_process";
import { existsSync, promises as fs, readdirSync, readFileSync, statSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as prettier from "prettier";
import { run } from "../../scripts/release/cachedTools";
import { RELEASE_DIR } from "../../scripts/release/main";
import { archiveName, hostPlatform, PLUGIN_NAME } from "../../scripts/release/singleExecutable";
import { progress } from "./progress";
import { median } from "./results";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const RUNS = 15;
const START_TIMEOUT_MS = 30_000;

interface Start {
  ms: number;
  peakRssMiB: number | null;
}

/** The variant's command line. */
type Command = [string, ...string[]];

/** Spawns the command, waits for its first line, reads its peak RSS, and stops it. */
function start([command, ...args]: Command): Promise<Start> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
    const timer = setTimeout(() => child.kill("SIGKILL"), START_TIMEOUT_MS);
    let printed = "";
    let result: Start | undefined;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      printed += chunk;
      if (result || !printed.includes("\n")) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      result = { ms: Math.round(ms * 10) / 10, peakRssMiB: peakRssMiB(child.pid) };
      child.kill("SIGTERM");
    });
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (result) resolve(result);
      else reject(new Error(`${command} exited (${signal ?? code}) without printing a line: ${printed}`));
    });
  });
}

function peakRssMiB(pid: number | undefined): number | null {
  try {
    const kib = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kib ? Math.round(Number(kib) / 102.4) / 10 : null;
  } catch {
    return null; // not Linux
  }
}

export async function benchSingleExecutable(): Promise<number> {
  const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    version: string;
  };
  const archive = path.join(RELEASE_DIR, archiveName(version, hostPlatform()));
  const bundle = path.join(REPO_ROOT, "dist", "plugin", `${PLUGIN_NAME}.js`);
  const checkout = path.join(REPO_ROOT, "dist", "provider", "plugin", "main.js");
  const missing = [archive, bundle, checkout].filter((file) => !existsSync(file));
  if (missing.length) {
    console.error(`missing ${missing.join(", ")}: run \`npm run release\` first`);
    return 1;
  }
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "bench-sea-"));
  try {
    await run("tar", ["-xzf", archive, "-C", work]);
    const variants: Record<string, Command> = {
      singleExecutable: [path.join(work, PLUGIN_NAME)],
      bundle: [process.execPath, bundle],
      checkout: [path.join(REPO_ROOT, "bin", PLUGIN_NAME)],
      bareNode: [process.execPath, "-e", "console.log(0); setInterval(() => {}, 1e6)"],
    };
    const starts: Record<string, Start[]> = Object.fromEntries(Object.keys(variants).map((v) => [v, []]));
    const loadAverageAtStart = os.loadavg();
    for (let i = 0; i < RUNS; i++) {
      for (const [variant, command] of Object.entries(variants)) starts[variant].push(await start(command));
    }
    const summary = Object.fromEntries(
      Object.entries(starts).map(([variant, runs]) => {
        const ms = runs.map((r) => r.ms);
        const rss = runs.flatMap((r) => (r.peakRssMiB === null ? [] : [r.peakRssMiB]));
        const row = {
          startMedianMs: median(ms),
          startMinMs: Math.min(...ms),
          peakRssMedianMiB: rss.length ? median(rss) : null,
        };
        progress(
          `${variant}: start median ${row.startMedianMs} ms (min ${row.startMinMs}), RSS ${row.peakRssMedianMiB} MiB`,
        );
        return [variant, row];
      }),
    );
    const archives = Object.fromEntries(
      readdirSync(RELEASE_DIR)
        .filter((name) => name.endsWith(".tar.gz") && name.startsWith(PLUGIN_NAME))
        .map((name) => [name, statSync(path.join(RELEASE_DIR, name)).size]),
    );
    const jsonFile = path.join(REPO_ROOT, "benchmarks.json");
    const benchmarks = JSON.parse(readFileSync(jsonFile, "utf8")) as Record<string, unknown>;
    benchmarks.singleExecutable = {
      date: new Date().toISOString(),
      platform: hostPlatform(),
      runs: RUNS,
      loadAverage: [loadAverageAtStart, os.loadavg()],
      variants: summary,
      archiveBytes: archives,
    };
    const text = JSON.stringify(benchmarks);
    await fs.writeFile(
      jsonFile,
      await prettier.format(text, { ...(await prettier.resolveConfig(jsonFile)), filepath: jsonFile }),
    );
    progress("wrote singleExecutable in benchmarks.json");
    return 0;
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}
