// AdvancedDownload through both faces against the emulator over HTTP: the provider plugin alicloud-dbs
// as users install it (the bundled executable), and the dynamic provider object in Pulumi's
// dynamic-provider host. One task per declaration under every fault on CreateDownload, the API calls of
// each operation, adoption (and never adopting what does not match), the in-place retry and import.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { Emulator } from "../../packages/emulator/src";
import { DEFAULT_CREDENTIAL, startEmulator } from "../../packages/emulator/src";
import { pluginBundle } from "../../tools/harness/pluginBundle";
import { startDynamicProviderPlugin, stackConfig } from "../support/dynamicProviderPlugin";
import type { ProviderPlugin } from "../support/providerPlugin";
import { startProviderPlugin } from "../support/providerPlugin";
import { moduleProviderText } from "../support/providerModuleText";
import type { PluginCallError, PropertyBag } from "../support/providerRpc";
import { isSecret, secret, UNKNOWN, unwrapSecret, urnFor } from "../support/providerRpc";
import { getAdvancedDownloadUrls } from "../../provider";

const PROJECT = "shop";
const STACK = "prod";
const TIME_SCALE = 600;
const CREATE = "CreateDownload";
const LIST = "DescribeDownloadTask";
const INSTANCE = "rm-emuladv0001";
/** The emulator's seed base (2026-10-01): point-in-time downloads are possible from there on. */
const SEED_BASE = Date.UTC(2026, 9, 1);
const HOUR = 3_600_000;
const PROVIDER_MODULE = path.resolve(__dirname, "..", "..", "provider", "advancedDownloadProvider.ts");

interface Face {
  name: string;
  plugin: ProviderPlugin;
  urn(name: string): string;
  /** What a program registers for `new AdvancedDownload(name, args)` in this face. */
  inputs(name: string, args: PropertyBag): PropertyBag;
}

async function pluginFace(emulator: Emulator): Promise<Face> {
  const plugin = await startProviderPlugin({
    command: pluginBundle().executable,
    args: ["127.0.0.1:1"],
    env: { ALIBABA_CLOUD_DBS_ENDPOINT: undefined, ALIBABA_CLOUD_DBS_POLL_SCALE: String(1 / TIME_SCALE) },
  });
  await plugin.configure({
    args: {
      region: "cn-hangzhou",
      endpoint: emulator.url,
      accessKey: DEFAULT_CREDENTIAL.accessKeyId,
      secretKey: secret(DEFAULT_CREDENTIAL.accessKeySecret),
      version: "0.1.0",
    },
    acceptSecrets: true,
    acceptResources: true,
  });
  return {
    name: "plugin",
    plugin,
    urn: (name) => urnFor("alicloud-dbs:index:AdvancedDownload", name, PROJECT, STACK),
    inputs: (_name, args) => args,
  };
}

async function dynamicFace(emulator: Emulator): Promise<Face> {
  const plugin = await startDynamicProviderPlugin({
    project: PROJECT,
    stack: STACK,
    env: { ALIBABA_CLOUD_DBS_ENDPOINT: emulator.url, ALIBABA_CLOUD_DBS_POLL_SCALE: String(1 / TIME_SCALE) },
  });
  await plugin.configure(
    stackConfig({
      "alicloud:region": "cn-hangzhou",
      "alicloud:accessKey": DEFAULT_CREDENTIAL.accessKeyId,
      "alicloud:secretKey": DEFAULT_CREDENTIAL.accessKeySecret,
    }),
  );
  return {
    name: "dynamic",
    plugin,
    urn: (name) => urnFor("pulumi-nodejs:dynamic/alicloud-dbs:AdvancedDownload", name, PROJECT, STACK),
    inputs: (name, args) => ({
      __provider: moduleProviderText(PROVIDER_MODULE),
      tokenScope: { project: PROJECT, stack: STACK, name },
      ...args,
    }),
  };
}

