import { strict as assert } from "node:assert";
import { checkDownloadTask, diffDownloadTask } from "../../provider/downloadTask";
import { fullDownload } from "../../provider/downloadKinds";
import { UNKNOWN } from "../../provider/inputs";
import type { ProviderSettings } from "../../provider/settings";
import { readSettings } from "../../provider/settings";

const scope = { project: "shop", stack: "prod", name: "nightly" };

function settings(config: Record<string, string> = {}, env: Record<string, string> = {}): ProviderSettings {
  return readSettings((key) => config[key], env);
}

const regional = settings({ "alicloud:region": "cn-hangzhou" });

function check(
  news: Record<string, unknown>,
  s: ProviderSettings = regional,
  olds: Record<string, unknown> = {},
) {
  return checkDownloadTask(fullDownload, olds, { tokenScope: scope, ...news }, s);
}

function reasons(news: Record<string, unknown>, s: ProviderSettings = regional): string[] {
  return check(news, s).failures.map((f) => `${f.property}: ${f.reason}`);
}

describe("FullBackupSetDownload check", () => {
  it("fills the default format, the region from config and a derived token", () => {
    const { inputs, failures } = check({ backupSetId: "dbs1hv01" });
    assert.deepEqual(failures, []);
    assert.equal(inputs.backupSetDataFormat, "CSV");
    assert.equal(inputs.region, "cn-hangzhou");
    assert.equal(inputs.clientTokenSource, "pdbs1");
    assert.match(inputs.clientToken as string, /^pdbs1-[0-9a-f]{40}$/);
  });

  it("prefers the region argument over config and env, and config over env", () => {
    const s = settings({ "alicloud:region": "cn-beijing" }, { ALIBABA_CLOUD_REGION_ID: "cn-shanghai" });
    assert.equal(check({ backupSetId: "b", region: "eu-central-1" }, s).inputs.region, "eu-central-1");
    assert.equal(check({ backupSetId: "b" }, s).inputs.region, "cn-beijing");
    assert.equal(
      check({ backupSetId: "b" }, settings({}, { ALICLOUD_REGION: "ap-south-1" })).inputs.region,
      "ap-south-1",
    );
  });

  it("keeps an explicit token and marks it explicit", () => {
    const { inputs } = check({ backupSetId: "b", clientToken: "my-token-1" });
    assert.equal(inputs.clientToken, "my-token-1");
    assert.equal(inputs.clientTokenSource, "explicit");
  });

  it("names the property, the value and what is allowed for each bad input", () => {
    assert.deepEqual(reasons({}), [
      'backupSetId: backupSetId is required: a backup set ID such as "dbs1hv****"',
    ]);
    assert.deepEqual(reasons({ backupSetId: " dbs 1" }), [
      'backupSetId: backupSetId " dbs 1" must not contain whitespace',
    ]);
    assert.deepEqual(reasons({ backupSetId: 42 }), [
      'backupSetId: backupSetId must be a string such as "dbs1hv****", got number 42',
    ]);
    assert.deepEqual(reasons({ backupSetId: "b", backupSetDataFormat: "sql" }), [
      'backupSetDataFormat: backupSetDataFormat "sql" is not allowed: use one of Native, SQL, CSV, JSON (values are case-sensitive: did you mean "SQL"?)',
    ]);
    assert.deepEqual(reasons({ backupSetId: "b", backupSetDataFormat: "XML" }), [
      'backupSetDataFormat: backupSetDataFormat "XML" is not allowed: use one of Native, SQL, CSV, JSON',
    ]);
    const long = "t".repeat(65);
    assert.match(
      reasons({ backupSetId: "b", clientToken: long })[0],
      /^clientToken: clientToken "t{65}" is not allowed: use 1 to 64 printable ASCII characters without spaces \(got 65 characters\)/,
    );
    assert.match(reasons({ backupSetId: "b", clientToken: "tök" })[0], /^clientToken: .*printable ASCII/);
    assert.match(
      reasons({ backupSetId: "b", triggers: "x" })[0],
      /^triggers: triggers must be an array or an object/,
    );
  });

  it("requires a region with a known endpoint unless an endpoint override is set", () => {
    assert.match(
      reasons({ backupSetId: "b" }, settings())[0],
      /^region: region is not set: set the resource's region argument, config alicloud:region or env ALIBABA_CLOUD_REGION_ID/,
    );
    assert.match(
      reasons({ backupSetId: "b", region: "mars-north-1" })[0],
      /^region: region "mars-north-1" \(from the region argument\) has no known DBS endpoint/,
    );
    const overridden = settings(
      { "alicloud:region": "mars-north-1" },
      { ALIBABA_CLOUD_DBS_ENDPOINT: "http://127.0.0.1:9" },
    );
    assert.deepEqual(reasons({ backupSetId: "b" }, overridden), []);
    assert.match(
      reasons({ backupSetId: "b", region: "Hangzhou" })[0],
      /is not a region ID such as "cn-hangzhou"/,
    );
  });

  it("rejects a malformed or insecure endpoint override at check time", () => {
    const bad = settings({ "alicloud:region": "cn-hangzhou", "alicloud-dbs:endpoint": "ftp://x" });
    assert.deepEqual(reasons({ backupSetId: "b" }, bad), [
      ': config alicloud-dbs:endpoint "ftp://x" has scheme "ftp": only http and https are allowed',
    ]);
    const insecure = settings(
      { "alicloud:region": "cn-hangzhou" },
      { ALIBABA_CLOUD_DBS_ENDPOINT: "http://dbs.example.com" },
    );
    assert.match(reasons({ backupSetId: "b" }, insecure)[0], /plain http to a non-loopback host/);
  });

  it("passes unknown (preview) values through without deriving a token", () => {
    const { inputs, failures } = check({ backupSetId: UNKNOWN, region: UNKNOWN });
    assert.deepEqual(failures, []);
    assert.equal(inputs.backupSetId, UNKNOWN);
    assert.equal(inputs.clientToken, UNKNOWN);
  });

  it("keeps the stored token while the inputs it came from are unchanged", () => {
    const olds = { ...check({ backupSetId: "b" }).inputs, clientToken: "pdbs1-stored" };
    assert.equal(check({ backupSetId: "b" }, regional, olds).inputs.clientToken, "pdbs1-stored");
    assert.notEqual(check({ backupSetId: "c" }, regional, olds).inputs.clientToken, "pdbs1-stored");
  });
});

