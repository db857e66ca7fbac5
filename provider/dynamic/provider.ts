// The pulumi.dynamic face of a resource definition: the provider object that Pulumi serializes into
// every resource's state (`__provider`) and runs in its dynamic-provider host. It holds the definition
// and nothing else; settings, clients and credentials are made per call, in that process.
import type * as pulumi from "@pulumi/pulumi";
import { configKeys } from "../lib/config";
import type { ResourceDefinition, TokenScope } from "../lib/definition";
import { checkResource } from "../lib/definition";
import type { ConfigLookup, SettingsResult } from "../lib/settings";
import { readSettings, usableSettings } from "../lib/settings";

/** The dynamic resources read the same region and credential keys as the `alicloud` Pulumi provider. */
export const DYNAMIC_CONFIG_KEYS = configKeys("dynamic");

// The host deserializes the provider once per distinct `__provider` text and calls its `configure`
// before any other method; all copies in one process share the stack config, so it is kept
// process-wide rather than on a provider object that is rebuilt from text.
const CONFIG_KEY = "__pulumiAlicloudDbsConfig";
type ConfigHolder = { [CONFIG_KEY]?: ConfigLookup };

/** Settings from the remembered stack config (none outside `pulumi up`) and the current environment. */
function currentSettings(): SettingsResult {
  const config = (globalThis as ConfigHolder)[CONFIG_KEY] ?? (() => undefined);
  return readSettings(DYNAMIC_CONFIG_KEYS, config, process.env);
}

function isTokenScope(value: unknown): value is TokenScope {
  if (typeof value !== "object" || value === null) return false;
  const scope = value as Record<string, unknown>;
  return ["project", "stack", "name"].every((key) => typeof scope[key] === "string");
}

const NO_SCOPE: TokenScope = { project: "", stack: "", name: "" };

export function dynamicProvider(definition: ResourceDefinition): pulumi.dynamic.ResourceProvider {
  return {
    async configure(req) {
      (globalThis as ConfigHolder)[CONFIG_KEY] = (key) => {
        const value: unknown = req.config.get(key);
        return value === undefined || value === null ? undefined : String(value);
      };
    },
    async check(olds, news) {
      // The resource class passes the scope: providers never see URNs.
      const scope = isTokenScope(news.tokenScope) ? news.tokenScope : undefined;
      const { inputs, failures } = checkResource(
        definition,
        olds,
        news,
        currentSettings(),
        scope ?? NO_SCOPE,
        ["tokenScope"],
      );
      if (!scope) {
        const reason = "tokenScope {project, stack, name} is set by the resource class; do not override it";
        failures.push({ property: "tokenScope", reason });
      }
      return failures.length > 0 || !inputs
        ? { inputs: news, failures }
        : { inputs: { ...inputs, tokenScope: scope } };
    },
    async diff(_id, olds, news) {
      const changes = definition.diff(olds, news);
      return {
        changes: changes.length > 0,
        replaces: changes.filter((change) => change.replace).map((change) => change.property),
        deleteBeforeReplace: false,
      };
    },
    create: async (inputs) => definition.create(inputs, usableSettings(currentSettings())),
    update: async (id, olds, news) => ({
      outs: await definition.update(id, olds, news, usableSettings(currentSettings())),
    }),
    async read(id, props) {
      const found = await definition.read(id, props, usableSettings(currentSettings()));
      return found ? { id, props: found.outputs } : { id: "", props: {} };
    },
    delete: async (id, props) => definition.delete(id, props, () => usableSettings(currentSettings())),
  };
}
