// What every definition's inputs go through before its own check, whatever the definition: a key it
// does not have (a typo, or `constructor` sent over raw gRPC) is named rather than dropped in silence,
// and a value nested too deeply or too large is named and withheld, since checks and the ClientToken
// walk values. Keys starting with "__" belong to the engine. Pure.
import { quoted } from "./identifier";
import { valueLimitFailure } from "./valueLimits";
import type { CheckFailure, PropertyBag } from "./values";

export interface ScreenedInputs {
  failures: CheckFailure[];
  /** `news` without the unknown keys and the values past the limits. */
  inputs: PropertyBag;
  /** The inputs whose values were withheld: their failures are the screen's. */
  withheld: string[];
}

/** `faceKeys`: keys a face passes itself (the dynamic class's tokenScope), accepted but not offered. */
export function screenInputs(
  name: string,
  inputNames: readonly string[],
  news: PropertyBag,
  faceKeys: readonly string[] = [],
): ScreenedInputs {
  const screened: ScreenedInputs = { failures: [], inputs: {}, withheld: [] };
  for (const [key, value] of Object.entries(news)) {
    const passed = key.startsWith("__") || faceKeys.includes(key);
    if (!passed && !inputNames.includes(key)) {
      const reason = `${quoted(key)} is not an input of ${name}; its inputs are ${inputNames.join(", ")}`;
      screened.failures.push({ property: key, reason });
      continue;
    }
    const tooLarge = passed ? undefined : valueLimitFailure(key, value);
    if (tooLarge) {
      screened.failures.push(tooLarge);
      screened.withheld.push(key);
      continue;
    }
    screened.inputs[key] = value;
  }
  return screened;
}
