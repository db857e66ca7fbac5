// The dynamic face's provider object, called in this process the way the dynamic-provider host calls it
// (configure with the host's own Config class, then check/diff/delete). Operations that reach DBS are
// proven through the real plugin process in tests/integration.
import { strict as assert } from "node:assert";
import { Config } from "@pulumi/pulumi/cmd/dynamic-provider/config";
import { fullBackupSetDownload } from "../../provider/resources/fullBackupSetDownload";
import { dynamicProvider } from "../../provider/dynamic/provider";

const scope = { project: "shop", stack: "prod", name: "nightly" };

async function configured(config: Record<string, string>) {
  const provider = dynamicProvider(fullBackupSetDownload);
  await provider.configure?.({ config: new Config(config, "shop") });
  return provider;
}

describe("dynamic provider object", () => {
  afterEach(() => delete (globalThis as Record<string, unknown>).__pulumiAlicloudDbsConfig);

  it("checks with the stack config it was configured with, and keeps the token scope", async () => {
    const provider = await configured({ "alicloud:region": "cn-beijing" });
    const result = await provider.check!({}, { backupSetId: "b", tokenScope: scope, __provider: "x" });
    assert.deepEqual(result.failures ?? [], []);
    assert.equal(result.inputs.region, "cn-beijing");
    assert.deepEqual(result.inputs.tokenScope, scope);
    assert.equal(result.inputs.__provider, undefined, "the host adds __provider back itself");
  });

  it("never throws on a bad provider setting: check fails naming the key, the value and what is allowed", async () => {
    const provider = await configured({
      "alicloud:region": "cn-hangzhou",
      "alicloud-dbs:maxAttempts": "abc",
    });
    const news = { backupSetId: "b", tokenScope: scope };
    const result = await provider.check!({}, news);
    assert.deepEqual(result.failures, [
      { property: "", reason: 'config alicloud-dbs:maxAttempts "abc" must be a whole number from 1 to 20' },
    ]);
    assert.equal(result.inputs, news);
  });

  it("names an input key the resource does not have, whatever the class passed", async () => {
    const provider = await configured({ "alicloud:region": "cn-hangzhou" });
    const result = await provider.check!({}, { backupSetId: "b", tokenScope: scope, constructor: "x" });
    assert.deepEqual(
      (result.failures ?? []).map((f) => [f.property, f.reason.split(";")[0]]),
      [["constructor", '"constructor" is not an input of FullBackupSetDownload']],
    );
  });

  it("refuses a missing or overridden token scope", async () => {
    const provider = await configured({ "alicloud:region": "cn-hangzhou" });
    const result = await provider.check!({}, { backupSetId: "b", tokenScope: "me" });
    assert.deepEqual(result.failures, [
      {
        property: "tokenScope",
        reason: "tokenScope {project, stack, name} is set by the resource class; do not override it",
      },
    ]);
  });

  it("diffs into replacements only, and deletes without a call", async () => {
    const provider = await configured({ "alicloud:region": "cn-hangzhou" });
    const { inputs } = await provider.check!({}, { backupSetId: "b", tokenScope: scope });
    assert.deepEqual(await provider.diff!("t1", { ...inputs, backupSetId: "a" }, inputs), {
      changes: true,
      replaces: ["backupSetId"],
      deleteBeforeReplace: false,
    });
    assert.equal(await provider.delete!("t1", inputs), undefined);
  });

  it("refuses to create from inputs check did not produce, before any API call", async () => {
    const provider = await configured({ "alicloud:region": "cn-hangzhou" });
    await assert.rejects(provider.create({ backupSetId: "b" }), {
      message:
        "FullBackupSetDownload: these inputs are not what check produces: backupSetDataFormat, region, clientToken, clientTokenSource, waitForCompletion, timeoutMinutes",
    });
  });
});
