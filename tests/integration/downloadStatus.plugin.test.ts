// A download task's status through the real dynamic-provider plugin against the emulator over HTTP:
// waiting for it, the partial state a failed wait leaves (the task exists: its id and state must reach
// the engine) and the update that resumes it, refresh, `get`, and the incremental kind.
import { strict as assert } from "node:assert";
import { DEFAULT_CREDENTIAL } from "../../packages/emulator/src";
import { createDbsClient } from "../../provider/dbs/client";
import { fixedCredentials } from "../../provider/dbs/credentials";
import { DYNAMIC_CONFIG_KEYS } from "../../provider/dynamic/provider";
import type { PropertyBag, PluginCallError } from "../support/providerRpc";
import type { DownloadKind, PluginSuite } from "./fixtures/pluginSuite";
import { downloadInputs, startPluginSuite, urn } from "./fixtures/pluginSuite";

const CREATE = "CreateFullBackupSetDownload";
const STATUS = "DescribeBackupSetDownloadTaskList";
const MAX_ATTEMPTS = 2;

describe("download task status, waiting, refresh and get through the real dynamic-provider plugin", function () {
  this.timeout(60_000);
  let suite: PluginSuite<"main">;
  // Simulated time stands still (timeScale 0); each status request moves it on by this much, so the
  // number of status requests a wait makes is exact.
  let advancePerStatusRequest = 0;
  const emulator = () => suite.emulator;
  const plugin = () => suite.plugins.main;

  before(async () => {
    suite = await startPluginSuite(
      {
        main: {
          // One retry: a status read that keeps failing ends the wait after one (real) backoff.
          config: { "alicloud-dbs:maxAttempts": String(MAX_ATTEMPTS) },
          // Test-only: polls 100 times more often than in production.
          env: { ALIBABA_CLOUD_DBS_POLL_SCALE: "0.01" },
        },
      },
      {
        timeScale: 0,
        onRequest: (request) => {
          if (request.action === STATUS && advancePerStatusRequest > 0)
            suite.emulator.advance(advancePerStatusRequest);
        },
      },
    );
    emulator().addBackupSet({
      backupSetId: "dbsslow0001",
      backupPlanId: "dbsplan0001",
      downloadDurationMs: 1e12,
    });
  });
  after(() => suite?.close());
  beforeEach(() => {
    advancePerStatusRequest = 0;
    emulator().clearRequests();
  });

  async function checked(kind: DownloadKind, name: string, args: PropertyBag) {
    const { inputs, failures } = await plugin().check(urn(kind, name), {}, downloadInputs(kind, name, args));
    assert.deepEqual(failures, []);
    return inputs;
  }

  /** A create that fails once the task exists: rejected with ErrorResourceInitFailed. */
  async function failedCreate(name: string, args: PropertyBag) {
    const inputs = await checked("full", name, { waitForCompletion: true, ...args });
    const error = await plugin()
      .create(urn("full", name), inputs)
      .then(
        () => assert.fail("expected a failure"),
        (err: PluginCallError) => err,
      );
    assert.ok(error.initFailure, "rejected as a partially created resource");
    assert.deepEqual(
      emulator()
        .tasks()
        .filter((t) => t.clientToken === inputs.clientToken)
        .map((t) => t.taskId),
      [error.initFailure.id],
      "the one task the create made is the one recorded",
    );
    assert.equal(emulator().requestsFor(CREATE).length, 1);
    assert.equal(error.initFailure.properties.backupSetDownloadTaskId, error.initFailure.id);
    assert.equal(error.initFailure.properties.clientToken, inputs.clientToken);
    assert.equal(error.initFailure.properties.__provider, inputs.__provider);
    assert.deepEqual(error.initFailure.reasons, [error.message]);
    return { inputs, error, failure: error.initFailure };
  }

  it("waits for the task to finish and returns its status, size and URLs", async () => {
    advancePerStatusRequest = 30_000;
    const inputs = await checked("full", "waited", {
      backupSetId: "dbsset0003",
      waitForCompletion: true,
      timeoutMinutes: 5,
    });
    const { id, properties } = await plugin().create(urn("full", "waited"), inputs);
    assert.equal(emulator().requestsFor(CREATE).length, 1);
    // checking at 0 s, running at 30 s and 60 s, finish at 90 s (the task takes 62 s).
    assert.deepEqual(
      emulator()
        .requestsFor(STATUS)
        .map((r) => r.params),
      Array(4).fill({ BackupSetDownloadTaskId: id }),
    );
    const task = emulator()
      .tasks()
      .find((t) => t.taskId === id);
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
    const { error, failure } = await failedCreate("failing", { backupSetId: "dbsfail0001" });
    assert.equal(
      error.message,
      `DBS download task ${failure.id} failed with status "stop": java.lang.IndexOutOfBoundsException.`,
    );
    assert.equal(failure.properties.status, "stop");
    assert.equal(failure.properties.errorMessage, "java.lang.IndexOutOfBoundsException.");
  });

  it("times out, leaving the running task recorded in the partial state", async () => {
    const { error, failure } = await failedCreate("slow", {
      backupSetId: "dbsslow0001",
      timeoutMinutes: 0.005,
    });
    assert.equal(
      error.message,
      `DBS download task ${failure.id} did not finish within timeoutMinutes 0.005 (last status "checking"); ` +
        "the task keeps running: raise timeoutMinutes, or run `pulumi refresh` later to see its status",
    );
    assert.equal(failure.properties.status, "checking");
    assert.ok(emulator().requestsFor(STATUS).length >= 2);
  });

  it("a wait whose status reads keep failing records the created task; the engine's update then resumes that same task", async () => {
    emulator().injectFault({ kind: "unavailable", count: MAX_ATTEMPTS, action: STATUS });
    const { inputs, error, failure } = await failedCreate("unreadable", { backupSetId: "dbsset0002" });
    const reads = emulator().requestsFor(STATUS);
    assert.deepEqual(
      reads.map((r) => [r.statusCode, r.params]),
      Array(MAX_ATTEMPTS).fill([503, { BackupSetDownloadTaskId: failure.id }]),
    );
    assert.equal(
      error.message,
      `waiting for DBS download task ${failure.id} failed: DBS ${STATUS} failed: ServiceUnavailable ` +
        `(HTTP 503, RequestId ${reads[MAX_ATTEMPTS - 1].requestId}): The request has failed due to a temporary failure of the server. ` +
        "Hint: the API is throttling or unavailable; retry later, or lower the parallelism (pulumi up --parallel N). " +
        `Gave up after ${MAX_ATTEMPTS} attempts.`,
    );
    assert.equal(failure.properties.status, undefined, "no status was ever read");

    // The next `pulumi up` updates a resource that failed to initialize: it waits for the recorded
    // task again instead of creating another.
    emulator().clearRequests();
    advancePerStatusRequest = 30_000;
    const { properties } = await plugin().update(
      urn("full", "unreadable"),
      failure.id,
      failure.properties,
      inputs,
      {
        oldInputs: inputs,
      },
    );
    assert.equal(emulator().requestsFor(CREATE).length, 0);
    const ids = emulator()
      .requestsFor(STATUS)
      .map((r) => r.params.BackupSetDownloadTaskId);
    assert.deepEqual([...new Set(ids)], [failure.id], "status reads of the recorded task only");
    assert.equal(properties.status, "finish");
    assert.equal(properties.backupSetDownloadTaskId, failure.id);
    assert.equal(
      emulator()
        .tasks()
        .filter((t) => t.clientToken === inputs.clientToken).length,
      1,
    );
  });

  it("refresh follows the task along, then reports it gone once DBS forgot it", async () => {
    const name = urn("full", "unwaited");
    const inputs = await checked("full", "unwaited", {
      backupSetId: "dbsset0002",
      backupSetDataFormat: "JSON",
    });
    const { id, properties } = await plugin().create(name, inputs);
    assert.equal(emulator().requestsFor(STATUS).length, 0, "no wait by default");
    assert.equal(properties.status, undefined);

    const first = await plugin().read(name, id, properties, inputs);
    assert.equal(first.id, id);
    assert.equal(first.properties?.status, "checking");
    assert.equal(first.properties?.internetUrl, undefined);

    emulator().advance(120_000);
    const second = await plugin().read(name, id, first.properties, inputs);
    const refreshed = second.properties ?? {};
    assert.deepEqual(
      Object.fromEntries(
        ["status", "backupSetId", "backupSetDataFormat", "region", "clientToken"].map((k) => [
          k,
          refreshed[k],
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
    assert.match(refreshed.internetUrl as string, /\.json\.zip\?/);
    assert.equal(refreshed.__provider, inputs.__provider);
    assert.deepEqual(
      emulator()
        .requestsFor(STATUS)
        .map((r) => r.params),
      [{ BackupSetDownloadTaskId: id }, { BackupSetDownloadTaskId: id }],
    );

    emulator().deleteTask(id);
    const gone = await plugin().read(name, id, refreshed, inputs);
    assert.equal(gone.id, "");
  });

  it("get adopts a task created outside Pulumi, filling its inputs from DBS", async () => {
    const client = createDbsClient({
      endpoint: { protocol: "http", host: `${emulator().host}:${emulator().port}` },
      credentials: fixedCredentials(DEFAULT_CREDENTIAL, "test"),
      credentialKeys: DYNAMIC_CONFIG_KEYS,
      regionId: "cn-hangzhou",
    });
    const created = await client.call(CREATE, { BackupSetId: "dbsset0001", BackupSetDataFormat: "Native" });
    const id = created.BackupSetDownloadTaskId;
    emulator().advance(120_000);
    // What `FullBackupSetDownload.get(name, id)` registers (fullBackupSetDownload.plugin.test.ts).
    const state = downloadInputs("full", "adopted", {});
    const read = await plugin().read(urn("full", "adopted"), id, state, state);
    assert.equal(read.id, id);
    const adopted = read.properties ?? {};
    assert.deepEqual(
      Object.fromEntries(
        ["backupSetId", "backupSetDataFormat", "region", "status", "backupSetDownloadTaskId"].map((k) => [
          k,
          adopted[k],
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
    const name = urn("increment", "binlog");
    const inputs = await checked("increment", "binlog", {
      backupSetId: "dbsjob0054",
      backupSetName: "mysql-bin.000054",
    });
    assert.equal(inputs.backupSetDataFormat, "Native");
    const { id, properties } = await plugin().create(name, inputs);
    assert.deepEqual(
      emulator()
        .requestsFor("CreateIncrementBackupSetDownload")
        .map((r) => r.params),
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
    emulator().advance(120_000);
    const read = await plugin().read(name, id, properties, inputs);
    assert.equal(read.properties?.status, "finish");
    assert.equal(read.properties?.backupSetName, "mysql-bin.000054");
    assert.match(read.properties?.internetUrl as string, /\.tar\.gz\?/);
  });
});