describe("AdvancedDownload through both faces against the emulator", function () {
  this.timeout(120_000);
  let emulator: Emulator;
  let faces: Face[] = [];

  before(async () => {
    emulator = await startEmulator({ timeScale: TIME_SCALE });
    faces = await Promise.all([pluginFace(emulator), dynamicFace(emulator)]);
  });
  after(async () => {
    await Promise.all(faces.map((face) => face.plugin.close()));
    await emulator?.close();
  });
  beforeEach(() => {
    emulator.clearRequests();
    emulator.clearFaults();
  });

  /** A declaration of its own per test: a point in time no other test downloads. */
  let hours = 0;
  const pitr = (extra: PropertyBag = {}): PropertyBag => ({
    instanceName: INSTANCE,
    bakSetType: "pitr",
    downloadPointInTime: SEED_BASE + ++hours * HOUR,
    formatType: "CSV",
    ...extra,
  });
  const tasksAt = (point: unknown) => emulator.advancedTasks().filter((t) => t.downloadPointInTime === point);
  const calls = () => emulator.requests.map((r) => r.action);

  async function checked(face: Face, name: string, args: PropertyBag): Promise<PropertyBag> {
    const { inputs, failures } = await face.plugin.check(face.urn(name), {}, face.inputs(name, args));
    assert.deepEqual(failures, []);
    return inputs;
  }

  for (const faceIndex of [0, 1]) {
    const face = () => faces[faceIndex];
    const label = ["plugin", "dynamic"][faceIndex];

    // What each fault costs: the create attempts' HTTP statuses (0: no answer) and the list calls.
    const FAULTS = {
      actThenDrop: { creates: [0], lists: 2 },
      reset: { creates: [0, 200], lists: 2 },
      unavailable: { creates: [503, 200], lists: 2 },
      throttling: { creates: [400, 200], lists: 1 },
    } as const;
    for (const [kind, expected] of Object.entries(FAULTS)) {
      it(`${label}: ${kind} on CreateDownload leaves exactly 1 task`, async () => {
        const args = pitr();
        const inputs = await checked(face(), kind, args);
        emulator.injectFault({ kind: kind as keyof typeof FAULTS, count: 1, action: CREATE });
        const { id, properties } = await face().plugin.create(face().urn(kind), inputs);
        const tasks = tasksAt(args.downloadPointInTime);
        assert.equal(tasks.length, 1, `tasks left after ${kind}`);
        assert.equal(id, `${INSTANCE}/${tasks[0].taskId}`);
        assert.equal(properties.taskId, tasks[0].taskId);
        assert.deepEqual(
          emulator.requestsFor(CREATE).map((r) => r.statusCode),
          expected.creates,
        );
        assert.equal(emulator.requestsFor(LIST).length, expected.lists);
      });
    }

    it(`${label}: API calls per operation: preview 0, up 2, re-run 0, refresh 1, destroy 0`, async () => {
      const f = face();
      const args = pitr({ formatType: "Parquet" });
      const preview = await f.plugin.check(
        f.urn("ops"),
        {},
        f.inputs("ops", { ...args, instanceName: UNKNOWN }),
      );
      assert.deepEqual(preview.failures, []);
      const bad = await f.plugin.check(f.urn("ops"), {}, f.inputs("ops", { ...args, targetType: "OSS" }));
      assert.deepEqual(
        bad.failures.map((x) => x.property),
        ["targetBucket", "targetOssRegion", "targetPath"],
      );
      assert.deepEqual(calls(), [], "preview");

      const inputs = await checked(f, "ops", args);
      const { id, properties } = await f.plugin.create(f.urn("ops"), inputs);
      assert.deepEqual(calls(), [LIST, CREATE], "up");
      assert.deepEqual(emulator.requestsFor(CREATE)[0].params, {
        RegionCode: "cn-hangzhou",
        InstanceName: INSTANCE,
        BakSetType: "pitr",
        DownloadPointInTime: String(args.downloadPointInTime),
        FormatType: "Parquet",
        TargetType: "URL",
      });
      emulator.clearRequests();

      const again = await f.plugin.check(f.urn("ops"), inputs, f.inputs("ops", args));
      const diff = await f.plugin.diff(f.urn("ops"), id, properties, again.inputs);
      assert.equal(diff.changes, "none");
      assert.deepEqual(calls(), [], "re-run");

      const refreshed = await f.plugin.read(f.urn("ops"), id, properties, inputs);
      assert.equal(refreshed.id, id);
      assert.equal(typeof refreshed.properties?.status, "string");
      assert.deepEqual(calls(), [LIST], "refresh");
      emulator.clearRequests();

      await f.plugin.delete(f.urn("ops"), id, properties);
      assert.deepEqual(calls(), [], "destroy");
      assert.equal(tasksAt(args.downloadPointInTime).length, 1, "destroy forgets the task, DBS keeps it");
    });

    it(`${label}: a re-run after an interrupted up adopts the task it started; a task that does not match is never adopted`, async () => {
      const f = face();
      const args = pitr({ formatType: "SQL" });
      const first = await f.plugin.create(f.urn("killed"), await checked(f, "killed", args));
      // The state never recorded `first` (the up was killed): the next up creates again.
      const second = await f.plugin.create(f.urn("killed"), await checked(f, "killed", args));
      assert.equal(second.id, first.id);
      assert.equal(tasksAt(args.downloadPointInTime).length, 1);
      // Same point in time, another format: a new task.
      const other = await f.plugin.create(
        f.urn("other"),
        await checked(f, "other", { ...args, formatType: "CSV" }),
      );
      assert.notEqual(other.id, first.id);
      assert.equal(tasksAt(args.downloadPointInTime).length, 2);
      // adoptWithinMinutes 0: never adopts before creating.
      await f.plugin.create(f.urn("fresh"), await checked(f, "fresh", { ...args, adoptWithinMinutes: 0 }));
      assert.equal(tasksAt(args.downloadPointInTime).length, 3);
    });
  }

  it("plugin: waits, retries a failed task in place when asked, and imports by <instanceName>/<taskId>", async () => {
    const f = faces[0];
    const args = { instanceName: INSTANCE, bakSetId: "1460059999", formatType: "SQL" };
    const inputs = await checked(f, "retried", { ...args, waitForCompletion: true, retryFailedTask: true });
    const { id, properties } = await f.plugin.create(f.urn("retried"), inputs);
    assert.equal(properties.status, "finished");
    const tasks = emulator
      .advancedTasks()
      .filter((t) => t.bakSetType === "full" && t.bakSetId === "1460059999" && t.format === "SQL");
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0].retries, 1);
    assert.equal(emulator.requestsFor("RetryDownloadTask").length, 1);

    emulator.clearRequests();
    const imported = await f.plugin.read(f.urn("imported"), id);
    assert.deepEqual(imported.inputs, {
      ...args,
      bakSetType: "full",
      targetType: "URL",
      region: "cn-hangzhou",
    });
    assert.equal(imported.properties?.status, "finished");
    assert.deepEqual(calls(), [LIST], "a full task is found with the first type tried");
  });

  it("plugin: a failed task without retryFailedTask fails the wait but is kept; the next up retries it in place", async () => {
    const f = faces[0];
    const args = {
      instanceName: INSTANCE,
      bakSetId: "1460059999",
      formatType: "CSV",
      waitForCompletion: true,
    };
    const inputs = await checked(f, "later", args);
    const failure = await f.plugin.create(f.urn("later"), inputs).then(
      () => assert.fail("expected the wait to fail"),
      (error: PluginCallError) => error,
    );
    assert.match(failure.message, /failed with status "failed"/);
    assert.ok(failure.initFailure, "the task is kept in the state, marked as failed to initialize");
    const { id, properties: stored } = failure.initFailure;
    assert.equal(stored.status, "failed");
    const news = await checked(f, "later", { ...args, retryFailedTask: true });
    const diff = await f.plugin.diff(f.urn("later"), id, stored, news);
    assert.deepEqual(diff.replaces, []);
    assert.equal(diff.changes, "some");
    const { properties } = await f.plugin.update(f.urn("later"), id, stored, news);
    assert.equal(properties.status, "finished");
    const tasks = emulator
      .advancedTasks()
      .filter((t) => t.bakSetType === "full" && t.bakSetId === "1460059999" && t.format === "CSV");
    assert.equal(tasks.length, 1);
  });

  it("plugin: without retryFailedTask a failed matching task is left alone; with it, create adopts and retries in place", async () => {
    const f = faces[0];
    const args = {
      instanceName: INSTANCE,
      bakSetId: "1460059999",
      formatType: "Parquet",
      waitForCompletion: true,
    };
    const parquet = () =>
      emulator
        .advancedTasks()
        .filter((t) => t.bakSetType === "full" && t.bakSetId === "1460059999" && t.format === "Parquet");
    const failed = await f.plugin.create(f.urn("p1"), await checked(f, "p1", args)).then(
      () => assert.fail("expected the wait to fail"),
      (error: PluginCallError) => error,
    );
    assert.equal(failed.initFailure?.properties.status, "failed");
    // A create that does not ask for retries leaves the failed task alone and starts a new one.
    const { id: fresh } = await f.plugin.create(
      f.urn("p2"),
      await checked(f, "p2", { ...args, waitForCompletion: false }),
    );
    assert.equal(parquet().length, 2);
    // One that asks adopts the oldest matching task (live before failed): the new one here, not a third.
    const adopted = await f.plugin.create(
      f.urn("p3"),
      await checked(f, "p3", { ...args, retryFailedTask: true }),
    );
    assert.equal(adopted.id, fresh);
    assert.equal(adopted.properties.status, "finished");
    assert.equal(parquet().length, 2);
  });

  it("getAdvancedDownloadUrls mints fresh secret links with their expiry at every call, in both faces", async () => {
    const f = faces[0];
    const args = {
      instanceName: INSTANCE,
      bakSetId: "1460050001",
      formatType: "CSV",
      waitForCompletion: true,
    };
    const { properties } = await f.plugin.create(f.urn("links"), await checked(f, "links", args));
    const taskId = properties.taskId as string;
    emulator.clearRequests();

    const token = "alicloud-dbs:index:getAdvancedDownloadUrls";
    const bad = await f.plugin.invoke(token, { taskId, durationSeconds: 60 });
    assert.deepEqual(bad.failures, [
      {
        property: "durationSeconds",
        reason: "durationSeconds must be a whole number of seconds from 300 to 86400, got number 60",
      },
    ]);
    assert.deepEqual(calls(), [], "a bad argument costs no API call");

    const before = Date.now();
    const first = await f.plugin.invoke(token, { taskId, durationSeconds: 600 });
    const second = await f.plugin.invoke(token, { taskId, durationSeconds: 600 });
    const outputs = first.returns ?? {};
    assert.ok(isSecret(outputs.publicUrl) && isSecret(outputs.privateUrl), "the links are secrets");
    assert.match(String(unwrapSecret(outputs.publicUrl)), new RegExp(`/${taskId}/.*Signature=`));
    assert.notEqual(
      unwrapSecret(outputs.publicUrl),
      unwrapSecret(second.returns?.publicUrl),
      "fresh at every call",
    );
    assert.equal(typeof outputs.expirationTime, "number");
    assert.ok((outputs.expirationTime as number) >= before + 600_000, "expires after the chosen lifetime");
    assert.deepEqual(
      emulator.requestsFor("DescribeDownloadBackupSetStorageInfo").map((r) => r.params.Duration),
      ["600", "600"],
    );

    // The dynamic package's function runs in the program's process, with the same settings.
    const saved = { ...process.env };
    Object.assign(process.env, {
      ALIBABA_CLOUD_DBS_ENDPOINT: emulator.url,
      ALIBABA_CLOUD_REGION_ID: "cn-hangzhou",
      ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_CREDENTIAL.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_CREDENTIAL.accessKeySecret,
    });
    try {
      const links = await getAdvancedDownloadUrls({ taskId });
      assert.equal(links.taskId, taskId);
      assert.match(links.privateUrl, /-internal\./);
      assert.ok(links.expirationTime >= before + 7_200_000, "default lifetime 7200 s");
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});
