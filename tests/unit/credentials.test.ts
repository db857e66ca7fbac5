import { strict as assert } from "node:assert";
import { oidcExchangeError, openCredentials } from "../../provider/dbs/credentials";

// dbs/ knows no config keys: the caller names its settings for the messages.
const KEYS = {
  accessKey: "alicloud:accessKey",
  secretKey: "alicloud:secretKey",
  securityToken: "alicloud:securityToken",
  endpoint: "alicloud-dbs:endpoint / ALIBABA_CLOUD_DBS_ENDPOINT",
  stsEndpoint: "alicloud-dbs:stsEndpoint / ALIBABA_CLOUD_STS_ENDPOINT",
};
const ENV = [
  "ALIBABA_CLOUD_ACCESS_KEY_ID",
  "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
  "ALIBABA_CLOUD_SECURITY_TOKEN",
];

describe("credential resolution", () => {
  // The default chain is kept per process (it caches what it resolved); each case starts a new one,
  // and none is left behind for the suites that run after this one in the same process.
  const newChain = () => delete (globalThis as Record<string, unknown>).__pulumiAlicloudDbsCredentialChains;
  beforeEach(newChain);
  after(newChain);
  afterEach(() => ENV.forEach((name) => delete process.env[name]));

  it("takes the configured access key pair and STS token first", async () => {
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = "LTAIenv";
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = "env-secret";
    const credentials = await openCredentials({
      keys: KEYS,
      accessKey: "AK",
      secretKey: "SK",
      securityToken: "TOK",
    });
    assert.deepEqual(await credentials.current(), {
      accessKeyId: "AK",
      accessKeySecret: "SK",
      securityToken: "TOK",
    });
    assert.equal(credentials.source, "config alicloud:accessKey");
    assert.deepEqual(credentials.served(), ["SK", "TOK"]);
  });

  for (const [half, missing] of [
    [{ accessKey: "AK" }, "alicloud:secretKey"],
    [{ secretKey: "SK" }, "alicloud:accessKey"],
  ] as const) {
    it(`refuses half a key pair: ${missing} missing`, async () => {
      await assert.rejects(openCredentials({ keys: KEYS, ...half }), {
        message: `Alibaba Cloud credentials are incomplete: ${missing} is not set while its pair is; set both config keys`,
      });
    });
  }

  it("falls back to the default chain: the ALIBABA_CLOUD_* environment", async () => {
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = "LTAIenv";
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = "env-secret";
    process.env.ALIBABA_CLOUD_SECURITY_TOKEN = "env-token";
    const credentials = await openCredentials({ keys: KEYS });
    const { accessKeyId, accessKeySecret, securityToken } = await credentials.current();
    assert.deepEqual([accessKeyId, accessKeySecret, securityToken], ["LTAIenv", "env-secret", "env-token"]);
    assert.equal(credentials.source, "default chain (default/env)");
    assert.deepEqual(credentials.served(), ["env-secret", "env-token"]);
  });

  it("names every way to provide credentials, with the face's keys, when there are none", async () => {
    const keys = {
      ...KEYS,
      accessKey: "alicloud-dbs:accessKey",
      secretKey: "alicloud-dbs:secretKey",
      securityToken: "alicloud-dbs:securityToken",
    };
    await assert.rejects(openCredentials({ keys }), (error: Error) => {
      assert.match(
        error.message,
        /^No Alibaba Cloud credentials found: set Pulumi config alicloud-dbs:accessKey and alicloud-dbs:secretKey \(--secret; plus alicloud-dbs:securityToken for STS\), or env ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET \(plus ALIBABA_CLOUD_SECURITY_TOKEN\), or an OIDC role \(ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE\), or a profile in ~\/\.aliyun\/config\.json or ~\/\.alibabacloud\/credentials, or an ECS RAM role\. \(default chain: .+\)$/s,
      );
      return true;
    });
  });
});

describe("a failed OIDC exchange: STS's code, RequestId and a hint", () => {
  const sts = (code: string, message: string) =>
    `get sts token failed with OIDC: ${JSON.stringify({
      RequestId: "7A1B-STS",
      HostId: "sts.aliyuncs.com",
      Code: code,
      Message: message,
      Recommend: "https://api.aliyun.com/troubleshoot?q=" + code,
    })}`;
  const rows: [string, string, string | undefined, string][] = [
    [
      "an expired token, from the chain built for an STS endpoint",
      sts("AuthenticationFail.OIDCToken.Expired", "This JsonWebToken is expired."),
      "127.0.0.1:9443",
      "Alibaba Cloud STS refused the OIDC exchange (AssumeRoleWithOIDC at 127.0.0.1:9443): " +
        "AuthenticationFail.OIDCToken.Expired (RequestId 7A1B-STS): This JsonWebToken is expired. " +
        "Hint: the token in ALIBABA_CLOUD_OIDC_TOKEN_FILE has expired: write a fresh one while pulumi runs " +
        "(GitHub's expire about 5 minutes after they are issued; see examples/ci).",
    ],
    [
      "an untrusted provider, inside the default chain's list of every provider's failure",
      "unable to get credentials from any of the providers in the chain: unable to get credentials from enviroment variables, " +
        sts("AuthenticationFail.NoPermission", "There is no permission") +
        ", unable to get credentials from cli profile",
      undefined,
      "Alibaba Cloud STS refused the OIDC exchange (AssumeRoleWithOIDC at the chain's STS endpoint): " +
        "AuthenticationFail.NoPermission (RequestId 7A1B-STS): There is no permission. Hint: check " +
        "ALIBABA_CLOUD_OIDC_PROVIDER_ARN, and that the trust policy of ALIBABA_CLOUD_ROLE_ARN admits this " +
        "provider and the token's subject (examples/ci/README.md).",
    ],
    [
      "a code without a hint",
      sts("Odd.Code", "m"),
      "sts.example",
      "Alibaba Cloud STS refused the OIDC exchange (AssumeRoleWithOIDC at sts.example): Odd.Code (RequestId 7A1B-STS): m.",
    ],
    [
      "no answer from STS",
      "connect ECONNREFUSED 127.0.0.1:9443",
      "127.0.0.1:9443",
      "The OIDC exchange with Alibaba Cloud STS failed (AssumeRoleWithOIDC at 127.0.0.1:9443): connect " +
        "ECONNREFUSED 127.0.0.1:9443. Hint: check that ALIBABA_CLOUD_OIDC_TOKEN_FILE exists and is readable, " +
        "that STS is reachable (alicloud-dbs:stsEndpoint / ALIBABA_CLOUD_STS_ENDPOINT), and that its " +
        "certificate is trusted (NODE_EXTRA_CA_CERTS for a private CA).",
    ],
  ];
  for (const [what, reason, endpoint, expected] of rows) {
    it(what, () => {
      assert.equal(oidcExchangeError(reason, endpoint, KEYS).message, expected);
    });
  }
});
