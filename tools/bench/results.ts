/** Pure: what `npm run bench` records (benchmarks.json) and the statistics on it. */
import type { ResourceApiCalls } from "./resourceCalls";

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

export interface EntrySize {
  resources: number;
  /** `pulumi stack export` bytes / resources. */
  stateBytesPerResource: number;
  /** Mean JSON bytes of one resource's entry in the export. */
  resourceEntryBytes: number;
  /** Of which the engine's record of where the program registered it (sourcePosition, stackTrace). */
  sourceBytes: number;
}

export interface StateSize extends EntrySize {
  providerBytes: number;
  providerSecret: boolean;
}

export interface ApiOperation {
  operation: string;
  args: string[];
  floorPerResource: number;
  calls: number;
  perResource: number;
  byAction: Record<string, number>;
}

export interface TimingRow<V extends string = Variant> {
  n: number;
  variant: V;
  operation: string;
  samplesMs: number[];
  medianMs: number;
}

export interface RssResult {
  n: number;
  /** Peak VmHWM of the provider processes of each `pulumi up`, KiB. */
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

/** The plugin faces, from a YAML program: alicloud-dbs, and the no-op plugin (tools/bench/noopPlugin). */
export type PluginVariant = "plugin" | "noop";
export const PLUGIN_VARIANTS: readonly PluginVariant[] = ["plugin", "noop"];

export interface Samples {
  samplesMs: number[];
  medianMs: number;
}

export interface PluginResult {
  state: Record<PluginVariant, EntrySize>;
  /** The keys the no-op answers with, recorded from alicloud-dbs: check's inputs, create's outputs. */
  recorded: { inputs: string[]; outputs: string[] };
  /** From spawning the plugin executable to its port on stdout. */
  start: Record<PluginVariant, Samples>;
  timing: { runs: number; rows: TimingRow<PluginVariant>[]; createsAtFloor: boolean };
  rss: Partial<Record<PluginVariant, RssResult>>;
  /** Median CPU seconds by process role during the `pulumi up`s of the largest N, and of the bench process. */
  cpu: Partial<Record<PluginVariant, { n: number; roles: Record<Role, number>; benchProcess: number }>>;
}

/** Which face of the package: the dynamic resources (TypeScript program) or the plugin (YAML program). */
export type Face = "dynamic" | "plugin";
export const FACES: readonly Face[] = ["dynamic", "plugin"];

export interface PacedRun {
  /** The whole `pulumi up`. */
  wallMs: number;
  /** From the first create request to the last accepted one, as the emulator received them. */
  createWindowMs: number;
  requests: number;
  throttled: number;
  acceptedCreates: number;
  tasks: number;
}

export interface PacedRow {
  face: Face;
  n: number;
  /** The emulator's requests per rolling second per access key; null: no limit. */
  rateLimit: number | null;
  runs: PacedRun[];
}

export interface PacingResult {
  limited: PacedRow[];
  /** `pulumi up` with no limit: the pacer with no setting against one capped at `cap` (alternating). */
  noLimit: {
    n: number;
    cap: number;
    /** rate() of a new pacer with that cap (provider/dbs/pacer.ts): where both kinds of run start. */
    startRate: number;
    runs: number;
    rows: { face: Face; learned: PacedRun[]; capped: PacedRun[] }[];
  };
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
  /** AdvancedDownload and BackupSetDownloadRules (`npm run bench -- --api-calls`). */
  resourceApiCalls?: ResourceApiCalls[];
  timing: { runs: number; rows: TimingRow[]; apiCallsAtFloor: boolean };
  rss: Partial<Record<Variant, RssResult>>;
  wait?: { timeScale: number; pollScale: number; upSeconds: number; rows: WaitRow[] };
  profile?: UpProfile;
  plugin: PluginResult;
  pacing: PacingResult;
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

export const samples = (values: number[]): Samples => ({ samplesMs: values, medianMs: median(values) });
export const wallTimes = (runs: PacedRun[]): Samples => samples(runs.map((run) => run.wallMs));

/** a/b of each interleaved pair of runs. */
export function pairRatios(a: Samples, b: Samples): number[] {
  return a.samplesMs.map((ms, i) => ms / b.samplesMs[i]).filter((x) => Number.isFinite(x));
}

export function timingRow<V extends string>(
  rows: TimingRow<V>[],
  n: number,
  variant: V,
  operation: string,
): TimingRow<V> | undefined {
  return rows.find((row) => row.n === n && row.variant === variant && row.operation === operation);
}

export const floorMs = (row: PacedRow): number | undefined =>
  row.rateLimit === null ? undefined : (row.n / row.rateLimit) * 1000;
