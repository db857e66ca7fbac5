// The provider's settings as one table: key, environment variables, type, default, bounds, secrecy and
// description. Reading settings, CheckConfig, both faces' keys and the schema's config section (and the
// README's table) all come from it. Pure.
import { DEFAULT_TIMEOUTS_MS } from "../dbs/client";
import type { SettingNames } from "../dbs/credentials";
import { DEFAULT_RETRY_POLICY } from "../dbs/retry";

/** The namespace of this provider's config keys (and the module of its dynamic resources). */
export const NAMESPACE = "alicloud-dbs";

export interface Setting {
  type: "string" | "boolean" | "integer" | "number";
  /** Environment variables read when the config key is not set: the first one set wins. */
  env: readonly string[];
  defaultValue?: number | boolean;
  /** An integer's inclusive bounds; a number is always more than 0 and at most `max`. */
  min?: number;
  max?: number;
  secret?: boolean;
  /** The key the dynamic resources read instead of `alicloud-dbs:<name>`: the `alicloud` provider's own. */
  dynamicKey?: string;
  /** Read from the environment only (a test knob): not a config key, not in the schema. */
  envOnly?: boolean;
  /** `{min}`, `{max}` and `{default}` stand for the row's own values. */
  description: string;
}

function table<K extends string>(rows: Record<K, Setting>): Record<K, Setting> {
  return rows;
}

export const SETTINGS = table({
  region: {
    type: "string",
    env: ["ALIBABA_CLOUD_REGION_ID", "ALICLOUD_REGION"],
    dynamicKey: "alicloud:region",
    description:
      "The region of the backup sets, e.g. cn-hangzhou; it selects the endpoint. Default: env ALIBABA_CLOUD_REGION_ID, " +
      "else ALICLOUD_REGION. A resource's own `region` wins.",
  },
  endpoint: {
    type: "string",
    env: ["ALIBABA_CLOUD_DBS_ENDPOINT"],
    description:
      "The DBS API endpoint: a URL (http://127.0.0.1:8080, https://dbs-api.cn-hangzhou.aliyuncs.com) or a bare host " +
      "(then https). Default: env ALIBABA_CLOUD_DBS_ENDPOINT, else the region's official endpoint.",
  },
  stsEndpoint: {
    type: "string",
    env: ["ALIBABA_CLOUD_STS_ENDPOINT"],
    description:
      "The STS endpoint where the credential chain exchanges an OIDC token for temporary keys: host[:port] or " +
      "https://host[:port] (STS is called over https only). Default: env ALIBABA_CLOUD_STS_ENDPOINT, else the " +
      "chain's own (sts.aliyuncs.com, or sts.<ALIBABA_CLOUD_STS_REGION>.aliyuncs.com).",
  },
  accessKey: {
    type: "string",
    env: [],
    dynamicKey: "alicloud:accessKey",
    description:
      "The access key ID. Default: the credential chain of @alicloud/credentials (env ALIBABA_CLOUD_ACCESS_KEY_ID and " +
      "ALIBABA_CLOUD_ACCESS_KEY_SECRET, an OIDC role, profile files, an ECS RAM role).",
  },
  secretKey: {
    type: "string",
    env: [],
    secret: true,
    dynamicKey: "alicloud:secretKey",
    description: "The access key secret (with accessKey).",
  },
  securityToken: {
    type: "string",
    env: [],
    secret: true,
    dynamicKey: "alicloud:securityToken",
    description: "The STS security token of a temporary access key.",
  },
  allowInsecureHttp: {
    type: "boolean",
    env: ["ALIBABA_CLOUD_DBS_ALLOW_INSECURE_HTTP"],
    defaultValue: false,
    description:
      "Allow a plain-http endpoint on a non-loopback host (loopback is always allowed). Default {default}.",
  },
  allowUnlistedRegion: {
    type: "boolean",
    env: ["ALIBABA_CLOUD_DBS_ALLOW_UNLISTED_REGION"],
    defaultValue: false,
    description:
      "Allow a region that is not among the regions DBS serves (a private or new region; it needs `endpoint`). " +
      "Default {default}.",
  },
  requestTimeoutSeconds: {
    type: "integer",
    env: [],
    defaultValue: DEFAULT_TIMEOUTS_MS.read / 1000,
    min: 1,
    max: 600,
    description: `The timeout of one API request, {min} to {max} seconds (connecting: at most ${DEFAULT_TIMEOUTS_MS.connect / 1000}). Default {default}.`,
  },
  maxAttempts: {
    type: "integer",
    env: [],
    defaultValue: DEFAULT_RETRY_POLICY.maxAttempts,
    min: 1,
    max: 20,
    description:
      "Attempts per API call for transient failures (5xx, reset, timeout), {min} to {max}. Default {default}.",
  },
  throttlingRetrySeconds: {
    type: "integer",
    env: [],
    defaultValue: DEFAULT_RETRY_POLICY.throttledForMs / 1000,
    min: 0,
    max: 3600,
    description: "How long a throttled call is retried, {min} to {max} seconds. Default {default}.",
  },
  maxRequestsPerSecond: {
    type: "number",
    env: [],
    max: 1000,
    description:
      "A cap on API requests per second from this provider (more than 0, at most {max}). Default: none; the " +
      "provider learns the API's limit from its throttled answers and paces every call to it.",
  },
  pollScale: {
    type: "number",
    env: ["ALIBABA_CLOUD_DBS_POLL_SCALE"],
    envOnly: true,
    defaultValue: 1,
    max: 1,
    description: "Tests only: multiplies the waits between status requests (more than 0, at most {max}).",
  },
});

