// The bench's no-op plugin (tools/bench/noopPlugin), bundled and started as the bench runs it: it serves
// our FullBackupSetDownload under its own package name and answers check and create at once with the
// recorded resource overlaid with the request, over the same server as the alicloud-dbs plugin.
import { strict as assert } from "node:assert";
import type { NoopBundle } from "../../tools/bench/noopPlugin/bundle";
import { bundleNoopPlugin } from "../../tools/bench/noopPlugin/bundle";
import type { ProviderPlugin } from "../support/providerPlugin";
import { startProviderPlugin } from "../support/providerPlugin";
import { urnFor } from "../support/providerRpc";

const URN = urnFor("alicloud-dbs-noop:index:FullBackupSetDownload", "r000", "bench", "bench");

describe("the bench's no-op plugin", function () {
  let bundle: NoopBundle;
  let plugin: ProviderPlugin;

  before(async function () {
    bundle = bundleNoopPlugin({
      inputs: { backupSetDataFormat: "CSV", region: "cn-hangzhou" },
      outputs: { backupSetDownloadTaskId: "dbstask0001", region: "cn-hangzhou" },
    });
    plugin = await startProviderPlugin({ command: bundle.executable, args: ["127.0.0.1:1"] });
  });
  after(async function () {
    await plugin?.close();
    bundle?.dispose();
  });

  it("serves only FullBackupSetDownload, under its own package", async () => {
    const schema = JSON.parse(await plugin.getSchema()) as { name: string; resources: object };
    assert.equal(schema.name, "alicloud-dbs-noop");
    assert.deepEqual(Object.keys(schema.resources), ["alicloud-dbs-noop:index:FullBackupSetDownload"]);
  });

  it("answers check and create with the recorded resource overlaid with the request, and no diff", async () => {
    const news = { backupSetId: "dbsset0001", backupSetDataFormat: "SQL" };
    assert.deepEqual(await plugin.check(URN, {}, news), {
      inputs: { backupSetDataFormat: "SQL", backupSetId: "dbsset0001", region: "cn-hangzhou" },
      failures: [],
    });
    assert.deepEqual(await plugin.create(URN, news), {
      id: "noop1",
      properties: {
        backupSetDataFormat: "SQL",
        backupSetDownloadTaskId: "dbstask0001",
        backupSetId: "dbsset0001",
        region: "cn-hangzhou",
      },
    });
    assert.equal((await plugin.diff(URN, "noop1", news, news)).changes, "none");
  });

  it("answers an RPC it does not serve as UNIMPLEMENTED, naming itself", async () => {
    await assert.rejects(plugin.read(URN, "noop1"), {
      message: "Read is not implemented by alicloud-dbs-noop",
      grpcCode: 12,
    });
  });
});
