import type { Endpoint } from "./dbs/endpoints";
import { parseEndpoint, resolveEndpoint } from "./dbs/endpoints";

/**
 * Provider-wide settings, read in the provider process from the stack config (handed to `configure`)
 * and the environment. Never captured in `__provider`: the values, secrets included, live only in the
 * memory of the process that runs the provider.
 */
export interface ProviderSettings {
  accessKey?: string;
  secretKey?: string;
  securityToken?: string;
  region?: { value: string; setting: string };
  endpoint?: { value: string; setting: string };
  allowInsecureHttp: boolean;
  requestTimeoutSeconds: number;
  maxAttempts: number;
  throttlingRetrySeconds: number;
  /** Test-only (env ALIBABA_CLOUD_DBS_POLL_SCALE): multiplies the waits between status requests. */
  pollScale: number;
}

export type ConfigLookup = (key: string) => string | undefined;
export type Environment = Record<string, string | undefined>;

const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;
const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_THROTTLING_RETRY_SECONDS = 300;

function firstSet(entries: [string, string | undefined][]): { value: string; setting: string } | undefined {
  for (const [setting, value] of entries) {
    if (value !== undefined && value.trim() !== "") return { value: value.trim(), setting };
  }
  return undefined;
}

function positiveInteger(text: string | undefined, fallback: number, setting: string, max: number): number {
  if (text === undefined || text.trim() === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${setting} "${text}" must be a whole number from 1 to ${max}`);
  }
  return value;
}

function pollScale(text: string | undefined): number {
  if (text === undefined || text.trim() === "") return 1;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > 1) {
    throw new Error(
      `env ALIBABA_CLOUD_DBS_POLL_SCALE "${text}" must be a number greater than 0 and at most 1`,
    );
  }
  return value;
}

function wholeNumber(text: string | undefined, fallback: number, setting: string, max: number): number {
  if (text === undefined || text.trim() === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new Error(`${setting} "${text}" must be a whole number from 0 to ${max}`);
  }
  return value;
}

export function readSettings(config: ConfigLookup, env: Environment): ProviderSettings {
  const allowInsecure = config("alicloud-dbs:allowInsecureHttp") ?? env.ALIBABA_CLOUD_DBS_ALLOW_INSECURE_HTTP;
  return {
    accessKey: config("alicloud:accessKey") || undefined,
    secretKey: config("alicloud:secretKey") || undefined,
    securityToken: config("alicloud:securityToken") || undefined,
    region: firstSet([
      ["config alicloud:region", config("alicloud:region")],
      ["env ALIBABA_CLOUD_REGION_ID", env.ALIBABA_CLOUD_REGION_ID],
      ["env ALICLOUD_REGION", env.ALICLOUD_REGION],
    ]),
    endpoint: firstSet([
      ["config alicloud-dbs:endpoint", config("alicloud-dbs:endpoint")],
      ["env ALIBABA_CLOUD_DBS_ENDPOINT", env.ALIBABA_CLOUD_DBS_ENDPOINT],
    ]),
    allowInsecureHttp: allowInsecure?.trim().toLowerCase() === "true",
    requestTimeoutSeconds: positiveInteger(
      config("alicloud-dbs:requestTimeoutSeconds"),
      DEFAULT_REQUEST_TIMEOUT_SECONDS,
      "config alicloud-dbs:requestTimeoutSeconds",
      600,
    ),
    maxAttempts: positiveInteger(
      config("alicloud-dbs:maxAttempts"),
      DEFAULT_MAX_ATTEMPTS,
      "config alicloud-dbs:maxAttempts",
      20,
    ),
    throttlingRetrySeconds: wholeNumber(
      config("alicloud-dbs:throttlingRetrySeconds"),
      DEFAULT_THROTTLING_RETRY_SECONDS,
      "config alicloud-dbs:throttlingRetrySeconds",
      3600,
    ),
    pollScale: pollScale(env.ALIBABA_CLOUD_DBS_POLL_SCALE),
  };
}

/** An error message about the endpoint override, or undefined when it is absent or valid. */
export function endpointOverrideProblem(settings: ProviderSettings): string | undefined {
  if (!settings.endpoint) return undefined;
  const parsed = parseEndpoint(
    settings.endpoint.value,
    settings.endpoint.setting,
    settings.allowInsecureHttp,
  );
  return "error" in parsed ? parsed.error : undefined;
}

export function endpointFor(settings: ProviderSettings, region: string): Endpoint {
  const endpoint = resolveEndpoint({
    override: settings.endpoint,
    region,
    allowInsecureHttp: settings.allowInsecureHttp,
  });
  if ("error" in endpoint) throw new Error(endpoint.error);
  return endpoint;
}

// The dynamic-provider host deserializes the provider once per distinct `__provider` text and calls its
// `configure` before any other method; all copies in one process share the stack config, so it is kept
// process-wide rather than on a provider object that is rebuilt from text.
const SETTINGS_KEY = "__pulumiAlicloudDbsConfig";
type SettingsHolder = { [SETTINGS_KEY]?: ConfigLookup };

export function rememberConfig(config: ConfigLookup): void {
  (globalThis as SettingsHolder)[SETTINGS_KEY] = config;
}

/** Settings from the remembered stack config (none outside `pulumi up`) and the current environment. */
export function currentSettings(): ProviderSettings {
  const config = (globalThis as SettingsHolder)[SETTINGS_KEY] ?? (() => undefined);
  return readSettings(config, process.env);
}
