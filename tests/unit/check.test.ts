import { strict as assert } from "node:assert";
import { checkResource } from "../../provider/lib/definition";
import { UNKNOWN } from "../../provider/lib/values";
import { fullBackupSetDownload } from "../../provider/resources/fullBackupSetDownload";
import { incrementBackupSetDownload } from "../../provider/resources/incrementBackupSetDownload";
import { readSettings } from "../../provider/lib/settings";
import type { SettingsResult } from "../../provider/lib/settings";
import { DYNAMIC_CONFIG_KEYS } from "../../provider/dynamic/provider";

const scope = { project: "shop", stack: "prod", name: "nightly" };

function settings(config: Record<string, string> = {}, env: Record<string, string> = {}): SettingsResult {
  return readSettings(DYNAMIC_CONFIG_KEYS, (key) => config[key], env);
}

const regional = settings({ "alicloud:region": "cn-hangzhou" });

function check(
  news: Record<string, unknown>,
  s: SettingsResult = regional,
  olds: Record<string, unknown> = {},
  binlog = false,
) {
  // As the dynamic face runs it: its class passes tokenScope.
  const definition = binlog ? incrementBackupSetDownload : fullBackupSetDownload;
  return checkResource(definition, olds, news, s, scope, ["tokenScope"]);
}

/** The checked inputs of a check that must pass. */
function inputs(news: Record<string, unknown>, s: SettingsResult = regional, olds = {}) {
  const result = check(news, s, olds);
  assert.deepEqual(result.failures, []);
  const checked: Record<string, unknown> = { ...result.inputs };
  return checked;
}

describe("check: what it fills in", () => {
  it("the default format, the region from config, the wait defaults and a derived token", () => {
    assert.deepEqual(inputs({ backupSetId: "dbs1hv01" }), {
      backupSetId: "dbs1hv01",
      backupSetDataFormat: "CSV",
      region: "cn-hangzhou",
      waitForCompletion: false,
      timeoutMinutes: 30,
      // The token release 0.1.0 derived for the same scope and inputs.
      clientToken: "pdbs1-830aab3175c5f59ced00af995b0a551790103187",
      clientTokenSource: "pdbs1",
    });
  });

  it("the incremental kind's own properties and its default format Native", () => {
    const result = check({ backupSetId: "dbsjob01", backupSetName: "mysql-bin.000054" }, regional, {}, true);
    const checked: Record<string, unknown> = { ...result.inputs };
    assert.equal(checked.backupSetDataFormat, "Native");
    assert.equal(checked.backupSetName, "mysql-bin.000054");
  });

  it("keeps only the task's own inputs: nothing else the program or host passed is stored", () => {
    const checked = inputs({ backupSetId: "b", __provider: "code", tokenScope: scope });
    assert.deepEqual(Object.keys(checked).sort(), [
      "backupSetDataFormat",
      "backupSetId",
      "clientToken",
      "clientTokenSource",
      "region",
      "timeoutMinutes",
      "waitForCompletion",
    ]);
  });

  it("prefers the region argument over config and env, and config over env", () => {
    const s = settings({ "alicloud:region": "cn-beijing" }, { ALIBABA_CLOUD_REGION_ID: "cn-shanghai" });
    assert.equal(inputs({ backupSetId: "b", region: "eu-central-1" }, s).region, "eu-central-1");
    assert.equal(inputs({ backupSetId: "b" }, s).region, "cn-beijing");
    assert.equal(
      inputs({ backupSetId: "b" }, settings({}, { ALICLOUD_REGION: "ap-south-1" })).region,
      "ap-south-1",
    );
  });

  it("keeps an explicit token and marks it explicit", () => {
    const checked = inputs({ backupSetId: "b", clientToken: "my-token-1" });
    assert.equal(checked.clientToken, "my-token-1");
    assert.equal(checked.clientTokenSource, "explicit");
  });

  it("keeps the wait arguments it is given, without changing the token", () => {
    const waiting = inputs({ backupSetId: "b", waitForCompletion: true, timeoutMinutes: 0.5 });
    assert.equal(waiting.waitForCompletion, true);
    assert.equal(waiting.timeoutMinutes, 0.5);
    assert.equal(waiting.clientToken, inputs({ backupSetId: "b" }).clientToken);
    assert.deepEqual(check({ backupSetId: "b", timeoutMinutes: 1440 }).failures, []);
  });

  it("passes unknown (preview) values through without deriving a token", () => {
    const checked = inputs({ backupSetId: UNKNOWN, region: UNKNOWN });
    assert.equal(checked.backupSetId, UNKNOWN);
    assert.equal(checked.clientToken, UNKNOWN);
  });

  it("keeps the stored token while the inputs it came from and the scope are unchanged", () => {
    const olds = { ...inputs({ backupSetId: "b" }), tokenScope: scope, clientToken: "pdbs1-stored" };
    assert.equal(inputs({ backupSetId: "b" }, regional, olds).clientToken, "pdbs1-stored");
    assert.notEqual(inputs({ backupSetId: "c" }, regional, olds).clientToken, "pdbs1-stored");
    const renamed = { ...olds, tokenScope: { ...scope, stack: "prod2" } };
    assert.notEqual(inputs({ backupSetId: "b" }, regional, renamed).clientToken, "pdbs1-stored");
    const { tokenScope: _none, ...unscoped } = olds;
    assert.equal(inputs({ backupSetId: "b" }, regional, unscoped).clientToken, "pdbs1-stored");
  });

  it("derives the token from project, stack, name, action, region, parameters and triggers", () => {
    const base = inputs({ backupSetId: "b" }).clientToken;
    const others = [
      fullBackupSetDownload.check({}, { backupSetId: "b" }, regional, { ...scope, project: "p2" }),
      fullBackupSetDownload.check({}, { backupSetId: "b" }, regional, { ...scope, name: "other" }),
      check({ backupSetId: "b", region: "cn-beijing" }),
      check({ backupSetId: "b", backupSetDataFormat: "SQL" }),
      check({ backupSetId: "b", triggers: ["v2"] }),
      check({ backupSetId: "b", backupSetName: "x" }, regional, {}, true),
    ].map((result) => result.inputs?.clientToken);
    assert.equal(new Set([base, ...others]).size, others.length + 1);
  });
});

