// The plugin's provider configuration: its keys (all in the `alicloud-dbs` namespace, the only one a
// provider plugin receives), their schema, and CheckConfig. Pure.
import type { CheckFailure } from "../core/inputs";
import type { ConfigKeys, ConfigLookup, Environment, SettingsResult } from "../core/settings";
import { readSettings, resolveRegion } from "../core/settings";
import type { PropertyBag } from "../core/outputs";

export const PLUGIN_CONFIG_KEYS: ConfigKeys = {
  region: "alicloud-dbs:region",
  accessKey: "alicloud-dbs:accessKey",
  secretKey: "alicloud-dbs:secretKey",
  securityToken: "alicloud-dbs:securityToken",
};

interface ConfigVariable {
  type: "string" | "boolean" | "integer" | "number";
  description: string;
  secret?: boolean;
}

/** Every key of `alicloud-dbs:*`, as config variables and as arguments of an explicit provider. */
export const CONFIG_VARIABLES: Record<string, ConfigVariable> = {
  region: {
    type: "string",
    description:
      "The region of the backup sets, e.g. cn-hangzhou; it selects the endpoint. Default: env ALIBABA_CLOUD_REGION_ID, " +
      "else ALICLOUD_REGION. A resource's own `region` wins.",
  },
  endpoint: {
    type: "string",
    description:
      "The DBS API endpoint: a URL (http://127.0.0.1:8080, https://dbs-api.cn-hangzhou.aliyuncs.com) or a bare host " +
      "(then https). Default: env ALIBABA_CLOUD_DBS_ENDPOINT, else the region's official endpoint.",
  },
  stsEndpoint: {
    type: "string",
    description:
      "The STS endpoint where the credential chain exchanges an OIDC token for temporary keys: host[:port] or " +
      "https://host[:port] (STS is called over https only). Default: env ALIBABA_CLOUD_STS_ENDPOINT, else the " +
      "chain's own (sts.aliyuncs.com, or sts.<ALIBABA_CLOUD_STS_REGION>.aliyuncs.com).",
  },
  accessKey: {
    type: "string",
    description:
      "The access key ID. Default: the credential chain of @alicloud/credentials (env ALIBABA_CLOUD_ACCESS_KEY_ID and " +
      "ALIBABA_CLOUD_ACCESS_KEY_SECRET, an OIDC role, profile files, an ECS RAM role).",
  },
  secretKey: { type: "string", secret: true, description: "The access key secret (with accessKey)." },
  securityToken: {
    type: "string",
    secret: true,
    description: "The STS security token of a temporary access key.",
  },
  allowInsecureHttp: {
    type: "boolean",
    description:
      "Allow a plain-http endpoint on a non-loopback host (loopback is always allowed). Default false.",
  },
  allowUnlistedRegion: {
    type: "boolean",
    description:
      "Allow a region that is not among the regions DBS serves (a private or new region; it needs `endpoint`). " +
      "Default: env ALIBABA_CLOUD_DBS_ALLOW_UNLISTED_REGION, else false.",
  },
  requestTimeoutSeconds: {
    type: "integer",
    description: "The timeout of one API request, 1 to 600 seconds (connecting: at most 10). Default 30.",
  },
  maxAttempts: {
    type: "integer",
    description: "Attempts per API call for transient failures (5xx, reset, timeout), 1 to 20. Default 5.",
  },
  throttlingRetrySeconds: {
    type: "integer",
    description: "How long a throttled call is retried, 0 to 3600 seconds. Default 300.",
  },
  maxRequestsPerSecond: {
    type: "number",
    description:
      "A cap on API requests per second from this provider (more than 0, at most 1000). Default: none; the " +
      "provider learns the API's limit from its throttled answers and paces every call to it.",
  },
};

/** Keys the engine itself adds to a provider's inputs. */
const ENGINE_KEYS = ["version", "pluginDownloadURL", "pluginChecksums"];

/** A lookup of `alicloud-dbs:<name>` in a provider's inputs: strings as they are, other values as text. */
export function configLookup(inputs: PropertyBag): ConfigLookup {
  return (key) => {
    const [namespace, name] = key.split(":");
    const value = namespace === "alicloud-dbs" ? inputs[name] : undefined;
    if (value === undefined || value === null) return undefined;
    return typeof value === "string" ? value : JSON.stringify(value);
  };
}

export function pluginSettings(inputs: PropertyBag, env: Environment): SettingsResult {
  return readSettings(PLUGIN_CONFIG_KEYS, configLookup(inputs), env);
}

/** CheckConfig: every problem with the provider's inputs, each on the key it concerns. */
export function checkProviderConfig(inputs: PropertyBag, env: Environment): CheckFailure[] {
  const known = Object.keys(CONFIG_VARIABLES);
  const unknownKeys = Object.keys(inputs).filter(
    (key) => !known.includes(key) && !ENGINE_KEYS.includes(key) && !key.startsWith("__"),
  );
  const result = pluginSettings(inputs, env);
  const { settings } = result;
  const region = settings.region ? resolveRegion(undefined, settings, "").failure : undefined;
  const pair =
    Boolean(settings.accessKey) !== Boolean(settings.secretKey)
      ? {
          property: settings.accessKey ? "secretKey" : "accessKey",
          reason: `alicloud-dbs:${settings.accessKey ? "secretKey" : "accessKey"} is not set while its pair is; set both`,
        }
      : undefined;
  return [
    ...unknownKeys.map((key) => ({
      property: key,
      reason: `alicloud-dbs:${key} is not a setting of this provider; the settings are ${known.join(", ")}`,
    })),
    ...result.problems.map(({ setting, reason }) => ({ property: propertyOf(setting), reason })),
    ...(region ? [region] : []),
    ...(pair ? [pair] : []),
  ];
}

/** "config alicloud-dbs:maxAttempts" → "maxAttempts"; an environment variable concerns no property. */
function propertyOf(setting: string): string {
  const match = /^config alicloud-dbs:(\w+)$/.exec(setting);
  return match ? match[1] : "";
}
