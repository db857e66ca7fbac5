// Provider-wide settings, read from a face's config and the environment, and the region a call uses.
// Pure: the values (secrets included) live only in the memory of the process that runs the provider.
import type { CredentialKeys } from "../dbs/credentials";
import type { Endpoint } from "../dbs/endpoints";
import { KNOWN_REGIONS, parseEndpoint, parseStsEndpoint } from "../dbs/endpoints";
import { unlistedRegionReason } from "./regionCheck";
import type { CheckFailure } from "./inputs";
import { describe, UNKNOWN } from "./inputs";

/**
 * The config keys that differ between the faces: the dynamic resources read the `alicloud` provider's
 * region and credential keys, while a plugin receives only its own namespace (`alicloud-dbs:*`).
 */
export interface ConfigKeys extends CredentialKeys {
  region: string;
}

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
  /** Test-only (env ALIBABA_CLOUD_DBS_POLL_SCALE): multiplies the waits between status requests. */
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

function firstSet(entries: [string, string | undefined][]): { value: string; setting: string } | undefined {
  for (const [setting, value] of entries) {
    if (value !== undefined && value.trim() !== "") return { value: value.trim(), setting };
  }
  return undefined;
}

export function readSettings(keys: ConfigKeys, config: ConfigLookup, env: Environment): SettingsResult {
  const problems: SettingProblem[] = [];

  function integer(key: string, fallback: number, min: number, max: number): number {
    const text = config(key);
    if (text === undefined || text.trim() === "") return fallback;
    const value = Number(text);
    if (Number.isInteger(value) && value >= min && value <= max) return value;
    const setting = `config ${key}`;
    problems.push({ setting, reason: `${setting} "${text}" must be a whole number from ${min} to ${max}` });
    return fallback;
  }

  function positive(key: string, max: number): number | undefined {
    const text = config(key);
    if (text === undefined || text.trim() === "") return undefined;
    const value = Number(text);
    if (Number.isFinite(value) && value > 0 && value <= max) return value;
    const setting = `config ${key}`;
    problems.push({
      setting,
      reason: `${setting} "${text}" must be a number greater than 0 and at most ${max}`,
    });
    return undefined;
  }

  /** A true/false setting, false unless set: config `alicloud-dbs:<name>`, else env `variable`. */
  function flag(name: string, variable: string): boolean {
    const set = firstSet([
      [`config alicloud-dbs:${name}`, config(`alicloud-dbs:${name}`)],
      [`env ${variable}`, env[variable]],
    ]);
    const value = set?.value.toLowerCase();
    if (set && value !== "true" && value !== "false") {
      problems.push({ setting: set.setting, reason: `${set.setting} "${set.value}" must be true or false` });
    }
    return value === "true";
  }

  const allowInsecureHttp = flag("allowInsecureHttp", "ALIBABA_CLOUD_DBS_ALLOW_INSECURE_HTTP");

  const override = firstSet([
    ["config alicloud-dbs:endpoint", config("alicloud-dbs:endpoint")],
    ["env ALIBABA_CLOUD_DBS_ENDPOINT", env.ALIBABA_CLOUD_DBS_ENDPOINT],
  ]);
  const parsed = override && parseEndpoint(override.value, override.setting, allowInsecureHttp);
  if (override && parsed && "error" in parsed)
    problems.push({ setting: override.setting, reason: parsed.error });

  const sts = firstSet([
    ["config alicloud-dbs:stsEndpoint", config("alicloud-dbs:stsEndpoint")],
    ["env ALIBABA_CLOUD_STS_ENDPOINT", env.ALIBABA_CLOUD_STS_ENDPOINT],
  ]);
  const stsEndpoint = sts && parseStsEndpoint(sts.value, sts.setting);
  if (sts && stsEndpoint && "error" in stsEndpoint)
    problems.push({ setting: sts.setting, reason: stsEndpoint.error });

  const settings: ProviderSettings = {
    keys,
    accessKey: config(keys.accessKey) || undefined,
    secretKey: config(keys.secretKey) || undefined,
    securityToken: config(keys.securityToken) || undefined,
    region: firstSet([
      [`config ${keys.region}`, config(keys.region)],
      ["env ALIBABA_CLOUD_REGION_ID", env.ALIBABA_CLOUD_REGION_ID],
      ["env ALICLOUD_REGION", env.ALICLOUD_REGION],
    ]),
    endpoint: parsed && !("error" in parsed) ? parsed : undefined,
    stsEndpoint: stsEndpoint && !("error" in stsEndpoint) ? stsEndpoint.host : undefined,
    allowInsecureHttp,
    allowUnlistedRegion: flag("allowUnlistedRegion", "ALIBABA_CLOUD_DBS_ALLOW_UNLISTED_REGION"),
    requestTimeoutSeconds: integer("alicloud-dbs:requestTimeoutSeconds", 30, 1, 600),
    maxAttempts: integer("alicloud-dbs:maxAttempts", 5, 1, 20),
    throttlingRetrySeconds: integer("alicloud-dbs:throttlingRetrySeconds", 300, 0, 3600),
    maxRequestsPerSecond: positive("alicloud-dbs:maxRequestsPerSecond", 1000),
    pollScale: 1,
  };
  const scale = env.ALIBABA_CLOUD_DBS_POLL_SCALE;
  if (scale !== undefined && scale.trim() !== "") {
    const value = Number(scale);
    if (Number.isFinite(value) && value > 0 && value <= 1) settings.pollScale = value;
    else {
      const setting = "env ALIBABA_CLOUD_DBS_POLL_SCALE";
      problems.push({
        setting,
        reason: `${setting} "${scale}" must be a number greater than 0 and at most 1`,
      });
    }
  }
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
    const reason = `region is not set: set ${argument}, config ${settings.keys.region} or env ALIBABA_CLOUD_REGION_ID`;
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
      `set config alicloud-dbs:endpoint / env ALIBABA_CLOUD_DBS_ENDPOINT`;
    return { region, failure: { property: "region", reason } };
  }
  return { region };
}

/** The settings an operation runs with: check reports bad settings first; an operation refuses them. */
export function usableSettings({ settings, problems }: SettingsResult): ProviderSettings {
  if (problems.length > 0) throw new Error(problems.map((p) => p.reason).join("; "));
  return settings;
}
