import { strict as assert } from "node:assert";
import { CONFIG_KEYS } from "../../provider/lib/config";
import { checkProviderConfig, pluginSettings } from "../../provider/plugin/config";

describe("plugin provider config", () => {
  it("reads alicloud-dbs:* keys, from stack config (strings) or an explicit provider (typed values)", () => {
    const fromStack = pluginSettings(
      { region: "cn-beijing", maxAttempts: "7", allowInsecureHttp: "true" },
      {},
    ).settings;
    const explicit = pluginSettings(
      { region: "cn-beijing", maxAttempts: 7, allowInsecureHttp: true },
      {},
    ).settings;
    for (const settings of [fromStack, explicit]) {
      assert.deepEqual(
        [settings.region?.setting, settings.maxAttempts, settings.allowInsecureHttp],
        ["config alicloud-dbs:region", 7, true],
      );
    }
  });

  it("accepts a valid config and the keys the engine adds", () => {
    const config = {
      region: "cn-hangzhou",
      endpoint: "http://127.0.0.1:8080",
      accessKey: "AK",
      secretKey: "SK",
      securityToken: "TOK",
      allowInsecureHttp: "false",
      requestTimeoutSeconds: "30",
      maxAttempts: 3,
      throttlingRetrySeconds: "0",
      version: "0.1.0",
    };
    assert.deepEqual(checkProviderConfig(config, {}), []);
    assert.deepEqual(checkProviderConfig({}, {}), []);
  });

  const rows: [
    string,
    Record<string, unknown>,
    Record<string, string>,
    { property: string; reason: string }[],
  ][] = [
    [
      "a key that is not a setting",
      { regoin: "cn-hangzhou" },
      {},
      [
        {
          property: "regoin",
          reason: `alicloud-dbs:regoin is not a setting of this provider; the settings are ${CONFIG_KEYS.join(", ")}`,
        },
      ],
    ],
    [
      "a tuning value that is not a number",
      { maxAttempts: "abc" },
      {},
      [
        {
          property: "maxAttempts",
          reason: 'config alicloud-dbs:maxAttempts "abc" must be a whole number from 1 to 20',
        },
      ],
    ],
    [
      "a boolean of the wrong type",
      { allowInsecureHttp: 1 },
      {},
      [
        {
          property: "allowInsecureHttp",
          reason: 'config alicloud-dbs:allowInsecureHttp "1" must be true or false',
        },
      ],
    ],
    [
      "a malformed region",
      { region: "Hangzhou" },
      {},
      [
        {
          property: "region",
          reason:
            'region "Hangzhou" (from config alicloud-dbs:region) is not a region ID such as "cn-hangzhou"',
        },
      ],
    ],
    [
      "a bad endpoint",
      { endpoint: "ftp://h" },
      {},
      [
        {
          property: "endpoint",
          reason: 'config alicloud-dbs:endpoint "ftp://h" has scheme "ftp": only http and https are allowed',
        },
      ],
    ],
    [
      "a bad endpoint from the environment",
      {},
      { ALIBABA_CLOUD_DBS_ENDPOINT: "http://dbs.example.com" },
      [
        {
          property: "",
          reason:
            'env ALIBABA_CLOUD_DBS_ENDPOINT "http://dbs.example.com" uses plain http to a non-loopback host; use https, or set config alicloud-dbs:allowInsecureHttp=true (env ALIBABA_CLOUD_DBS_ALLOW_INSECURE_HTTP=true) to accept that',
        },
      ],
    ],
    [
      "half an access key",
      { accessKey: "AK" },
      {},
      [{ property: "secretKey", reason: "alicloud-dbs:secretKey is not set while its pair is; set both" }],
    ],
  ];
  for (const [what, config, env, failures] of rows) {
    it(`fails CheckConfig on ${what}, naming the key`, () => {
      assert.deepEqual(checkProviderConfig(config, env), failures);
    });
  }
});
