import { strict as assert } from "node:assert";
import type { Emulator } from "../../emulator";
import { DEFAULT_CREDENTIAL, startEmulator } from "../../emulator";
import { createDbsClient } from "../../provider/dbs/client";
import { DYNAMIC_CONFIG_KEYS } from "../../provider/dynamic/provider";
import type { Registration } from "../support/captureRegistrations";
import { captureRegistrations } from "../support/captureRegistrations";
import type { DynamicProviderPlugin, PluginCallError } from "../support/dynamicProviderPlugin";
import { providerModuleText } from "../support/providerModuleText";
import { startDynamicProviderPlugin, urnFor } from "../support/dynamicProviderPlugin";

const FULL = "pulumi-nodejs:dynamic/alicloud-dbs:FullBackupSetDownload";
const INCREMENT = "pulumi-nodejs:dynamic/alicloud-dbs:IncrementBackupSetDownload";
const PROJECT = "shop";
const STACK = "prod";
const STATUS = "DescribeBackupSetDownloadTaskList";

describe("download task status, waiting, refresh and get through the real dynamic-provider plugin", function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let registrations: Registration[];
  let plugin: DynamicProviderPlugin;
  // Simulated time stands still (timeScale 0); each status request moves it on by this much, so the
  // number of status requests a wait makes is exact.
  let advancePerStatusRequest = 0;

  before(async () => {
    emulator = await startEmulator({
      timeScale: 0,
      onRequest: (request) => {
        if (request.action === STATUS && advancePerStatusRequest > 0)
          emulator.advance(advancePerStatusRequest);
      },
    });
    emulator.addBackupSet({
      backupSetId: "dbsslow0001",
      backupPlanId: "dbsplan0001",
      downloadDurationMs: 1e12,
    });
    registrations = await captureRegistrations(
      require.resolve("./fixtures/downloadPrograms"),
      "waitingDownloads",
      {
        project: PROJECT,
        stack: STACK,
      },
    );
    plugin = await startDynamicProviderPlugin({
      project: PROJECT,
      stack: STACK,
      // Test-only: polls 100 times more often than in production.
      env: { ALIBABA_CLOUD_DBS_ENDPOINT: emulator.url, ALIBABA_CLOUD_DBS_POLL_SCALE: "0.01" },
    });
    await plugin.configure({
      "alicloud:region": "cn-hangzhou",
      "alicloud:accessKey": DEFAULT_CREDENTIAL.accessKeyId,
      "alicloud:secretKey": DEFAULT_CREDENTIAL.accessKeySecret,
    });
  });
  after(async () => {
    await plugin?.close();
    await emulator?.close();
  });
  beforeEach(() => {
    advancePerStatusRequest = 0;
    emulator.clearRequests();
  });

  function registration(name: string): Registration {
    const found = registrations.find((r) => r.name === name);
    assert.ok(found, `program registered ${name}`);
    return found;
  }

  async function checked(name: string, type = FULL) {
    const { inputs, failures } = await plugin.check(
      urnFor(type, name, PROJECT, STACK),
      {},
      { ...registration(name).inputs, __provider: providerModuleText(type === FULL ? "full" : "increment") },
    );
    assert.deepEqual(failures, []);
    return inputs;
  }

  async function failedCreate(name: string) {
    const inputs = await checked(name);
    const error = await plugin.create(urnFor(FULL, name, PROJECT, STACK), inputs).then(
      () => assert.fail("expected a failure"),
      (err: PluginCallError) => err,
    );
    assert.ok(error.initFailure, "rejected as a partially created resource");
    return { inputs, error, failure: error.initFailure };
  }

  it("waits for the task to finish and returns its status, size and URLs", async () => {
    advancePerStatusRequest = 30_000;
    const inputs = await checked("waited");
    assert.equal(inputs.waitForCompletion, true);
    const { id, properties } = await plugin.create(urnFor(FULL, "waited", PROJECT, STACK), inputs);
    assert.equal(emulator.requestsFor("CreateFullBackupSetDownload").length, 1);
    // checking at 0 s, running at 30 s and 60 s, finish at 90 s (the task takes 62 s).
    assert.deepEqual(
      emulator.requestsFor(STATUS).map((r) => r.params),
      Array(4).fill({ BackupSetDownloadTaskId: id }),
    );
    const task = emulator.tasks().find((t) => t.taskId === id);
    assert.ok(task);
    assert.equal(properties.status, "finish");
    assert.equal(properties.backupSetDownloadTaskId, id);
    assert.equal(properties.downloadWay, "manual");
    assert.equal(typeof properties.backupSetDataSize, "number");
    assert.equal(properties.finishTime, task.finishTime);
    assert.match(
      properties.internetUrl as string,
      new RegExp(`^https://dbs-download-cn-hangzhou\\.oss\\.example/${id}\\.csv\\.zip\\?`),
    );
    assert.match(
      properties.intranetUrl as string,
      /^https:\/\/dbs-download-cn-hangzhou-internal\.oss\.example\//,
    );
  });

  it("records a failed task with its id and state and the task's own error message", async () => {
    advancePerStatusRequest = 30_000;
    const { inputs, error, failure } = await failedCreate("failing");
    const message =
      "DBS download task " + failure!.id + ' failed with status "stop": java.lang.IndexOutOfBoundsException.';
    assert.equal(error.message, message);
    assert.deepEqual(failure!.reasons, [message]);
    assert.equal(failure!.properties.backupSetDownloadTaskId, failure!.id);
    assert.equal(failure!.properties.status, "stop");
    assert.equal(failure!.properties.errorMessage, "java.lang.IndexOutOfBoundsException.");
    assert.equal(failure!.properties.__provider, inputs.__provider);
    assert.equal(failure!.properties.clientToken, inputs.clientToken);
    assert.equal(emulator.requestsFor("CreateFullBackupSetDownload").length, 1);
    assert.deepEqual(
      emulator
        .tasks()
        .filter((t) => t.clientToken === inputs.clientToken)
        .map((t) => t.taskId),
      [failure!.id],
    );
  });

  it("times out, leaving the running task recorded in the partial state", async () => {
    const { inputs, error, failure } = await failedCreate("slow");
    assert.equal(
      error.message,
      `DBS download task ${failure!.id} did not finish within timeoutMinutes 0.005 (last status "checking"); ` +
        "the task keeps running: raise timeoutMinutes, or run `pulumi refresh` later to see its status",
    );
    assert.equal(failure!.properties.status, "checking");
    assert.equal(failure!.properties.backupSetDownloadTaskId, failure!.id);
    assert.equal(failure!.properties.__provider, inputs.__provider);
    assert.ok(emulator.requestsFor(STATUS).length >= 2);
    assert.equal(emulator.requestsFor("CreateFullBackupSetDownload").length, 1);
  });

  it("refresh follows the task along, then reports it gone once DBS forgot it", async () => {
    const urn = urnFor(FULL, "unwaited", PROJECT, STACK);
    const inputs = await checked("unwaited");
    const { id, properties } = await plugin.create(urn, inputs);
    assert.equal(emulator.requestsFor(STATUS).length, 0, "no wait by default");
    assert.equal(properties.status, undefined);

    const first = await plugin.read(urn, id, properties, inputs);
    assert.equal(first.id, id);
    assert.equal(first.properties.status, "checking");
    assert.equal(first.properties.internetUrl, undefined);

    emulator.advance(120_000);
    const second = await plugin.read(urn, id, first.properties, inputs);
    assert.deepEqual(
      Object.fromEntries(
        ["status", "backupSetId", "backupSetDataFormat", "region", "clientToken"].map((k) => [
          k,
          second.properties[k],
        ]),
      ),
      {
        status: "finish",
        backupSetId: "dbsset0002",
        backupSetDataFormat: "JSON",
        region: "cn-hangzhou",
        clientToken: inputs.clientToken,
      },
    );
    assert.match(second.properties.internetUrl as string, /\.json\.zip\?/);
    assert.equal(second.properties.__provider, inputs.__provider);
    assert.deepEqual(
      emulator.requestsFor(STATUS).map((r) => r.params),
      [{ BackupSetDownloadTaskId: id }, { BackupSetDownloadTaskId: id }],
    );

    emulator.deleteTask(id);
    const gone = await plugin.read(urn, id, second.properties, inputs);
    assert.equal(gone.id, "");
  });

  it("get adopts a task created outside Pulumi, filling its inputs from DBS", async () => {
    const client = createDbsClient({
      endpoint: { protocol: "http", host: `${emulator.host}:${emulator.port}` },
      credentials: { ...DEFAULT_CREDENTIAL, source: "test" },
      credentialKeys: DYNAMIC_CONFIG_KEYS,
      regionId: "cn-hangzhou",
    });
    const created = await client.call("CreateFullBackupSetDownload", {
      BackupSetId: "dbsset0001",
      BackupSetDataFormat: "Native",
    });
    const id = created.BackupSetDownloadTaskId;
    emulator.advance(120_000);
    const state = registration("adopted").inputs;
    const read = await plugin.read(urnFor(FULL, "adopted", PROJECT, STACK), id, state, state);
    assert.equal(read.id, id);
    assert.deepEqual(
      Object.fromEntries(
        ["backupSetId", "backupSetDataFormat", "region", "status", "backupSetDownloadTaskId"].map((k) => [
          k,
          read.properties[k],
        ]),
      ),
      {
        backupSetId: "dbsset0001",
        backupSetDataFormat: "Native",
        region: "cn-hangzhou",
        status: "finish",
        backupSetDownloadTaskId: id,
      },
    );
  });

  it("creates and reads an incremental (binlog) download", async () => {
    const urn = urnFor(INCREMENT, "binlog", PROJECT, STACK);
    assert.equal(registration("binlog").type, INCREMENT);
    const inputs = await checked("binlog", INCREMENT);
    assert.equal(inputs.backupSetDataFormat, "Native");
    const { id, properties } = await plugin.create(urn, inputs);
    assert.deepEqual(
      emulator.requestsFor("CreateIncrementBackupSetDownload").map((r) => r.params),
      [
        {
          BackupSetId: "dbsjob0054",
          BackupSetName: "mysql-bin.000054",
          BackupSetDataFormat: "Native",
          ClientToken: inputs.clientToken,
        },
      ],
    );
    assert.equal(properties.backupSetDownloadTaskId, id);
    emulator.advance(120_000);
    const read = await plugin.read(urn, id, properties, inputs);
    assert.equal(read.properties.status, "finish");
    assert.equal(read.properties.backupSetName, "mysql-bin.000054");
    assert.match(read.properties.internetUrl as string, /\.tar\.gz\?/);
  });
});
