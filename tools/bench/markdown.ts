/** Pure: the Markdown pieces of BENCHMARKS.md. */
import type { RssResult } from "./results";
import { KIB, mib } from "./results";

export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]): string => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export const range = (ratios: number[]): string =>
  ratios.length > 1 ? `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×` : "—";

export const runsText = (values: number[]): string => values.map((ms) => (ms / 1000).toFixed(2)).join(" / ");

export function rssTable<V extends string>(
  variants: readonly V[],
  results: Partial<Record<V, RssResult>>,
  name: (variant: V) => string,
): string {
  const rows = variants.flatMap((v) => {
    const x = results[v];
    if (!x) return [];
    const runs = x.samplesKiB.map((k) => (k / KIB).toFixed(1)).join(" / ");
    return [[name(v), String(x.n), mib(x.medianKiB), runs, x.processes.join(" / ")]];
  });
  return table(["variant", "N", "median peak", "runs (MiB)", "provider processes per run"], rows);
}
