/** Pure: the targets `npm run bench` holds its figures to (goals from the issues), and the verdicts. */
import type { BenchResult, Face, PacedRow, PacedRun, Samples, Target } from "./results";
import { floorMs, KIB, pairRatios, seconds, timingRow, wallTimes } from "./results";

/** The throttling goal: 200 creates in one `pulumi up` against 10 requests/s. */
export const PACING_GOAL = { n: 200, rateLimit: 10, maxFloorRatio: 1.2, maxThrottledShare: 0.05 };

const pct = (share: number): string => `${(share * 100).toFixed(1)} %`;

function ratioTarget(name: string, a: Samples | undefined, b: Samples | undefined, max: number): Target {
  const target = `≤ ${max.toFixed(2)}×`;
  if (!a || !b) return { name, target, value: "not measured", met: null };
  const ratio = a.medianMs / b.medianMs;
  const pairs = pairRatios(a, b);
  const range =
    pairs.length > 1 ? `; run pairs ${Math.min(...pairs).toFixed(2)}–${Math.max(...pairs).toFixed(2)}×` : "";
  return {
    name,
    target,
    value: `${seconds(a.medianMs)} vs ${seconds(b.medianMs)} (${ratio.toFixed(2)}×${range})`,
    met: ratio <= max,
  };
}

function pacedRunText(run: PacedRun, floor: number): string {
  return (
    `up ${seconds(run.wallMs)} = ${(run.wallMs / floor).toFixed(2)}× the floor (creates first to last ` +
    `${seconds(run.createWindowMs)}); ${run.requests} requests, ${run.throttled} throttled ` +
    `(${pct(run.throttled / run.requests)}), ${run.acceptedCreates} creates accepted`
  );
}

function pacingTarget(face: Face, row: PacedRow | undefined): Target {
  const { n, rateLimit, maxFloorRatio, maxThrottledShare } = PACING_GOAL;
  const name = `${n} creates in one \`pulumi up\` at ${rateLimit} requests/s, ${face}`;
  const target =
    `≤ ${maxFloorRatio}× the floor N / rate (≤ ${(n / rateLimit) * maxFloorRatio} s) and ` +
    `≤ ${pct(maxThrottledShare)} of requests throttled, every run`;
  const floor = row && floorMs(row);
  if (!row || !floor) return { name, target, value: "not measured", met: null };
  const ok = (run: PacedRun): boolean =>
    run.wallMs <= floor * maxFloorRatio &&
    run.throttled / run.requests <= maxThrottledShare &&
    run.acceptedCreates === row.n;
  return {
    name,
    target,
    value: row.runs.map((run) => pacedRunText(run, floor)).join("; "),
    met: row.runs.every(ok),
  };
}

function pacerCostTarget(result: Omit<BenchResult, "targets">, face: Face): Target {
  const { n, cap, rows } = result.pacing.noLimit;
  const row = rows.find((r) => r.face === face);
  const name = `pacer cost with no limit, \`pulumi up\` N = ${n}, ${face}`;
  const target = `the learned pacer's median no slower than the slowest run capped at ${cap}/s in the same bench`;
  if (!row) return { name, target, value: "not measured", met: null };
  const learned = wallTimes(row.learned);
  const capped = wallTimes(row.capped);
  const low = Math.min(...capped.samplesMs);
  const high = Math.max(...capped.samplesMs);
  return {
    name,
    target,
    value:
      `${seconds(learned.medianMs)} vs ${seconds(capped.medianMs)} capped ` +
      `(${(learned.medianMs / capped.medianMs).toFixed(2)}×; capped runs ${seconds(low)}–${seconds(high)})`,
    met: capped.samplesMs.length > 1 ? learned.medianMs <= high : null,
  };
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
  const dynamicUp = (variant: "ours" | "baseline") => timingRow(result.timing.rows, 100, variant, "up");
  targets.push({
    ...ratioTarget("`pulumi up` wall time, N = 100", dynamicUp("ours"), dynamicUp("baseline"), 1.25),
    target: "≤ 1.25× baseline",
  });
  const pluginUp = (variant: "plugin" | "noop") => timingRow(result.plugin.timing.rows, 100, variant, "up");
  targets.push({
    ...ratioTarget("plugin `pulumi up` wall time, N = 100", pluginUp("plugin"), pluginUp("noop"), 1.1),
    target: "≤ 1.10× the no-op plugin",
  });
  const tenMinutes = result.wait?.rows.find((r) => r.minutes === 10);
  targets.push({
    name: "status requests, 10-minute task",
    target: "≤ 20",
    value: tenMinutes ? `${tenMinutes.measured} (schedule: ${tenMinutes.computed})` : "not measured",
    met: tenMinutes ? tenMinutes.measured <= 20 : null,
  });
  for (const face of ["dynamic", "plugin"] as const) {
    const row = result.pacing.limited.find(
      (r) => r.face === face && r.n === PACING_GOAL.n && r.rateLimit === PACING_GOAL.rateLimit,
    );
    targets.push(pacingTarget(face, row));
  }
  for (const face of ["dynamic", "plugin"] as const) targets.push(pacerCostTarget(result, face));
  return targets;
}
