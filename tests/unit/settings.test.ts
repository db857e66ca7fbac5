import { strict as assert } from "node:assert";
import { KNOWN_REGIONS } from "../../provider/dbs/endpoints";
import { readSettings, resolveRegion, usableSettings } from "../../provider/lib/settings";
import { DYNAMIC_CONFIG_KEYS } from "../../provider/dynamic/provider";
import { configKeys } from "../../provider/lib/config";

const PLUGIN_LIKE = configKeys("plugin");

function read(config: Record<string, string>, env: Record<string, string> = {}, keys = DYNAMIC_CONFIG_KEYS) {
  return readSettings(keys, (key) => config[key], env);
}

describe("provider settings", () => {
  it("have defaults", () => {
    const { settings, problems } = read({});
    assert.deepEqual(problems, []);
    assert.deepEqual(
      {
        region: settings.region,
        endpoint: settings.endpoint,
        stsEndpoint: settings.stsEndpoint,
        allowInsecureHttp: settings.allowInsecureHttp,
        requestTimeoutSeconds: settings.requestTimeoutSeconds,
        maxAttempts: settings.maxAttempts,
        throttlingRetrySeconds: settings.throttlingRetrySeconds,
        pollScale: settings.pollScale,
      },
      {
        region: undefined,
        endpoint: undefined,
        stsEndpoint: undefined,
        allowInsecureHttp: false,
        requestTimeoutSeconds: 30,
        maxAttempts: 5,
        throttlingRetrySeconds: 300,
        pollScale: 1,
      },
    );
  });

  it("read the face's own region and credential keys, and the shared alicloud-dbs:* keys", () => {
    const config = {
      "alicloud-dbs:region": "cn-beijing",
      "alicloud-dbs:accessKey": "AK",
      "alicloud-dbs:secretKey": "SK",
      "alicloud:region": "cn-shanghai",
      "alicloud-dbs:maxAttempts": "7",
    };
    const plugin = read(config, {}, PLUGIN_LIKE).settings;
    assert.deepEqual(
      [plugin.region, plugin.accessKey, plugin.secretKey, plugin.maxAttempts],
      [{ value: "cn-beijing", setting: "config alicloud-dbs:region" }, "AK", "SK", 7],
    );
    const dynamic = read(config).settings;
    assert.deepEqual(
      [dynamic.region?.value, dynamic.accessKey, dynamic.maxAttempts],
      ["cn-shanghai", undefined, 7],
    );
  });

  it("take the endpoint override from config before env, parsed", () => {
    const { settings } = read(
      { "alicloud-dbs:endpoint": "http://127.0.0.1:8080" },
      { ALIBABA_CLOUD_DBS_ENDPOINT: "x.example" },
    );
    assert.deepEqual(settings.endpoint, { protocol: "http", host: "127.0.0.1:8080" });
    assert.deepEqual(read({}, { ALIBABA_CLOUD_DBS_ENDPOINT: "dbs.example:444" }).settings.endpoint, {
      protocol: "https",
      host: "dbs.example:444",
    });
  });

  const bad: [string, Record<string, string>, Record<string, string>, string][] = [
    [
      "maxAttempts not a number",
      { "alicloud-dbs:maxAttempts": "abc" },
      {},
      'config alicloud-dbs:maxAttempts "abc" must be a whole number from 1 to 20',
    ],
    [
      "maxAttempts 0",
      { "alicloud-dbs:maxAttempts": "0" },
      {},
      'config alicloud-dbs:maxAttempts "0" must be a whole number from 1 to 20',
    ],
    [
      "maxAttempts 21",
      { "alicloud-dbs:maxAttempts": "21" },
      {},
      'config alicloud-dbs:maxAttempts "21" must be a whole number from 1 to 20',
    ],
    [
      "fractional timeout",
      { "alicloud-dbs:requestTimeoutSeconds": "1.5" },
      {},
      'config alicloud-dbs:requestTimeoutSeconds "1.5" must be a whole number from 1 to 600',
    ],
    [
      "timeout over 600",
      { "alicloud-dbs:requestTimeoutSeconds": "601" },
      {},
      'config alicloud-dbs:requestTimeoutSeconds "601" must be a whole number from 1 to 600',
    ],
    [
      "negative throttling budget",
      { "alicloud-dbs:throttlingRetrySeconds": "-1" },
      {},
      'config alicloud-dbs:throttlingRetrySeconds "-1" must be a whole number from 0 to 3600',
    ],
    [
      "allowInsecureHttp not a boolean",
      { "alicloud-dbs:allowInsecureHttp": "yes" },
      {},
      'config alicloud-dbs:allowInsecureHttp "yes" must be true or false',
    ],
    [
      "poll scale over 1",
      {},
      { ALIBABA_CLOUD_DBS_POLL_SCALE: "2" },
      'env ALIBABA_CLOUD_DBS_POLL_SCALE "2" must be a number greater than 0 and at most 1',
    ],
    [
      "STS endpoint over http",
      { "alicloud-dbs:stsEndpoint": "http://127.0.0.1:9443" },
      {},
      'config alicloud-dbs:stsEndpoint "http://127.0.0.1:9443" uses http: the credential chain calls STS over https only',
    ],
    [
      "STS endpoint with a path",
      {},
      { ALIBABA_CLOUD_STS_ENDPOINT: "sts.example.com/v1" },
      'env ALIBABA_CLOUD_STS_ENDPOINT "sts.example.com/v1" must be a scheme and host[:port] only, without path, query or credentials',
    ],
    [
      "endpoint scheme",
      {},
      { ALIBABA_CLOUD_DBS_ENDPOINT: "ftp://h" },
      'env ALIBABA_CLOUD_DBS_ENDPOINT "ftp://h" has scheme "ftp": only http and https are allowed',
    ],
  ];
  for (const [what, config, env, problem] of bad) {
    it(`report a bad setting instead of throwing: ${what}`, () => {
      const result = read(config, env);
      assert.deepEqual(
        result.problems.map((p) => p.reason),
        [problem],
      );
      assert.ok(problem.startsWith(result.problems[0].setting));
      assert.throws(() => usableSettings(result), { message: problem });
    });
  }

  it("take the STS endpoint from config before env, as the host the credential chain calls", () => {
    const env = { ALIBABA_CLOUD_STS_ENDPOINT: "sts-vpc.cn-shanghai.aliyuncs.com" };
    assert.equal(read({}, env).settings.stsEndpoint, "sts-vpc.cn-shanghai.aliyuncs.com");
    const config = { "alicloud-dbs:stsEndpoint": "https://127.0.0.1:9443" };
    assert.equal(read(config, env).settings.stsEndpoint, "127.0.0.1:9443");
  });

  it("accept the bounds", () => {
    const { problems, settings } = read({
      "alicloud-dbs:maxAttempts": "20",
      "alicloud-dbs:requestTimeoutSeconds": "1",
      "alicloud-dbs:throttlingRetrySeconds": "0",
      "alicloud-dbs:allowInsecureHttp": "TRUE",
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(
      [
        settings.maxAttempts,
        settings.requestTimeoutSeconds,
        settings.throttlingRetrySeconds,
        settings.allowInsecureHttp,
      ],
      [20, 1, 0, true],
    );
  });

  it("let allowInsecureHttp admit a plain-http endpoint on another host", () => {
    const config = {
      "alicloud-dbs:endpoint": "http://dbs.internal:8080",
      "alicloud-dbs:allowInsecureHttp": "true",
    };
    assert.deepEqual(read(config).settings.endpoint, { protocol: "http", host: "dbs.internal:8080" });
  });
});

describe("region resolution", () => {
  const configured = read({ "alicloud:region": "cn-beijing" }).settings;

  it("prefers the argument, then names where the value came from in a failure", () => {
    assert.deepEqual(resolveRegion("eu-central-1", configured, "the region argument"), {
      region: "eu-central-1",
    });
    assert.deepEqual(resolveRegion(undefined, configured, "the region argument"), { region: "cn-beijing" });
    assert.equal(
      resolveRegion(undefined, read({ "alicloud:region": "Beijing" }).settings, "x").failure?.reason,
      'region "Beijing" (from config alicloud:region) is not a region ID such as "cn-hangzhou"',
    );
  });

  it("names the face's key when no region is set", () => {
    assert.equal(
      resolveRegion(undefined, read({}, {}, PLUGIN_LIKE).settings, "the region argument").failure?.reason,
      "region is not set: set the region argument, config alicloud-dbs:region or env ALIBABA_CLOUD_REGION_ID",
    );
  });

  it("refuses an unlisted region even with an endpoint override, suggesting a near miss", () => {
    const overridden = read({
      "alicloud-dbs:endpoint": "http://127.0.0.1:1",
      "alicloud:region": "cn-hangzou",
    });
    assert.equal(
      resolveRegion(undefined, overridden.settings, "x").failure?.reason,
      'region "cn-hangzou" (from config alicloud:region) is not a region DBS serves (did you mean "cn-hangzhou"?); ' +
        `use one of ${KNOWN_REGIONS.join(", ")}, or for a private or new region set ` +
        "config alicloud-dbs:allowUnlistedRegion=true (env ALIBABA_CLOUD_DBS_ALLOW_UNLISTED_REGION=true)",
    );
  });

  it("accepts an unlisted region with allowUnlistedRegion (config or env), which then needs an endpoint", () => {
    const endpoint = { "alicloud-dbs:endpoint": "http://127.0.0.1:1" };
    const byConfig = read({ ...endpoint, "alicloud-dbs:allowUnlistedRegion": "true" }).settings;
    assert.deepEqual(resolveRegion("mars-north-1", byConfig, "x"), { region: "mars-north-1" });
    const byEnv = read(endpoint, { ALIBABA_CLOUD_DBS_ALLOW_UNLISTED_REGION: "TRUE" }).settings;
    assert.deepEqual(resolveRegion("mars-north-1", byEnv, "x"), { region: "mars-north-1" });
    const noEndpoint = read({ "alicloud-dbs:allowUnlistedRegion": "true" }).settings;
    assert.equal(
      resolveRegion("mars-north-1", noEndpoint, "x").failure?.reason,
      'region "mars-north-1" (from the region argument) is not listed, so it has no known DBS endpoint: ' +
        "set config alicloud-dbs:endpoint / env ALIBABA_CLOUD_DBS_ENDPOINT",
    );
    assert.deepEqual(read({ "alicloud-dbs:allowUnlistedRegion": "yes" }).problems, [
      {
        setting: "config alicloud-dbs:allowUnlistedRegion",
        reason: 'config alicloud-dbs:allowUnlistedRegion "yes" must be true or false',
      },
    ]);
  });
});