const TOKEN_RULE = "is not allowed: use 1 to 64 printable ASCII characters without spaces";
const TIMEOUT_RULE = "timeoutMinutes must be a number of minutes greater than 0 and at most 1440, got";
const FORMATS = "use one of Native, SQL, CSV, JSON";

interface Row {
  what: string;
  kind?: "full" | "binlog";
  /** Replaces inputs of a valid resource; `undefined` removes one. */
  change: Record<string, unknown>;
  /** Provider settings instead of config alicloud:region = cn-hangzhou. */
  config?: Record<string, string>;
  env?: Record<string, string>;
  property: string;
  reason: RegExp;
}

const VALID = {
  full: { backupSetId: "dbsset0001", backupSetDataFormat: "SQL" },
  binlog: { backupSetId: "dbsjob0054", backupSetName: "mysql-bin.000054" },
};

function deeplyNested(depth: number): unknown {
  let value: unknown = "leaf";
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
}

const ROWS: Row[] = [
  ...[
    ["empty backupSetId", ""],
    ["missing backupSetId", undefined],
  ].map(([what, value]) => ({
    what: what as string,
    change: { backupSetId: value },
    property: "backupSetId",
    reason: /^backupSetId is required: a backup set ID such as "dbs1hv\*\*\*\*"$/,
  })),
  {
    what: "whitespace backupSetId",
    change: { backupSetId: "   " },
    property: "backupSetId",
    reason:
      /^backupSetId " {3}" is not allowed: character 1 is a space; use printable ASCII characters without spaces \(letters, digits, punctuation\) such as "dbs1hv\*\*\*\*"$/,
  },
  ...(
    [
      ["NUL", "dbs\u0000set", '"dbs\\\\u0000set"', "the control character U\\+0000"],
      ["BEL", "dbsset\u0007", '"dbsset\\\\u0007"', "the control character U\\+0007"],
      [
        "a right-to-left override",
        "dbs\u202eset",
        '"dbs\\\\u202eset"',
        "the bidirectional control character U\\+202E",
      ],
      [
        "a first-strong isolate",
        "dbs\u2068set",
        '"dbs\\\\u2068set"',
        "the bidirectional control character U\\+2068",
      ],
      ["a zero-width space", "dbs\u200bset", '"dbs\\\\u200bset"', "the invisible character U\\+200B"],
      ["a non-ASCII letter", "dbssét", '"dbssét"', "the non-ASCII character U\\+00E9"],
    ] as const
  ).map(([what, value, shown, kind]) => ({
    what: `backupSetId with ${what}`,
    change: { backupSetId: value },
    property: "backupSetId",
    reason: new RegExp(
      `^backupSetId ${shown} is not allowed: character ${value.search(/[^!-~]/) + 1} is ${kind};`,
    ),
  })),
  {
    what: "an unknown input (constructor)",
    change: { constructor: "x" },
    property: "constructor",
    reason:
      /^"constructor" is not an input of FullBackupSetDownload; its inputs are backupSetId, backupSetDataFormat, region, clientToken, triggers, waitForCompletion, timeoutMinutes$/,
  },
  {
    what: "triggers nested 2,000 deep",
    change: { triggers: deeplyNested(2000) },
    property: "triggers",
    reason:
      /^triggers is nested more than 32 levels deep; at most 32 levels of arrays and objects are allowed$/,
  },
  {
    what: "triggers of 5 MB",
    change: { triggers: ["x".repeat(5_000_000)] },
    property: "triggers",
    reason: /^triggers is 5000004 bytes as JSON; at most 65536 bytes are allowed$/,
  },
  {
    what: "backupSetId with a space",
    change: { backupSetId: "dbs set01" },
    property: "backupSetId",
    reason: /^backupSetId "dbs set01" is not allowed: character 4 is a space;/,
  },
  {
    what: "backupSetId as a number",
    change: { backupSetId: 42 },
    property: "backupSetId",
    reason: /^backupSetId must be a string such as "dbs1hv\*\*\*\*", got number 42$/,
  },
  {
    what: "too long backupSetId",
    change: { backupSetId: "d".repeat(129) },
    property: "backupSetId",
    reason: /^backupSetId "d{80}…" is 129 characters long; at most 128 are allowed$/,
  },
  {
    what: "format in the wrong case",
    change: { backupSetDataFormat: "sql" },
    property: "backupSetDataFormat",
    reason: new RegExp(
      `^backupSetDataFormat "sql" is not allowed: ${FORMATS} \\(values are case-sensitive: did you mean "SQL"\\?\\)$`,
    ),
  },
  {
    what: "unknown format",
    change: { backupSetDataFormat: "XML" },
    property: "backupSetDataFormat",
    reason: new RegExp(`^backupSetDataFormat "XML" is not allowed: ${FORMATS}$`),
  },
  {
    what: "empty format",
    change: { backupSetDataFormat: "" },
    property: "backupSetDataFormat",
    reason: new RegExp(`^backupSetDataFormat "" is not allowed: ${FORMATS}$`),
  },
  {
    what: "format as a number",
    change: { backupSetDataFormat: 3 },
    property: "backupSetDataFormat",
    reason: new RegExp(`^backupSetDataFormat number 3 is not allowed: ${FORMATS}$`),
  },
  {
    what: "65-character clientToken",
    change: { clientToken: "t".repeat(65) },
    property: "clientToken",
    reason: new RegExp(
      `^clientToken "t{65}" ${TOKEN_RULE} \\(got 65 characters\\), or leave it unset to derive one$`,
    ),
  },
  {
    what: "non-ASCII clientToken",
    change: { clientToken: "tökén-1" },
    property: "clientToken",
    reason: new RegExp(`^clientToken "tökén-1" ${TOKEN_RULE} \\(got 7 characters\\)`),
  },
  {
    what: "clientToken with a space",
    change: { clientToken: "my token" },
    property: "clientToken",
    reason: new RegExp(`^clientToken "my token" ${TOKEN_RULE} \\(got 8 characters\\)`),
  },
  {
    what: "empty clientToken",
    change: { clientToken: "" },
    property: "clientToken",
    reason: new RegExp(`^clientToken "" ${TOKEN_RULE} \\(got 0 characters\\)`),
  },
  {
    what: "clientToken as a number",
    change: { clientToken: 12345 },
    property: "clientToken",
    reason: /^clientToken must be a string, got number 12345$/,
  },
  ...[
    ["negative", -5, "-5"],
    ["zero", 0, "0"],
    ["absurd", 1e9, "1000000000"],
    ["a string", "30", '"30"'],
  ].map(([what, value, shown]) => ({
    what: `timeoutMinutes ${what}`,
    change: { timeoutMinutes: value },
    property: "timeoutMinutes",
    reason: new RegExp(`^${TIMEOUT_RULE} ${shown}$`),
  })),
  {
    what: "non-boolean waitForCompletion",
    change: { waitForCompletion: "yes" },
    property: "waitForCompletion",
    reason: /^waitForCompletion must be true or false, got "yes"$/,
  },
  {
    what: "waitForCompletion as 1",
    change: { waitForCompletion: 1 },
    property: "waitForCompletion",
    reason: /^waitForCompletion must be true or false, got 1$/,
  },
  {
    what: "triggers as a string",
    change: { triggers: "release-7" },
    property: "triggers",
    reason: /^triggers must be an array or an object of values, got "release-7"$/,
  },
  {
    what: "malformed region",
    change: { region: "CN_Hangzhou" },
    property: "region",
    reason: /^region "CN_Hangzhou" \(from the region argument\) is not a region ID such as "cn-hangzhou"$/,
  },
  {
    what: "empty region",
    change: { region: "" },
    property: "region",
    reason: /^region "" \(from the region argument\) is not a region ID such as "cn-hangzhou"$/,
  },
  {
    what: "region as a number",
    change: { region: 42 },
    property: "region",
    reason: /^region number 42 \(from the region argument\) is not a region ID/,
  },
  {
    what: "malformed region from config",
    change: {},
    config: { "alicloud:region": "Hangzhou" },
    property: "region",
    reason: /^region "Hangzhou" \(from config alicloud:region\) is not a region ID such as "cn-hangzhou"$/,
  },
  {
    what: "incremental without backupSetName",
    kind: "binlog",
    change: { backupSetName: undefined },
    property: "backupSetName",
    reason: /^backupSetName is required: a binlog file name such as "mysql-bin\.00\*\*\*\*"$/,
  },
  {
    what: "incremental backupSetName with a space",
    kind: "binlog",
    change: { backupSetName: "mysql-bin 54" },
    property: "backupSetName",
    reason:
      /^backupSetName "mysql-bin 54" is not allowed: character 10 is a space; .* such as "mysql-bin\.00\*\*\*\*"$/,
  },
  {
    what: "incremental empty backupSetId",
    kind: "binlog",
    change: { backupSetId: "" },
    property: "backupSetId",
    reason: /^backupSetId is required: a backup set ID such as "dbsjob\*\*\*\*"$/,
  },
  {
    what: "incremental format in the wrong case",
    kind: "binlog",
    change: { backupSetDataFormat: "native" },
    property: "backupSetDataFormat",
    reason: /did you mean "Native"\?\)$/,
  },
  {
    what: "incremental timeoutMinutes as null",
    kind: "binlog",
    change: { timeoutMinutes: null },
    property: "timeoutMinutes",
    reason: new RegExp(`^${TIMEOUT_RULE} null$`),
  },
  {
    what: "missing region (no arg, config or env)",
    change: {},
    config: {},
    property: "region",
    reason:
      /^region is not set: set the resource's region argument, config alicloud:region or env ALIBABA_CLOUD_REGION_ID$/,
  },
  {
    what: "unknown region",
    change: { region: "mars-west-1" },
    property: "region",
    reason:
      /^region "mars-west-1" \(from the region argument\) is not a region DBS serves; use one of cn-hangzhou, .*me-east-1, or for a private or new region set config alicloud-dbs:allowUnlistedRegion=true \(env ALIBABA_CLOUD_DBS_ALLOW_UNLISTED_REGION=true\)$/,
  },
  {
    what: "a near miss of a listed region",
    change: { region: "cn-hangzou" },
    property: "region",
    reason:
      /^region "cn-hangzou" \(from the region argument\) is not a region DBS serves \(did you mean "cn-hangzhou"\?\); use one of /,
  },
  {
    what: "malformed endpoint URL (config)",
    change: {},
    config: { "alicloud:region": "cn-hangzhou", "alicloud-dbs:endpoint": "http://127.0.0.1:99999" },
    property: "",
    reason:
      /^config alicloud-dbs:endpoint "http:\/\/127\.0\.0\.1:99999" is not a URL or host: use e\.g\. http:\/\/127\.0\.0\.1:8080 or dbs-api\.cn-hangzhou\.aliyuncs\.com$/,
  },
  {
    what: "endpoint with a path (env)",
    change: {},
    env: { ALIBABA_CLOUD_DBS_ENDPOINT: "http://127.0.0.1:8080/dbs" },
    property: "",
    reason:
      /^env ALIBABA_CLOUD_DBS_ENDPOINT "http:\/\/127\.0\.0\.1:8080\/dbs" must be a scheme and host\[:port\] only, without path, query or credentials$/,
  },
  {
    what: "ftp:// endpoint (config)",
    change: {},
    config: { "alicloud:region": "cn-hangzhou", "alicloud-dbs:endpoint": "ftp://127.0.0.1:21" },
    property: "",
    reason:
      /^config alicloud-dbs:endpoint "ftp:\/\/127\.0\.0\.1:21" has scheme "ftp": only http and https are allowed$/,
  },
  {
    what: "http:// to a non-loopback host (env)",
    change: {},
    env: { ALIBABA_CLOUD_DBS_ENDPOINT: "http://dbs.internal.example:8080" },
    property: "",
    reason:
      /^env ALIBABA_CLOUD_DBS_ENDPOINT "http:\/\/dbs\.internal\.example:8080" uses plain http to a non-loopback host; use https, or set config alicloud-dbs:allowInsecureHttp=true/,
  },
  {
    what: "a tuning setting that is not a number",
    change: {},
    config: { "alicloud:region": "cn-hangzhou", "alicloud-dbs:maxAttempts": "abc" },
    property: "",
    reason: /^config alicloud-dbs:maxAttempts "abc" must be a whole number from 1 to 20$/,
  },
];

