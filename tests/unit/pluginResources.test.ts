// The plugin's resource handlers where they need no API: check and diff, against the dynamic face's.
import { strict as assert } from "node:assert";
import { Config } from "@pulumi/pulumi/cmd/dynamic-provider/config";
import { fullBackupSetDownload } from "../../provider/resources/fullBackupSetDownload";
import { dynamicProvider } from "../../provider/dynamic/provider";
import { pluginSettings } from "../../provider/plugin/config";
import { resourceHandlers, withSecretOutputs } from "../../provider/plugin/resources";
import { UNKNOWN } from "../../provider/lib/values";

const FULL = "alicloud-dbs:index:FullBackupSetDownload";
const urn = (name: string) => `urn:pulumi:prod::shop::${FULL}::${name}`;
const handlers = resourceHandlers(() => pluginSettings({ region: "cn-hangzhou" }, {}));

describe("plugin resource handlers", () => {
  afterEach(() => delete (globalThis as Record<string, unknown>).__pulumiAlicloudDbsConfig);

  it("derive the same ClientToken as the dynamic face for the same project, stack, name and inputs", async () => {
    const dynamic = dynamicProvider(fullBackupSetDownload);
    await dynamic.configure?.({ config: new Config({ "alicloud:region": "cn-hangzhou" }, "shop") });
    for (const news of [
      { backupSetId: "b" },
      { backupSetId: "b", backupSetDataFormat: "SQL", triggers: { v: 2 } },
    ]) {
      const fromDynamic = await dynamic.check!(
        {},
        { ...news, tokenScope: { project: "shop", stack: "prod", name: "nightly" } },
      );
      const fromPlugin = handlers[FULL].check(urn("nightly"), {}, news);
      assert.deepEqual(fromPlugin.failures, []);
      assert.equal(fromPlugin.inputs.clientToken, fromDynamic.inputs.clientToken);
      assert.match(String(fromPlugin.inputs.clientToken), /^pdbs1-[0-9a-f]{40}$/);
    }
    assert.notEqual(
      handlers[FULL].check(urn("other"), {}, { backupSetId: "b" }).inputs.clientToken,
      handlers[FULL].check(urn("nightly"), {}, { backupSetId: "b" }).inputs.clientToken,
    );
  });

  it("accept an unknown backupSetId at preview without a failure", () => {
    const { inputs, failures } = handlers[FULL].check(urn("n"), {}, { backupSetId: UNKNOWN });
    assert.deepEqual(failures, []);
    assert.equal(inputs.clientToken, UNKNOWN);
  });

  it("keep the token of a state migrated from the dynamic face, and diff it as unchanged", () => {
    const scope = { project: "shop", stack: "prod", name: "nightly" };
    const dynamicInputs = {
      ...handlers[FULL].check(urn("nightly"), {}, { backupSetId: "b" }).inputs,
      clientToken: "pdbs1-old",
      tokenScope: scope,
      __provider: "require(…)",
    };
    const { inputs } = handlers[FULL].check(urn("nightly"), dynamicInputs, { backupSetId: "b" });
    assert.equal(inputs.clientToken, "pdbs1-old");
    assert.equal(inputs.__provider, undefined);
    assert.deepEqual(
      handlers[FULL].diff({ ...dynamicInputs, backupSetDownloadTaskId: "t1", status: "finish" }, inputs),
      [],
    );
  });

  it("mark the URLs secret in outputs", () => {
    assert.deepEqual(
      withSecretOutputs(["internetUrl", "intranetUrl"], { status: "finish", internetUrl: "https://x" }),
      {
        status: "finish",
        internetUrl: {
          "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
          value: "https://x",
        },
      },
    );
  });
});
