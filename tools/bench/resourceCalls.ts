/**
 * Pure: the API-call rows of AdvancedDownload and BackupSetDownloadRules (`npm run bench -- --api-calls`),
 * their floors, and their tables in BENCHMARKS.md.
 */
import { table } from "./markdown";

export type MeasuredResource = "AdvancedDownload" | "BackupSetDownloadRules";

export interface ResourceStep {
  operation: string;
  /** The arguments of `pulumi`. */
  args: string[];
  /** The fewest calls per resource the operation can make. */
  floorPerResource: number;
  /** Run with the stack config changed to this first (the rules' update). */
  config?: Record<string, string>;
}

export interface ResourceOperation extends ResourceStep {
  calls: number;
  byAction: Record<string, number>;
}

export interface ResourceApiCalls {
  resource: MeasuredResource;
  n: number;
  operations: ResourceOperation[];
}

const preview: ResourceStep = { operation: "preview", args: ["preview"], floorPerResource: 0 };
const noChange: ResourceStep = {
  operation: "up (no change)",
  args: ["up", "--expect-no-changes"],
  floorPerResource: 0,
};
const refresh: ResourceStep = {
  operation: "refresh --skip-preview",
  args: ["refresh", "--skip-preview"],
  floorPerResource: 1,
};

/** The operations run, in order, on one fresh stack of each resource, and the floor of each. */
export const RESOURCE_STEPS: Record<MeasuredResource, ResourceStep[]> = {
  // up: DescribeDownloadTask finds no task of the same inputs to adopt, then CreateDownload.
  AdvancedDownload: [
    preview,
    { operation: "up (create)", args: ["up"], floorPerResource: 2 },
    noChange,
    refresh,
    { operation: "destroy", args: ["destroy"], floorPerResource: 0 },
  ],
  // Each write is one Modify and one Describe reading the rules back; destroy turns automatic download off.
  BackupSetDownloadRules: [
    preview,
    { operation: "up (create)", args: ["up"], floorPerResource: 2 },
    noChange,
    {
      operation: "up (update)",
      args: ["up"],
      floorPerResource: 2,
      config: { downloadDir: "/data/dbs-bench" },
    },
    refresh,
    { operation: "destroy", args: ["destroy"], floorPerResource: 1 },
  ],
};

/** "at floor", or how many calls above (or below) N × floor the operation made. */
export function floorVerdict(op: ResourceOperation, n: number): string {
  const over = op.calls - op.floorPerResource * n;
  if (over === 0) return "at floor";
  return over > 0 ? `${over} over` : `${-over} under`;
}

export function resourceCallsMarkdown(rows: ResourceApiCalls[]): string[] {
  return rows.flatMap((row) => [
    `## API calls per operation (${row.resource}, N = ${row.n})`,
    "",
    table(
      ["operation", "calls", "per resource", "floor", "vs floor", "requests"],
      row.operations.map((op) => [
        `\`pulumi ${op.args.join(" ")}\`${op.config ? " (config changed)" : ""}`,
        op.calls,
        op.calls / row.n,
        op.floorPerResource,
        floorVerdict(op, row.n),
        Object.entries(op.byAction)
          .map(([k, v]) => `${k} ×${v}`)
          .join(", ") || "—",
      ]),
    ),
    "",
    "Each operation ran once, in this order, on one fresh stack (`npm run bench -- --api-calls`).",
    "",
  ]);
}
