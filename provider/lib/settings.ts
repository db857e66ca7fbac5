// Provider-wide settings, read from a face's config and the environment, and the region a call uses.
// Pure: the values (secrets included) live only in the memory of the process that runs the provider.
import type { Endpoint } from "../dbs/endpoints";
import { KNOWN_REGIONS, parseEndpoint, parseStsEndpoint } from "../dbs/endpoints";
import type { ConfigKeys, SettingName } from "./config";
import { configKey, howToEnable, SETTINGS } from "./config";
import { unlistedRegionReason } from "./regionCheck";
import type { CheckFailure } from "./values";
import { describe, UNKNOWN } from "./values";

export interface ProviderSettings {
  keys: ConfigKeys;
  accessKey?: string;
  secretKey?: string;
  securityToken?: string;
  /** The value and where it came from, e.g. "config alicloud:region", for messages. */
  region?: { value: string; setting: string };
  /** The parsed endpoint override (a valid one; an invalid one is a problem). */
  endpoint?: Endpoint;
  /** host[:port] of the STS endpoint the credential chain exchanges an OIDC token at. */
  stsEndpoint?: string;
  allowInsecureHttp: boolean;
  /** Accept a region that is not in KNOWN_REGIONS (a private or new region). */
  allowUnlistedRegion: boolean;
  requestTimeoutSeconds: number;
  maxAttempts: number;
  throttlingRetrySeconds: number;
  /** A cap on requests per second to the API; without it the pacer learns the limit. */
  maxRequestsPerSecond?: number;
  /** Tests only: multiplies the waits between status requests. */
  pollScale: number;
}

export type ConfigLookup = (key: string) => string | undefined;
export type Environment = Record<string, string | undefined>;

/** A bad setting: where it came from ("config alicloud-dbs:maxAttempts", "env …") and a message naming it, the value and what is allowed. */
export interface SettingProblem {
  setting: string;
  reason: string;
}

export interface SettingsResult {
  settings: ProviderSettings;
  problems: SettingProblem[];
}

/** "config alicloud-dbs:endpoint / env ALIBABA_CLOUD_DBS_ENDPOINT": where a setting is set, for messages. */
export function settingSources(name: SettingName, separator = " / "): string {
  const env = SETTINGS[name].env.map((variable) => `env ${variable}`);
  return [`config ${configKey("plugin", name)}`, ...env].join(separator);
}

const HOW_TO_ALLOW_HTTP = `set ${howToEnable("allowInsecureHttp")}`;