describe("FullBackupSetDownload diff", () => {
  const stored: Record<string, unknown> = {
    ...check({ backupSetId: "b", triggers: ["v1"] }).inputs,
    backupSetDownloadTaskId: "dbstk1",
    __provider: "old code",
  };

  it("reports no change when nothing changed, whatever the provider code", () => {
    const news = { ...check({ backupSetId: "b", triggers: ["v1"] }).inputs, __provider: "new code" };
    assert.deepEqual(diffDownloadTask(fullDownload, stored, news), {
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("replaces on any input change and names the properties", () => {
    const changed = check({
      backupSetId: "c",
      backupSetDataFormat: "SQL",
      triggers: ["v2"],
      region: "cn-beijing",
    }).inputs;
    assert.deepEqual(diffDownloadTask(fullDownload, stored, changed).replaces, [
      "backupSetId",
      "backupSetDataFormat",
      "region",
      "triggers",
    ]);
  });

  it("ignores a different derived token from a stack rename, but compares explicit tokens", () => {
    const renamed = checkDownloadTask(
      fullDownload,
      {},
      { tokenScope: { ...scope, stack: "prod2" }, backupSetId: "b", triggers: ["v1"] },
      regional,
    ).inputs;
    assert.notEqual(renamed.clientToken, stored.clientToken);
    assert.equal(diffDownloadTask(fullDownload, stored, renamed).changes, false);
    const explicit = check({ backupSetId: "b", triggers: ["v1"], clientToken: "mine" }).inputs;
    assert.deepEqual(diffDownloadTask(fullDownload, stored, explicit).replaces, ["clientToken"]);
  });

  it("treats an unknown new value as a replacement", () => {
    const news = check({ backupSetId: UNKNOWN, triggers: ["v1"] }).inputs;
    assert.deepEqual(diffDownloadTask(fullDownload, stored, news).replaces, ["backupSetId"]);
  });

  it("treats a missing stored format as the default", () => {
    const { backupSetDataFormat: _omitted, ...older } = stored;
    assert.equal(
      diffDownloadTask(fullDownload, older, check({ backupSetId: "b", triggers: ["v1"] }).inputs).changes,
      false,
    );
  });
});