export type SettingName = keyof typeof SETTINGS;

/** The row's description with its bounds and default filled in. */
export function settingDescription(setting: Setting): string {
  const values: Record<string, unknown> = {
    min: setting.min,
    max: setting.max,
    default: setting.defaultValue,
  };
  return setting.description.replace(/\{(min|max|default)\}/g, (_, name: string) => String(values[name]));
}

/** The settings that are config keys (every row but the test knobs), in table order. */
export const CONFIG_KEYS = (Object.keys(SETTINGS) as SettingName[]).filter((name) => !SETTINGS[name].envOnly);

/**
 * How a face names its settings: the keys its config is read with (the dynamic resources read the
 * `alicloud` provider's region and credential keys, a plugin only its own namespace) and the names that
 * messages show, down to the DBS client's.
 */
export interface ConfigKeys extends SettingNames {
  region: string;
}

export function configKey(face: "dynamic" | "plugin", name: SettingName): string {
  const setting: Setting = SETTINGS[name];
  return (face === "dynamic" && setting.dynamicKey) || `${NAMESPACE}:${name}`;
}

/** "alicloud-dbs:endpoint / ALIBABA_CLOUD_DBS_ENDPOINT": where a setting is set, for hints. */
function whereSet(name: SettingName): string {
  return [configKey("plugin", name), ...SETTINGS[name].env].join(" / ");
}

export function configKeys(face: "dynamic" | "plugin"): ConfigKeys {
  return {
    region: configKey(face, "region"),
    accessKey: configKey(face, "accessKey"),
    secretKey: configKey(face, "secretKey"),
    securityToken: configKey(face, "securityToken"),
    endpoint: whereSet("endpoint"),
    stsEndpoint: whereSet("stsEndpoint"),
  };
}

/** "config alicloud-dbs:<flag>=true (env <VARIABLE>=true)": how to turn a true/false setting on, for hints. */
export function howToEnable(name: SettingName): string {
  const env = SETTINGS[name].env.map((variable) => `env ${variable}=true`);
  return `config ${configKey("plugin", name)}=true` + (env.length > 0 ? ` (${env.join(", ")})` : "");
}