export function readSettings(keys: ConfigKeys, config: ConfigLookup, env: Environment): SettingsResult {
  const problems: SettingProblem[] = [];
  // The keys that differ between the faces are the ones the `alicloud` provider also has.
  const key = (name: SettingName) =>
    SETTINGS[name].dynamicKey ? keys[name as "region" | "accessKey"] : configKey("plugin", name);

  /** The first source of a setting that is set: its config key, then its environment variables. */
  function source(name: SettingName): { value: string; setting: string } | undefined {
    const sources: [string, string | undefined][] = [
      ...(SETTINGS[name].envOnly
        ? []
        : [[`config ${key(name)}`, config(key(name))] as [string, string | undefined]]),
      ...SETTINGS[name].env.map((variable): [string, string | undefined] => [
        `env ${variable}`,
        env[variable],
      ]),
    ];
    for (const [setting, value] of sources) {
      if (value !== undefined && value.trim() !== "") return { value: value.trim(), setting };
    }
    return undefined;
  }

  /** A number setting within the row's bounds, else its default (and a problem). */
  function numeric(name: SettingName): number | undefined {
    const row = SETTINGS[name];
    const fallback = row.defaultValue as number | undefined;
    const found = source(name);
    if (!found) return fallback;
    const value = Number(found.value);
    const { setting } = found;
    const max = row.max ?? Infinity;
    if (row.type === "integer") {
      const min = row.min ?? 0;
      if (Number.isInteger(value) && value >= min && value <= max) return value;
      problems.push({
        setting,
        reason: `${setting} "${found.value}" must be a whole number from ${min} to ${max}`,
      });
      return fallback;
    }
    if (Number.isFinite(value) && value > 0 && value <= max) return value;
    problems.push({
      setting,
      reason: `${setting} "${found.value}" must be a number greater than 0 and at most ${max}`,
    });
    return fallback;
  }

  /** A true/false setting, else its default (and a problem). */
  function flag(name: SettingName): boolean {
    const found = source(name);
    const value = found?.value.toLowerCase();
    if (found && value !== "true" && value !== "false") {
      problems.push({
        setting: found.setting,
        reason: `${found.setting} "${found.value}" must be true or false`,
      });
    }
    return value === "true" || (value !== "false" && SETTINGS[name].defaultValue === true);
  }

  const allowInsecureHttp = flag("allowInsecureHttp");

  const override = source("endpoint");
  const parsed =
    override && parseEndpoint(override.value, override.setting, allowInsecureHttp, HOW_TO_ALLOW_HTTP);
  if (override && parsed && "error" in parsed)
    problems.push({ setting: override.setting, reason: parsed.error });

  const sts = source("stsEndpoint");
  const stsEndpoint = sts && parseStsEndpoint(sts.value, sts.setting);
  if (sts && stsEndpoint && "error" in stsEndpoint)
    problems.push({ setting: sts.setting, reason: stsEndpoint.error });

  const settings: ProviderSettings = {
    keys,
    accessKey: source("accessKey")?.value,
    secretKey: source("secretKey")?.value,
    securityToken: source("securityToken")?.value,
    region: source("region"),
    endpoint: parsed && !("error" in parsed) ? parsed : undefined,
    stsEndpoint: stsEndpoint && !("error" in stsEndpoint) ? stsEndpoint.host : undefined,
    allowInsecureHttp,
    allowUnlistedRegion: flag("allowUnlistedRegion"),
    requestTimeoutSeconds: numeric("requestTimeoutSeconds") as number,
    maxAttempts: numeric("maxAttempts") as number,
    throttlingRetrySeconds: numeric("throttlingRetrySeconds") as number,
    maxRequestsPerSecond: numeric("maxRequestsPerSecond"),
    pollScale: numeric("pollScale") as number,
  };
  return { settings, problems };
}

const REGION_PATTERN = /^[a-z]{2,}(-[a-z0-9]+)+$/;

/**
 * The region a task or lookup uses: its own argument, else the configured one. A region must be one DBS
 * serves unless allowUnlistedRegion is set, and then needs an endpoint override. `argument` says where
 * to set it, for messages.
 */
export function resolveRegion(
  value: unknown,
  settings: ProviderSettings,
  argument: string,
): { region: unknown; failure?: CheckFailure } {
  const region = value ?? settings.region?.value;
  const source = value !== undefined ? "the region argument" : settings.region?.setting;
  if (region === UNKNOWN) return { region };
  if (region === undefined) {
    const reason = `region is not set: set ${argument}, config ${settings.keys.region} or env ${SETTINGS.region.env[0]}`;
    return { region, failure: { property: "region", reason } };
  }
  if (typeof region !== "string" || !REGION_PATTERN.test(region)) {
    const reason = `region ${describe(region)} (from ${source}) is not a region ID such as "cn-hangzhou"`;
    return { region, failure: { property: "region", reason } };
  }
  if (!KNOWN_REGIONS.includes(region) && !settings.allowUnlistedRegion) {
    return { region, failure: { property: "region", reason: unlistedRegionReason(region, source) } };
  }
  if (!settings.endpoint && !KNOWN_REGIONS.includes(region)) {
    const reason =
      `region "${region}" (from ${source}) is not listed, so it has no known DBS endpoint: ` +
      `set ${settingSources("endpoint")}`;
    return { region, failure: { property: "region", reason } };
  }
  return { region };
}

/** The settings an operation runs with: check reports bad settings first; an operation refuses them. */
export function usableSettings({ settings, problems }: SettingsResult): ProviderSettings {
  if (problems.length > 0) throw new Error(problems.map((p) => p.reason).join("; "));
  return settings;
}
