/**
 * The pacer's measurements: N creates in one `pulumi up` against an emulator that admits at most R
 * requests per rolling second per access key (wall time, requests sent, throttled answers), and with no
 * limit, the pacer with no setting against the same pacer capped at its ceiling, in the same run (the
 * pacer cannot be turned off: a cap bounds its slow start, it does not skip it).
 * Each face: the dynamic resources (the bench program) and the plugin (a YAML program).
 */
import { startEmulator } from "../../packages/emulator/src";
import type { Emulator } from "../../packages/emulator/src";
import { createPacer } from "../../provider/dbs/pacer";
import type { Workspace } from "../harness/workspace";
import { progress } from "./progress";
import type { Face, PacedRow, PacedRun, PacingResult } from "./results";
import { FACES, seconds } from "./results";
import { disposeStack, freshStack, freshYamlStack, runCli } from "./stacks";

const CREATE = "CreateFullBackupSetDownload";
const THROTTLED = "Throttling.User";
/** The cap of the no-limit comparison: the pacer's ceiling. */
const CAP = 1000;

function stackOf(
  face: Face,
  emulator: Emulator,
  n: number,
  config: Record<string, string>,
): Promise<Workspace> {
  return face === "dynamic"
    ? freshStack(emulator, { variant: "ours", count: String(n), ...config })
    : freshYamlStack(emulator, n, undefined, config);
}

/** One `pulumi up` of n creates on a fresh stack and a fresh emulator. */
async function pacedUp(
  face: Face,
  n: number,
  rateLimit: number | null,
  config: Record<string, string> = {},
): Promise<PacedRun> {
  const emulator = await startEmulator({ port: 0, ...(rateLimit !== null && { rateLimit }) });
  try {
    const ws = await stackOf(face, emulator, n, config);
    try {
      const { durationMs } = await runCli(ws, ["up"]);
      const creates = emulator.requestsFor(CREATE);
      const accepted = creates.filter((r) => r.statusCode === 200);
      const at = (list: typeof creates): number[] => list.map((r) => r.at);
      return {
        wallMs: durationMs,
        createWindowMs: accepted.length ? Math.max(...at(accepted)) - Math.min(...at(creates)) : 0,
        requests: emulator.requests.length,
        throttled: emulator.requests.filter((r) => r.code === THROTTLED).length,
        acceptedCreates: accepted.length,
        tasks: emulator.tasks().length,
      };
    } finally {
      disposeStack(ws);
    }
  } finally {
    await emulator.close();
  }
}

export async function measurePacing(options: {
  limited: { n: number; rateLimit: number | null }[];
  runs: number;
  noLimit: { n: number; runs: number };
}): Promise<PacingResult> {
  const limited: PacedRow[] = [];
  for (const { n, rateLimit } of options.limited) {
    const rows = FACES.map((face): PacedRow => ({ face, n, rateLimit, runs: [] }));
    for (let run = 0; run < options.runs; run++) {
      for (const row of rows) {
        const result = await pacedUp(row.face, n, rateLimit);
        if (result.acceptedCreates !== n || result.tasks !== n) {
          throw new Error(
            `${row.face}, ${n} creates: ${result.acceptedCreates} accepted, ${result.tasks} tasks`,
          );
        }
        row.runs.push(result);
        progress(
          `pacing ${row.face} N=${n} at ${rateLimit ?? "no limit"}/s run ${run + 1}/${options.runs}: ` +
            `up ${seconds(result.wallMs)}, creates over ${seconds(result.createWindowMs)}, ` +
            `${result.requests} requests, ${result.throttled} throttled`,
        );
      }
    }
    limited.push(...rows);
  }
  const { n, runs } = options.noLimit;
  const rows = FACES.map((face) => ({ face, learned: [] as PacedRun[], capped: [] as PacedRun[] }));
  for (let run = 0; run < runs; run++) {
    for (const row of rows) {
      const up = (cap?: number): Promise<PacedRun> =>
        pacedUp(row.face, n, null, cap ? { "alicloud-dbs:maxRequestsPerSecond": String(cap) } : {});
      // Alternating which goes first, so that neither always runs on a warmer machine.
      const first = await up(run % 2 === 0 ? undefined : CAP);
      const second = await up(run % 2 === 0 ? CAP : undefined);
      const [learned, capped] = run % 2 === 0 ? [first, second] : [second, first];
      row.learned.push(learned);
      row.capped.push(capped);
      progress(
        `pacer cost ${row.face} N=${n} run ${run + 1}/${runs}: learned ${seconds(learned.wallMs)} ` +
          `(creates over ${seconds(learned.createWindowMs)}), capped at ${CAP}/s ${seconds(capped.wallMs)} ` +
          `(creates over ${seconds(capped.createWindowMs)})`,
      );
    }
  }
  const startRate = createPacer({ maxRequestsPerSecond: CAP }).rate();
  return { limited, noLimit: { n, cap: CAP, startRate, runs, rows } };
}
