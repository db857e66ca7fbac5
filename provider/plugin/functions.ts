// The plugin's functions: the registry's function definitions behind the provider protocol's Invoke. Glue.
import { NAMESPACE } from "../lib/config";
import type { FunctionDefinition } from "../lib/definition";
import { checkArguments, definitionsOf } from "../lib/definition";
import type { SettingsResult } from "../lib/settings";
import type { PropertyBag } from "../lib/values";
import * as registry from "../resources";
import type { InvokeResult } from "./providerServer";
import { secret } from "./values";

type Lookup = (settings: SettingsResult, args: PropertyBag) => Promise<InvokeResult>;

/** Checks the arguments (every problem at once, before any request), then runs the function. */
function lookup(definition: FunctionDefinition): Lookup {
  return async (settings, args) => {
    const failures = checkArguments(definition, args, settings);
    if (failures.length > 0) return { failures };
    const result = await definition.run(settings.settings, args);
    const { arrayIn, type } = definition.result;
    if (arrayIn) return { outputs: { [arrayIn]: result } };
    const outputs = { ...(result as PropertyBag) };
    for (const [name, field] of Object.entries(type.properties)) {
      if (field.secret && outputs[name] !== undefined) outputs[name] = secret(outputs[name]);
    }
    return { outputs };
  };
}

export const FUNCTIONS: Record<string, Lookup> = Object.fromEntries(
  definitionsOf(registry)
    .filter((d): d is FunctionDefinition => d.kind === "function")
    .map((d) => [`${NAMESPACE}:index:${d.name}`, lookup(d)]),
);
