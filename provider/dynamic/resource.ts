// The dynamic resource class of a definition: its arguments and outputs typed from the definition's
// property table (with each property's JSDoc), the token scope, and the secret outputs. Runs in the program.
import * as pulumi from "@pulumi/pulumi";
import { NAMESPACE } from "../lib/config";
import type {
  OptionalInputs,
  PropertyTable,
  RequiredInputs,
  ResourceDefinition,
  StateOf,
} from "../lib/definition";
import { secretNames } from "../lib/definition";
import { dynamicProvider } from "./provider";
import { requirableProvider } from "./requirableProvider";

/** A resource's arguments: its inputs, each a `pulumi.Input`. */
export type DynamicArgs<Ps> = { [K in keyof RequiredInputs<Ps>]: pulumi.Input<RequiredInputs<Ps>[K]> } & {
  [K in keyof OptionalInputs<Ps>]?: pulumi.Input<OptionalInputs<Ps>[K]>;
};

/** A resource's outputs: every property. */
export type DynamicOutputs<Ps> = { readonly [K in keyof StateOf<Ps>]: pulumi.Output<StateOf<Ps>[K]> };

type Options = pulumi.CustomResourceOptions;

export interface DynamicResourceClass<Ps> {
  new (name: string, args: DynamicArgs<Ps>, opts?: Options): pulumi.dynamic.Resource & DynamicOutputs<Ps>;
  /** Adopts an existing resource by its ID; refresh-only (its inputs are read from the API). */
  get<T>(
    this: new (name: string, args: DynamicArgs<Ps>, opts?: Options) => T,
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: Partial<DynamicArgs<Ps>>,
    opts?: Options,
  ): T;
}

/**
 * The class to extend, `class X extends dynamicResource(x, provider) {}`. `provider` is the object every
 * resource's `__provider` serializes: with the package installed, a module's exports is serialized as a
 * `require` of its path, so existing resources pass the module at their stable path.
 */
export function dynamicResource<Ps extends PropertyTable>(
  definition: ResourceDefinition<Ps>,
  provider: pulumi.dynamic.ResourceProvider = dynamicProvider(definition),
): DynamicResourceClass<Ps> {
  const secrets = secretNames(definition.properties);
  class DefinedResource extends pulumi.dynamic.Resource {
    static get<T>(
      this: new (name: string, args: DynamicArgs<Ps>, opts?: Options) => T,
      name: string,
      id: pulumi.Input<pulumi.ID>,
      state?: Partial<DynamicArgs<Ps>>,
      opts?: Options,
    ): T {
      return new this(name, (state ?? {}) as DynamicArgs<Ps>, { ...opts, id });
    }

    constructor(name: string, args: DynamicArgs<Ps>, opts?: Options) {
      const given = args as Record<string, unknown>;
      // Outputs are declared with no value, so that the engine makes them outputs of the resource.
      const props = Object.fromEntries(
        Object.entries(definition.properties).map(([key, spec]) => [
          key,
          spec.input ? given[key] : undefined,
        ]),
      );
      super(
        requirableProvider(provider),
        name,
        { ...props, tokenScope: { project: pulumi.getProject(), stack: pulumi.getStack(), name } },
        { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secrets] },
        NAMESPACE,
        definition.type,
      );
    }
  }
  return DefinedResource as unknown as DynamicResourceClass<Ps>;
}
