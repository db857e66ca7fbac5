// Whether DBS serves a region, with a suggestion for a near miss. Pure.
import { KNOWN_REGIONS } from "../dbs/endpoints";
import { howToEnable } from "./config";

/** How many single-character insertions, deletions or substitutions turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The listed region at most 2 edits from `region`, when exactly one is nearest. */
export function nearestRegion(region: string): string | undefined {
  const ranked = KNOWN_REGIONS.map((known) => ({ known, distance: editDistance(region, known) }))
    .filter(({ distance }) => distance <= 2)
    .sort((x, y) => x.distance - y.distance);
  if (ranked.length === 0 || ranked[1]?.distance === ranked[0].distance) return undefined;
  return ranked[0].known;
}

/** Why a well-formed region outside KNOWN_REGIONS is refused; `source` says where it was set. */
export function unlistedRegionReason(region: string, source: string | undefined): string {
  const near = nearestRegion(region);
  return (
    `region "${region}" (from ${source}) is not a region DBS serves` +
    (near ? ` (did you mean "${near}"?)` : "") +
    `; use one of ${KNOWN_REGIONS.join(", ")}, or for a private or new region set ${howToEnable("allowUnlistedRegion")}`
  );
}
