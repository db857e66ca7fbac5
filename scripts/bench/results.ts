/** Pure: what `npm run bench` records (benchmarks.json), the statistics on it and the targets it is held to. */

/** "ours": FullBackupSetDownload; "baseline": a no-op dynamic resource with no properties. */
export type Variant = "ours" | "baseline";
export const VARIANTS: readonly Variant[] = ["ours", "baseline"];
/** Profiling only: a no-op resource registered with our resource's properties and secret outputs. */
export type ProfileVariant = Variant | "wide";
export const PROFILE_VARIANTS: readonly ProfileVariant[] = ["ours", "baseline", "wide"];

/** The processes of a pulumi run, by what they do. */
export type Role = "engine" | "language host" | "program" | "provider";
export const ROLES: readonly Role[] = ["engine", "language host", "program", "provider"];

export const KIB = 1024;

export interface StateSize {
  resources: number;
  providerBytes: number;
  providerSecret: boolean;
  /** `pulumi stack export` bytes / resources. */
  stateBytesPerResource: number;
  /** Mean JSON bytes of one resource's entry in the export. */
  resourceEntryBytes: number;
}

export interface ApiOperation {
  operation: string;
  args: string[];
  floorPerResource: number;
  calls: number;
  perResource: number;
  byAction: Record<string, number>;
}

export interface TimingRow {
  n: number;
  variant: Variant;
  operation: string;
  samplesMs: number[];
  medianMs: number;
}

export interface RssResult {
  n: number;
  /** Peak VmHWM of the dynamic provider processes of each `pulumi up`, KiB. */
  samplesKiB: number[];
  medianKiB: number;
  /** Provider processes seen per run (preview and update each start one). */
  processes: number[];
}

export interface WaitRow {
  minutes: number;
  measured: number;
  computed: number;
}

export interface PhaseProfile {
  wallMs: number;
  /** CPU seconds by process role. */
  cpuSeconds: Record<Role, number>;
}

/** What a FullBackupSetDownload registers (program config `registration` of the "wide" variant). */
export interface Registration {
  /** Every property it declares, inputs and outputs. */
  properties: string[];
  /** The values of those it registers with a value. */
  inputs: Record<string, unknown>;
  secretOutputs: string[];
}

export interface UpProfile {
  n: number;
  runs: number;
  /** The registration the "wide" variant copied (its property names). */
  registration: { properties: string[]; withValue: string[]; secretOutputs: string[] };
  /** Medians per variant: `pulumi preview`, then `pulumi up --skip-preview` on the same fresh stack. */
  variants: Record<
    ProfileVariant,
    {
      preview: PhaseProfile;
      update: PhaseProfile;
      /** CPU of the bench process (the emulator, mostly) during the update. */
      emulatorCpuSeconds: number;
      /** First to last create request seen by the emulator during the update. */
      createWindowMs: number;
    }
  >;
  /** Median ms to require the module in a fresh node, after @pulumi/pulumi. */
  requireMs: Record<string, number>;
}

export interface Target {
  name: string;
  target: string;
  value: string;
  met: boolean | null;
}

export interface BenchResult {
  date: string;
  quick: boolean;
  durationSeconds: number;
  machine: {
    nproc: number;
    cpuModel: string;
    memoryGiB: number;
    loadAverageAtStart: number[];
    loadAverageAtEnd: number[];
  };
  versions: { node: string; pulumiCli: string; pulumiSdk: string; package: string };
  state: Record<Variant, StateSize>;
  apiCalls: { n: number; operations: ApiOperation[]; baselineCalls: number };
  timing: { runs: number; rows: TimingRow[]; apiCallsAtFloor: boolean };
  rss: Partial<Record<Variant, RssResult>>;
  wait?: { timeScale: number; pollScale: number; upSeconds: number; rows: WaitRow[] };
  profile?: UpProfile;
  targets: Target[];
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
export const mib = (kib: number): string => `${(kib / KIB).toFixed(1)} MiB`;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** ours/baseline of each interleaved pair of runs. */
export function pairRatios(ours: TimingRow, baseline: TimingRow): number[] {
  return ours.samplesMs.map((ms, i) => ms / baseline.samplesMs[i]).filter((x) => Number.isFinite(x));
}

export function timingRow(
  rows: TimingRow[],
  n: number,
  variant: Variant,
  operation: string,
): TimingRow | undefined {
  return rows.find((row) => row.n === n && row.variant === variant && row.operation === operation);
}

export function evaluateTargets(result: Omit<BenchResult, "targets">): Target[] {
  const targets: Target[] = [];
  const { ours, baseline } = result.state;
  const ratio = ours.providerBytes / baseline.providerBytes;
  targets.push({
    name: "`__provider` size (installed)",
    target: "≤ 4 KiB and ≤ 1.5× baseline",
    value: `${ours.providerBytes} B vs ${baseline.providerBytes} B baseline (${ratio.toFixed(2)}×)`,
    met: ours.providerBytes <= 4 * KIB && ratio <= 1.5,
  });
  const off = result.apiCalls.operations.filter(
    (op) => op.operation !== "refresh (with its preview)" && op.perResource !== op.floorPerResource,
  );
  targets.push({
    name: "API calls per resource",
    target: "preview 0, up 1, no-change up 0, refresh --skip-preview 1, destroy 0",
    value: off.length
      ? off.map((op) => `${op.operation}: ${op.perResource}`).join("; ")
      : "all at the floor" + (result.timing.apiCallsAtFloor ? ", in every timing run too" : ""),
    met: off.length === 0 && result.timing.apiCallsAtFloor,
  });
  const oursUp = timingRow(result.timing.rows, 100, "ours", "up");
  const baseUp = timingRow(result.timing.rows, 100, "baseline", "up");
  const upTarget = { name: "`pulumi up` wall time, N = 100", target: "≤ 1.25× baseline" };
  if (oursUp && baseUp) {
    const upRatio = oursUp.medianMs / baseUp.medianMs;
    const pairs = pairRatios(oursUp, baseUp);
    const range =
      pairs.length > 1
        ? `; run pairs ${Math.min(...pairs).toFixed(2)}–${Math.max(...pairs).toFixed(2)}×`
        : "";
    targets.push({
      ...upTarget,
      value: `${seconds(oursUp.medianMs)} vs ${seconds(baseUp.medianMs)} (${upRatio.toFixed(2)}×${range})`,
      met: upRatio <= 1.25,
    });
  } else {
    const largest = Math.max(...result.timing.rows.map((r) => r.n));
    targets.push({ ...upTarget, value: `not measured (largest N ${largest})`, met: null });
  }
  const tenMinutes = result.wait?.rows.find((r) => r.minutes === 10);
  targets.push({
    name: "status requests, 10-minute task",
    target: "≤ 20",
    value: tenMinutes ? `${tenMinutes.measured} (schedule: ${tenMinutes.computed})` : "not measured",
    met: tenMinutes ? tenMinutes.measured <= 20 : null,
  });
  return targets;
}
