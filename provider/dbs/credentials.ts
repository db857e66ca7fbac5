import type Credential from "@alicloud/credentials";

export interface StaticCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  /** Where they came from, for messages (never the values). */
  source: string;
}

/** The config keys that hold an access key, for messages: they differ between the dynamic resources and the plugin. */
export interface CredentialKeys {
  accessKey: string;
  secretKey: string;
  securityToken: string;
}

export interface CredentialSettings {
  keys: CredentialKeys;
  accessKey?: string;
  secretKey?: string;
  securityToken?: string;
}

function options(keys: CredentialKeys): string {
  return (
    `set Pulumi config ${keys.accessKey} and ${keys.secretKey} (--secret; plus ${keys.securityToken} for STS), ` +
    "or env ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (plus ALIBABA_CLOUD_SECURITY_TOKEN), " +
    "or an OIDC role (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE), " +
    "or a profile in ~/.aliyun/config.json or ~/.alibabacloud/credentials, or an ECS RAM role"
  );
}

// One default chain per process: it caches what it resolved (an OIDC or RAM-role exchange with STS)
// until shortly before expiry, instead of one exchange per resource. Kept on globalThis because Pulumi
// may copy this module into `__provider` by value, where module-level state would not be shared.
const CHAIN_KEY = "__pulumiAlicloudDbsCredentialChain";
type ChainHolder = { [CHAIN_KEY]?: Credential };

function defaultChain(): Credential {
  const holder = globalThis as ChainHolder;
  // Loaded on first use, like the OpenAPI runtime in client.ts.
  const { default: DefaultChain } = require("@alicloud/credentials") as { default: typeof Credential };
  return (holder[CHAIN_KEY] ??= new DefaultChain());
}

/** The configured access key wins; otherwise the default chain of @alicloud/credentials. */
export async function resolveCredentials(settings: CredentialSettings): Promise<StaticCredentials> {
  const { keys } = settings;
  if (settings.accessKey || settings.secretKey) {
    if (!settings.accessKey || !settings.secretKey) {
      const missing = settings.accessKey ? keys.secretKey : keys.accessKey;
      throw new Error(
        `Alibaba Cloud credentials are incomplete: ${missing} is not set while its pair is; set both config keys`,
      );
    }
    return {
      accessKeyId: settings.accessKey,
      accessKeySecret: settings.secretKey,
      securityToken: settings.securityToken,
      source: `config ${keys.accessKey}`,
    };
  }
  let model;
  try {
    model = await defaultChain().getCredential();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`No Alibaba Cloud credentials found: ${options(keys)}. (default chain: ${reason})`);
  }
  if (!model.accessKeyId || !model.accessKeySecret) {
    throw new Error(
      `No Alibaba Cloud access key found (the default chain gave "${model.type}"): ${options(keys)}`,
    );
  }
  return {
    accessKeyId: model.accessKeyId,
    accessKeySecret: model.accessKeySecret,
    securityToken: model.securityToken || undefined,
    source: model.providerName ? `default chain (${model.providerName})` : "default chain",
  };
}
