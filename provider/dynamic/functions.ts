// The lookup functions for TypeScript programs: they run in the program's process (not in the provider),
// with the same settings as the resources: the stack config (alicloud:*, alicloud-dbs:*), then the env.
import * as pulumi from "@pulumi/pulumi";
import type { FunctionDefinition, InputsOf, PropertyTable } from "../lib/definition";
import { checkArguments } from "../lib/definition";
import { readSettings } from "../lib/settings";
import type { PropertyBag } from "../lib/values";
import { DYNAMIC_CONFIG_KEYS } from "./provider";

type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** The function a program calls for a definition (named, so that declaration files keep its JSDoc). */
export type DynamicFunction<D> =
  D extends FunctionDefinition<infer Ps, infer R> ? (args: InputsOf<Ps>) => Promise<R> : never;

/** A function of a definition: its arguments and settings checked (every problem at once), then run. */
export function dynamicFunction<Ps extends PropertyTable, R>(
  definition: FunctionDefinition<Ps, R>,
): (args: InputsOf<Ps>) => Promise<R> {
  return async (args) => {
    const configs: Record<string, pulumi.Config> = {};
    const settings = readSettings(
      DYNAMIC_CONFIG_KEYS,
      (key) => {
        const [namespace, name] = key.split(":");
        configs[namespace] ??= new pulumi.Config(namespace);
        return configs[namespace].get(name);
      },
      process.env,
    );
    const failures = checkArguments(definition, args as PropertyBag, settings);
    if (failures.length > 0) {
      throw new Error(`${definition.name}: ${failures.map((f) => f.reason).join("; ")}`);
    }
    return definition.run(settings.settings, args);
  };
}

/** The `…Output` variant of a function: it takes and returns `pulumi.Output`s; a secret one when asked. */
export function outputFunction<A, R>(
  run: (args: A) => Promise<R>,
  secret = false,
): (args: Inputs<A>) => pulumi.Output<R> {
  return (args) => {
    const result = pulumi.output(args).apply((a) => run(a as A)) as pulumi.Output<R>;
    return secret ? (pulumi.secret(result) as pulumi.Output<R>) : result;
  };
}
