// The plugin face of the registry's resources: the resource operations of the provider protocol over
// their definitions, in plugin terms (the token scope from the URN, secret outputs, import). Glue.
import type { PropertyChange, ResourceDefinition } from "../lib/definition";
import { NAMESPACE } from "../lib/config";
import { checkResource, definitionsOf, secretNames } from "../lib/definition";
import type { SettingsResult } from "../lib/settings";
import { usableSettings } from "../lib/settings";
import type { CheckFailure, PropertyBag } from "../lib/values";
import * as registry from "../resources";
import { secret, tokenScopeOf } from "./values";

/** What the dynamic resources stored that the plugin does not: dropped from a migrated state. */
const DYNAMIC_ONLY = ["__provider", "tokenScope"];

export interface ResourceHandler {
  check(urn: string, olds: PropertyBag, news: PropertyBag): { inputs: PropertyBag; failures: CheckFailure[] };
  diff(olds: PropertyBag, news: PropertyBag): PropertyChange[];
  create(inputs: PropertyBag, cancel: AbortSignal): Promise<{ id: string; outs: PropertyBag }>;
  update(id: string, olds: PropertyBag, news: PropertyBag, cancel: AbortSignal): Promise<PropertyBag>;
  delete(id: string, props: PropertyBag): Promise<void>;
  /** Undefined when the resource is gone. */
  read(
    id: string,
    props: PropertyBag,
    inputs: PropertyBag,
  ): Promise<{ props: PropertyBag; inputs: PropertyBag } | undefined>;
}

/** Secret outputs as secrets: the provider marks them itself, since `pulumi import` runs without any SDK. */
export function withSecretOutputs(secrets: readonly string[], outs: PropertyBag): PropertyBag {
  const marked = { ...outs };
  for (const name of secrets) if (marked[name] !== undefined) marked[name] = secret(marked[name]);
  return marked;
}

/** A failure after the resource exists carries its state: its secret outputs are secrets too. */
async function markingSecrets<T>(secrets: readonly string[], operation: Promise<T>): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    const failure = error as { properties?: PropertyBag };
    if (failure.properties) failure.properties = withSecretOutputs(secrets, failure.properties);
    throw error;
  }
}

function withoutDynamicKeys(props: PropertyBag): PropertyBag {
  return Object.fromEntries(Object.entries(props).filter(([key]) => !DYNAMIC_ONLY.includes(key)));
}

function handler(definition: ResourceDefinition, settings: () => SettingsResult): ResourceHandler {
  const secrets = secretNames(definition.properties);
  return {
    check(urn, olds, news) {
      const { inputs, failures } = checkResource(definition, olds, news, settings(), tokenScopeOf(urn));
      return { inputs: inputs ?? news, failures };
    },
    diff: (olds, news) => definition.diff(olds, news),
    async create(inputs, cancel) {
      const created = await markingSecrets(
        secrets,
        definition.create(inputs, usableSettings(settings()), cancel),
      );
      return { id: created.id, outs: withSecretOutputs(secrets, created.outs) };
    },
    async update(id, olds, news, cancel) {
      const outs = await markingSecrets(
        secrets,
        definition.update(id, olds, news, usableSettings(settings()), cancel),
      );
      return withSecretOutputs(secrets, outs);
    },
    delete: (id, props) => definition.delete(id, withoutDynamicKeys(props), () => usableSettings(settings())),
    async read(id, props, inputs) {
      const stored = withoutDynamicKeys(props);
      const found = await definition.read(id, stored, usableSettings(settings()));
      if (!found) return undefined;
      // An import reads a resource by its ID alone: its inputs are what the API reports (the region
      // comes from the provider, so it is left out of what a program would write).
      const imported = Object.keys(stored).length === 0;
      return {
        props: withSecretOutputs(secrets, found.outputs),
        inputs: imported ? found.inputs : withoutDynamicKeys(inputs),
      };
    },
  };
}

/** The plugin's resources by type token. */
export function resourceHandlers(settings: () => SettingsResult): Record<string, ResourceHandler> {
  const definitions = definitionsOf(registry).filter((d): d is ResourceDefinition => d.kind === "resource");
  return Object.fromEntries(definitions.map((d) => [`${NAMESPACE}:index:${d.type}`, handler(d, settings)]));
}
