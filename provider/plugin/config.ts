// The plugin's provider configuration (lib/config.ts): its keys, all in the `alicloud-dbs` namespace,
// the only one a provider plugin receives, and CheckConfig. Pure.
import { missingHalf } from "../dbs/credentials";
import { CONFIG_KEYS, configKeys, NAMESPACE, SETTINGS } from "../lib/config";
import type { CheckFailure } from "../lib/values";
import type { ConfigLookup, Environment, SettingsResult } from "../lib/settings";
import { readSettings, resolveRegion } from "../lib/settings";
import type { PropertyBag } from "../lib/values";

export const PLUGIN_CONFIG_KEYS = configKeys("plugin");

/** The settings that are secrets (the access key secret, the STS token). */
export const SECRET_SETTINGS = CONFIG_KEYS.filter((name) => SETTINGS[name].secret);

/** Keys the engine itself adds to a provider's inputs. */
const ENGINE_KEYS = ["version", "pluginDownloadURL", "pluginChecksums"];

/** A lookup of `alicloud-dbs:<name>` in a provider's inputs: strings as they are, other values as text. */
export function configLookup(inputs: PropertyBag): ConfigLookup {
  return (key) => {
    const [namespace, name] = key.split(":");
    const value = namespace === NAMESPACE ? inputs[name] : undefined;
    if (value === undefined || value === null) return undefined;
    return typeof value === "string" ? value : JSON.stringify(value);
  };
}

export function pluginSettings(inputs: PropertyBag, env: Environment): SettingsResult {
  return readSettings(PLUGIN_CONFIG_KEYS, configLookup(inputs), env);
}

/** CheckConfig: every problem with the provider's inputs, each on the key it concerns. */
export function checkProviderConfig(inputs: PropertyBag, env: Environment): CheckFailure[] {
  const known: string[] = CONFIG_KEYS;
  const unknownKeys = Object.keys(inputs).filter(
    (key) => !known.includes(key) && !ENGINE_KEYS.includes(key) && !key.startsWith("__"),
  );
  const result = pluginSettings(inputs, env);
  const { settings } = result;
  const region = settings.region ? resolveRegion(undefined, settings, "").failure : undefined;
  const half = missingHalf(settings);
  const pair = half && {
    property: half,
    reason: `${PLUGIN_CONFIG_KEYS[half]} is not set while its pair is; set both`,
  };
  return [
    ...unknownKeys.map((key) => ({
      property: key,
      reason: `${NAMESPACE}:${key} is not a setting of this provider; the settings are ${known.join(", ")}`,
    })),
    ...result.problems.map(({ setting, reason }) => ({ property: propertyOf(setting), reason })),
    ...(region ? [region] : []),
    ...(pair ? [pair] : []),
  ];
}

/** "config alicloud-dbs:maxAttempts" → "maxAttempts"; an environment variable concerns no property. */
function propertyOf(setting: string): string {
  const prefix = `config ${NAMESPACE}:`;
  return setting.startsWith(prefix) ? setting.slice(prefix.length) : "";
}
