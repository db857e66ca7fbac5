// Where a DBS client's credentials come from: the configured access key, or the default chain of
// @alicloud/credentials (env keys, an OIDC role, profiles, an ECS RAM role). I/O: the chain may call STS.
import type Credential from "@alicloud/credentials";
import type * as AlicloudCredentials from "@alicloud/credentials";

export interface StaticCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/**
 * How the caller's users set what messages point to; dbs/ knows no config keys. The keys of an access key
 * (they differ between the dynamic resources and the plugin), and where the DBS and STS endpoints are set
 * (e.g. "alicloud-dbs:endpoint / ALIBABA_CLOUD_DBS_ENDPOINT").
 */
export interface SettingNames {
  accessKey: string;
  secretKey: string;
  securityToken: string;
  endpoint: string;
  stsEndpoint: string;
}

export interface CredentialSettings {
  keys: SettingNames;
  accessKey?: string;
  secretKey?: string;
  securityToken?: string;
  /** host[:port] where the chain exchanges an OIDC token. */
  stsEndpoint?: string;
}

/**
 * The credentials to sign each request with. Temporary ones (OIDC, RAM role) are refreshed by the
 * chain before they expire, so a long wait asks for them again before every attempt.
 */
export interface CredentialSource {
  /** Where they come from, for messages and the pacer's key (never a value). */
  readonly source: string;
  /** From the default chain, which renews temporary keys itself (not from config). */
  readonly fromChain: boolean;
  current(): Promise<StaticCredentials>;
  /** Every secret and token served so far, to redact from messages. */
  served(): string[];
}

function options(keys: SettingNames): string {
  return (
    `set Pulumi config ${keys.accessKey} and ${keys.secretKey} (--secret; plus ${keys.securityToken} for STS), ` +
    "or env ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (plus ALIBABA_CLOUD_SECURITY_TOKEN), " +
    "or an OIDC role (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE), " +
    "or a profile in ~/.aliyun/config.json or ~/.alibabacloud/credentials, or an ECS RAM role"
  );
}

const OIDC_VARIABLES = [
  "ALIBABA_CLOUD_ROLE_ARN",
  "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
  "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
];
const ACCESS_KEY_VARIABLES = ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"];

/** The chain's choice: env access keys come first, then an OIDC role. */
function usesOidc(): boolean {
  const set = (name: string) => Boolean(process.env[name]);
  return OIDC_VARIABLES.every(set) && !ACCESS_KEY_VARIABLES.every(set);
}

/**
 * The chain as @alicloud/credentials builds it, except that with an STS endpoint and the OIDC variables
 * (which the chain would use, env access keys coming first) the OIDC exchange goes to that endpoint: the
 * default chain has no option for it.
 */
function newChain(stsEndpoint: string | undefined): Credential {
  // Loaded on first use, like the OpenAPI runtime in client.ts.
  const { default: Chain, Config } = require("@alicloud/credentials") as typeof AlicloudCredentials;
  if (stsEndpoint && usesOidc()) {
    return new Chain(new Config({ type: "oidc_role_arn", stsEndpoint }));
  }
  return new Chain();
}

const OIDC_HINTS: [RegExp, string][] = [
  [
    /^AuthenticationFail\.OIDCToken\.Expired$/,
    "the token in ALIBABA_CLOUD_OIDC_TOKEN_FILE has expired: write a fresh one while pulumi runs (GitHub's expire about 5 minutes after they are issued; see examples/ci)",
  ],
  [
    /^AuthenticationFail\.OIDCToken\.(AudienceNotMatch|IssuerNotMatch)$/,
    "the token's audience or issuer is not the OIDC identity provider's client ID or issuer URL: request it with audience sts.aliyuncs.com, or fix the provider in RAM",
  ],
  [
    /^AuthenticationFail\.OIDCToken\./,
    "ALIBABA_CLOUD_OIDC_TOKEN_FILE must hold the CI system's ID token (a JWT) as it was issued",
  ],
  [
    /^AuthenticationFail\.NoPermission$/,
    "check ALIBABA_CLOUD_OIDC_PROVIDER_ARN, and that the trust policy of ALIBABA_CLOUD_ROLE_ARN admits this provider and the token's subject (examples/ci/README.md)",
  ],
  [/^(EntityNotExist\.Role|InvalidParameter\.RoleArn)$/, "check ALIBABA_CLOUD_ROLE_ARN"],
  [
    /^InvalidParameter\.DurationSeconds$/,
    "the role's maximum session duration must be at least 3600 s, what the credential chain asks for",
  ],
];

/**
 * What the credential chain's error says when the OIDC exchange (AssumeRoleWithOIDC) failed: STS's
 * answer (@alicloud/credentials puts its JSON body into the message) with a hint, or a failure to
 * reach STS or to read the token file.
 */
