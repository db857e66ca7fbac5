// The plugin process watches the engine whose address it was started with: once that engine stops
// listening, the plugin ends its waits and exits by itself, sending nothing more to DBS. The engine is a
// plain TCP listener here (the plugin only probes it); tests/e2e/orphanedPlugin.test.ts kills a real one.
import { strict as assert } from "node:assert";
import * as net from "node:net";
import type { Emulator } from "../../packages/emulator/src";
import { DEFAULT_CREDENTIAL, startEmulator } from "../../packages/emulator/src";
import { pluginBundle } from "../../tools/harness/pluginBundle";
import type { ProviderPlugin } from "../support/providerPlugin";
import { startProviderPlugin } from "../support/providerPlugin";
import { secret, urnFor } from "../support/providerRpc";

const FULL = "alicloud-dbs:index:FullBackupSetDownload";
const STATUS = "DescribeBackupSetDownloadTaskList";
const TIME_SCALE = 600;
/** Converts for 10 simulated hours: the wait outlasts the test. */
const SLOW_SET = "dbsslow01";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(pid: number | undefined): boolean {
  try {
    return pid !== undefined && process.kill(pid, 0);
  } catch {
    return false;
  }
}

/** A stand-in for the engine's gRPC port: accepts connections until closed. */
async function fakeEngine(): Promise<{ address: string; close(): void }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    address: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close() {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}

describe("the alicloud-dbs plugin when its engine goes away", function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let plugin: ProviderPlugin | undefined;

  beforeEach(async () => {
    emulator = await startEmulator({ timeScale: TIME_SCALE, credentials: [DEFAULT_CREDENTIAL] });
    emulator.addBackupSet({ backupSetId: SLOW_SET, backupPlanId: "dbsplan0009", downloadDurationMs: 36e6 });
  });
  afterEach(async () => {
    await plugin?.close();
    await emulator.close();
  });

  async function startPlugin(engine: string): Promise<ProviderPlugin> {
    const started = await startProviderPlugin({
      command: pluginBundle().executable,
      args: [engine],
      env: { ALIBABA_CLOUD_DBS_ENDPOINT: undefined, ALIBABA_CLOUD_DBS_POLL_SCALE: String(1 / TIME_SCALE) },
    });
    await started.configure({
      args: {
        region: "cn-hangzhou",
        endpoint: emulator.url,
        accessKey: DEFAULT_CREDENTIAL.accessKeyId,
        secretKey: secret(DEFAULT_CREDENTIAL.accessKeySecret),
      },
      acceptSecrets: true,
      acceptResources: true,
    });
    return started;
  }

  it("exits within seconds during a wait for a task, and sends no request after the engine is gone", async () => {
    const engine = await fakeEngine();
    plugin = await startPlugin(engine.address);
    const urn = urnFor(FULL, "orphaned", "shop", "prod");
    const { inputs } = await plugin.check(urn, {}, { backupSetId: SLOW_SET, waitForCompletion: true });
    const creating = plugin.create(urn, inputs).catch((error: Error) => error);
    while (emulator.requestsFor(STATUS).length < 2) await sleep(20);

    engine.close();
    const goneAt = Date.now();
    while (alive(plugin.pid) && Date.now() - goneAt < 10_000) await sleep(50);
    const seconds = (Date.now() - goneAt) / 1000;
    assert.ok(!alive(plugin.pid), "the plugin is still running 10 s after its engine went away");
    assert.ok(seconds < 3, `the plugin took ${seconds} s to exit`);
    assert.ok((await creating) instanceof Error, "the create did not complete");

    const sent = emulator.requests.length;
    await sleep(3_000);
    assert.equal(emulator.requests.length, sent, "requests after the plugin exited");
    assert.equal(emulator.tasks().length, 1);
  });

  it("keeps serving while its engine listens, and when started with an address nobody ever listened on", async () => {
    const engine = await fakeEngine();
    plugin = await startPlugin(engine.address);
    const unwatched = await startPlugin("127.0.0.1:1");
    try {
      await sleep(3_000);
      assert.equal((await plugin.getPluginInfo()).version, "0.1.0");
      assert.equal((await unwatched.getPluginInfo()).version, "0.1.0");
    } finally {
      await unwatched.close();
      engine.close();
    }
  });
});