describe("check: every bad input fails with the property, the value and what is allowed", () => {
  it("each valid resource passes", () => {
    assert.deepEqual(check(VALID.full).failures, []);
    assert.deepEqual(check(VALID.binlog, regional, {}, true).failures, []);
  });

  for (const row of ROWS) {
    it(`${row.what}: ${row.property || "(provider setting)"}`, () => {
      const news = { ...VALID[row.kind ?? "full"], ...row.change };
      const s =
        row.config || row.env
          ? settings(row.config ?? { "alicloud:region": "cn-hangzhou" }, row.env)
          : regional;
      const result = check(news, s, {}, row.kind === "binlog");
      assert.equal(result.inputs, undefined);
      assert.equal(result.failures.length, 1, JSON.stringify(result.failures));
      assert.equal(result.failures[0].property, row.property);
      assert.match(result.failures[0].reason, row.reason);
    });
  }

  it("reports every problem at once", () => {
    const { failures } = check({ backupSetId: "", backupSetDataFormat: "xml", timeoutMinutes: -1 });
    assert.deepEqual(
      failures.map((f) => f.property),
      ["backupSetId", "backupSetDataFormat", "timeoutMinutes"],
    );
  });
});

describe("checkedInputs: what an operation accepts", () => {
  it("passes what check produced", () => {
    const checked = inputs(VALID.full);
    assert.equal(fullBackupSetDownload.task.checkedInputs(checked), checked);
  });

  it("refuses anything else, naming the fields", () => {
    assert.throws(
      () => incrementBackupSetDownload.task.checkedInputs({ ...inputs(VALID.full), waitForCompletion: "no" }),
      {
        message:
          "IncrementBackupSetDownload: these inputs are not what check produces: backupSetName, waitForCompletion",
      },
    );
  });
});
