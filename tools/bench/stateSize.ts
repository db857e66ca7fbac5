/** Pure: the bytes a stack export spends per resource of one type. */
import type { StateResource } from "../harness/workspace";
import type { EntrySize } from "./results";

/** Fields the engine adds to record where in the program a resource was registered. */
const SOURCE_FIELDS = ["sourcePosition", "stackTrace"];

const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), "utf8");
const mean = (values: number[]): number => Math.round(values.reduce((a, b) => a + b, 0) / values.length);

/** The export's resources of `type` (exactly n of them, else an error), and their sizes. */
export function entrySizes(
  exportText: string,
  type: string,
  n: number,
): { resources: StateResource[]; size: EntrySize } {
  const parsed = JSON.parse(exportText) as { deployment: { resources?: StateResource[] } };
  const resources = (parsed.deployment.resources ?? []).filter((r) => r.type === type);
  if (resources.length !== n) throw new Error(`expected ${n} ${type} in the state, got ${resources.length}`);
  const source = (r: StateResource): number =>
    SOURCE_FIELDS.reduce((sum, key) => sum + (r[key] === undefined ? 0 : bytes({ [key]: r[key] }) - 2), 0);
  return {
    resources,
    size: {
      resources: n,
      stateBytesPerResource: Math.round(Buffer.byteLength(exportText, "utf8") / n),
      resourceEntryBytes: mean(resources.map(bytes)),
      sourceBytes: mean(resources.map(source)),
    },
  };
}
