// Input keys a resource does not have (a typo, or `constructor` sent over raw gRPC): each is named in a
// check failure rather than dropped in silence. Keys starting with "__" belong to the engine. Pure.
import type { CheckFailure } from "./inputs";
import { quoted } from "./identifier";
import type { PropertyBag } from "./outputs";

/** `unlisted`: keys a face passes itself, accepted but not offered to the user. */
export function unknownInputs(
  type: string,
  news: PropertyBag,
  known: readonly string[],
  unlisted: readonly string[] = [],
): CheckFailure[] {
  return Object.keys(news)
    .filter((key) => !known.includes(key) && !unlisted.includes(key) && !key.startsWith("__"))
    .map((key) => ({
      property: key,
      reason: `${quoted(key)} is not an input of ${type}; its inputs are ${known.join(", ")}`,
    }));
}
