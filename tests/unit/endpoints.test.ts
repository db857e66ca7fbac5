import { strict as assert } from "node:assert";
import { KNOWN_REGIONS, parseEndpoint, regionalEndpoint } from "../../provider/dbs/endpoints";
// dbs/ knows no config keys: the caller says how plain http is allowed.
const HOW_TO_ALLOW_HTTP =
  "set config alicloud-dbs:allowInsecureHttp=true (env ALIBABA_CLOUD_DBS_ALLOW_INSECURE_HTTP=true)";

const SETTING = "config alicloud-dbs:endpoint";

describe("endpoint override parsing", () => {
  const good: [string, boolean, object][] = [
    ["http://127.0.0.1:8080", false, { protocol: "http", host: "127.0.0.1:8080" }],
    ["http://localhost:9", false, { protocol: "http", host: "localhost:9" }],
    ["http://[::1]:9", false, { protocol: "http", host: "[::1]:9" }],
    ["http://127.1.2.3", false, { protocol: "http", host: "127.1.2.3" }],
    [
      "https://dbs-api.cn-hangzhou.aliyuncs.com",
      false,
      { protocol: "https", host: "dbs-api.cn-hangzhou.aliyuncs.com" },
    ],
    [
      "https://dbs-api.cn-hangzhou.aliyuncs.com/",
      false,
      { protocol: "https", host: "dbs-api.cn-hangzhou.aliyuncs.com" },
    ],
    [" dbs.example:8443 ", false, { protocol: "https", host: "dbs.example:8443" }],
    ["HTTP://127.0.0.1:1", false, { protocol: "http", host: "127.0.0.1:1" }],
    ["http://dbs.internal", true, { protocol: "http", host: "dbs.internal" }],
  ];
  for (const [value, insecure, endpoint] of good) {
    it(`accepts ${JSON.stringify(value)}${insecure ? " with allowInsecureHttp" : ""}`, () => {
      assert.deepEqual(parseEndpoint(value, SETTING, insecure, HOW_TO_ALLOW_HTTP), endpoint);
    });
  }

  const bad: [string, string][] = [
    [
      "http://127.0.0.1:99999",
      "is not a URL or host: use e.g. http://127.0.0.1:8080 or dbs-api.cn-hangzhou.aliyuncs.com",
    ],
    ["ftp://127.0.0.1:21", 'has scheme "ftp": only http and https are allowed'],
    ["http://127.0.0.1/dbs", "must be a scheme and host[:port] only, without path, query or credentials"],
    ["https://h.example?x=1", "must be a scheme and host[:port] only, without path, query or credentials"],
    [
      "https://user:pw@h.example",
      "must be a scheme and host[:port] only, without path, query or credentials",
    ],
    [
      "http://dbs.example.com",
      "uses plain http to a non-loopback host; use https, or set config alicloud-dbs:allowInsecureHttp=true (env ALIBABA_CLOUD_DBS_ALLOW_INSECURE_HTTP=true) to accept that",
    ],
  ];
  for (const [value, reason] of bad) {
    it(`refuses ${JSON.stringify(value)}, naming the setting and the value`, () => {
      assert.deepEqual(parseEndpoint(value, SETTING, false, HOW_TO_ALLOW_HTTP), {
        error: `${SETTING} "${value}" ${reason}`,
      });
    });
  }
});

describe("regional endpoints", () => {
  it("send central regions to cn-hangzhou and others to their own host", () => {
    assert.deepEqual(regionalEndpoint("cn-beijing"), {
      protocol: "https",
      host: "dbs-api.cn-hangzhou.aliyuncs.com",
    });
    assert.deepEqual(regionalEndpoint("ap-southeast-1"), {
      protocol: "https",
      host: "dbs-api.ap-southeast-1.aliyuncs.com",
    });
    assert.equal(regionalEndpoint("mars-north-1"), undefined);
    assert.ok(KNOWN_REGIONS.every((region) => regionalEndpoint(region)));
  });
});