export function oidcExchangeError(
  reason: string,
  stsEndpoint: string | undefined,
  names: Pick<SettingNames, "stsEndpoint">,
): Error {
  const where = `AssumeRoleWithOIDC at ${stsEndpoint ?? "the chain's STS endpoint"}`;
  const body = /get sts token failed with OIDC: (\{[^{}]*\})/.exec(reason)?.[1];
  let answer: { Code?: unknown; Message?: unknown; RequestId?: unknown } | undefined;
  try {
    answer = body === undefined ? undefined : JSON.parse(body);
  } catch {
    answer = undefined;
  }
  if (answer && typeof answer.Code === "string") {
    const code = answer.Code;
    const request = typeof answer.RequestId === "string" ? ` (RequestId ${answer.RequestId})` : "";
    const message = typeof answer.Message === "string" ? `: ${answer.Message.trim().replace(/\.$/, "")}` : "";
    const hint = OIDC_HINTS.find(([pattern]) => pattern.test(code))?.[1];
    return new Error(
      `Alibaba Cloud STS refused the OIDC exchange (${where}): ${code}${request}${message}.` +
        (hint ? ` Hint: ${hint}.` : ""),
    );
  }
  return new Error(
    `The OIDC exchange with Alibaba Cloud STS failed (${where}): ${reason.trim().replace(/\.$/, "")}. ` +
      "Hint: check that ALIBABA_CLOUD_OIDC_TOKEN_FILE exists and is readable, that STS is reachable " +
      `(${names.stsEndpoint}), and that its certificate is trusted ` +
      "(NODE_EXTRA_CA_CERTS for a private CA).",
  );
}

interface SharedChain {
  chain: Credential;
  stsEndpoint?: string;
  inflight?: Promise<StaticCredentials & { providerName: string }>;
  served: string[];
}

// One chain per process (and STS endpoint): it caches what it resolved until shortly before expiry,
// so OIDC costs one exchange per process, not per resource; concurrent callers share one request.
// On globalThis because Pulumi may copy this module into `__provider` by value, where module-level
// state would not be shared.
const CHAINS_KEY = "__pulumiAlicloudDbsCredentialChains";
type ChainHolder = { [CHAINS_KEY]?: Record<string, SharedChain> };

function sharedChain(stsEndpoint: string | undefined): SharedChain {
  const chains = ((globalThis as ChainHolder)[CHAINS_KEY] ??= {});
  return (chains[stsEndpoint ?? ""] ??= { chain: newChain(stsEndpoint), stsEndpoint, served: [] });
}

async function fromChain(shared: SharedChain, keys: SettingNames) {
  let model;
  try {
    model = await shared.chain.getCredential();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (usesOidc()) throw oidcExchangeError(reason, shared.stsEndpoint, keys);
    throw new Error(`No Alibaba Cloud credentials found: ${options(keys)}. (default chain: ${reason})`);
  }
  if (!model.accessKeyId || !model.accessKeySecret) {
    throw new Error(
      `No Alibaba Cloud access key found (the default chain gave "${model.type}"): ${options(keys)}`,
    );
  }
  for (const secret of [model.accessKeySecret, model.securityToken]) {
    if (secret && !shared.served.includes(secret)) shared.served.push(secret);
  }
  return {
    accessKeyId: model.accessKeyId,
    accessKeySecret: model.accessKeySecret,
    securityToken: model.securityToken || undefined,
    providerName: model.providerName ?? "",
  };
}

/** Credentials that never change: a configured access key (and STS token). */
export function fixedCredentials(credentials: StaticCredentials, source: string): CredentialSource {
  const { accessKeyId, accessKeySecret, securityToken } = credentials;
  const fixed: StaticCredentials = { accessKeyId, accessKeySecret, securityToken };
  const secrets = [accessKeySecret, securityToken].filter((s): s is string => Boolean(s));
  return { source, fromChain: false, current: async () => fixed, served: () => secrets };
}

/** Which half of a configured access key pair is missing, if only one half is set. */
export function missingHalf(pair: {
  accessKey?: string;
  secretKey?: string;
}): "accessKey" | "secretKey" | undefined {
  if (Boolean(pair.accessKey) === Boolean(pair.secretKey)) return undefined;
  return pair.accessKey ? "secretKey" : "accessKey";
}

/** The configured access key wins; otherwise the default chain. Resolves once, so errors surface here. */
export async function openCredentials(settings: CredentialSettings): Promise<CredentialSource> {
  const { keys } = settings;
  if (settings.accessKey || settings.secretKey) {
    const half = missingHalf(settings);
    if (half) {
      throw new Error(
        `Alibaba Cloud credentials are incomplete: ${keys[half]} is not set while its pair is; set both config keys`,
      );
    }
    const { accessKey = "", secretKey = "", securityToken } = settings;
    return fixedCredentials(
      { accessKeyId: accessKey, accessKeySecret: secretKey, securityToken },
      `config ${keys.accessKey}`,
    );
  }
  const shared = sharedChain(settings.stsEndpoint);
  const ask = () =>
    (shared.inflight ??= fromChain(shared, keys).finally(() => (shared.inflight = undefined)));
  // The first request signs with what this resolved: asking again at once would renew short-lived keys twice.
  let unused: ReturnType<typeof ask> | undefined = ask();
  const first = await unused;
  return {
    source: `default chain (${first.providerName || "unnamed"})${settings.stsEndpoint ? ` via STS ${settings.stsEndpoint}` : ""}`,
    fromChain: true,
    current() {
      const next = unused ?? ask();
      unused = undefined;
      return next;
    },
    served: () => shared.served,
  };
}
