/** The DBS client calling the 2021-01-01 advanced download actions against the emulator over HTTP. */
import { strict as assert } from "node:assert";
import type { DbsClientOptions } from "../../provider/dbs/client";
import { createDbsClient } from "../../provider/dbs/client";
import { fixedCredentials } from "../../provider/dbs/credentials";
import type { DbsError } from "../../provider/dbs/errors";
import { DYNAMIC_CONFIG_KEYS } from "../../provider/dynamic/provider";
import type { Emulator, EmulatorOptions } from "../../packages/emulator/src";
import { DEFAULT_CREDENTIAL, startEmulator } from "../../packages/emulator/src";

const REGION = "cn-hangzhou";
const MYSQL = "rm-emuladv0001";
const TASK_ID = /^dt-[a-z0-9]{12}$/;

describe("DBS client, 2021-01-01 actions, against the emulator over HTTP", () => {
  let emulator: Emulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  async function start(options: EmulatorOptions = {}): Promise<Emulator> {
    emulator = await startEmulator({ timeScale: 0, checkingMs: 0, downloadDurationMs: 1000, ...options });
    return emulator;
  }

  function client(running: Emulator, overrides: Partial<DbsClientOptions> = {}) {
    return createDbsClient({
      endpoint: { protocol: "http", host: `${running.host}:${running.port}` },
      credentials: fixedCredentials(DEFAULT_CREDENTIAL, "test"),
      credentialKeys: DYNAMIC_CONFIG_KEYS,
      regionId: REGION,
      readTimeoutMs: 2000,
      connectTimeoutMs: 2000,
      retry: { maxAttempts: 3 },
      sleep: async () => {},
      ...overrides,
    });
  }

  async function failure(promise: Promise<unknown>): Promise<DbsError> {
    try {
      await promise;
    } catch (err) {
      return err as DbsError;
    }
    assert.fail("expected the call to fail");
  }

  const createRequest = {
    RegionCode: REGION,
    InstanceName: MYSQL,
    BakSetType: "pitr",
    DownloadPointInTime: Date.UTC(2026, 9, 3, 12),
    FormatType: "SQL",
    TargetType: "OSS",
    TargetBucket: "my-bucket",
    TargetOssRegion: REGION,
    TargetPath: "exports",
  } as const;

  it("calls every 2021 action with its version, the SDK's parameters as strings, and reads the answers", async () => {
    const running = await start();
    const dbs = client(running);
    assert.equal(
      (await dbs.call("DescribeDownloadSupport", { RegionCode: REGION, InstanceName: MYSQL })).Data,
      "true",
    );
    const created = await dbs.call("CreateDownload", createRequest);
    assert.equal(created.Success, "true");
    assert.match(created.Data.TaskId, TASK_ID);
    assert.deepEqual(running.requestsFor("CreateDownload")[0].params, {
      RegionCode: REGION,
      InstanceName: MYSQL,
      BakSetType: "pitr",
      DownloadPointInTime: String(Date.UTC(2026, 9, 3, 12)),
      FormatType: "SQL",
      TargetType: "OSS",
      TargetBucket: "my-bucket",
      TargetOssRegion: REGION,
      TargetPath: "exports",
    });

    running.advance(1000);
    const listed = await dbs.call("DescribeDownloadTask", {
      RegionCode: REGION,
      InstanceName: MYSQL,
      TaskType: "pitr",
      StartTime: created.Data.GmtCreate,
      EndTime: created.Data.GmtCreate,
    });
    assert.deepEqual(
      listed.Data.Content.List.map((t) => [t.TaskId, t.DownloadStatus, t.Format, t.TargetPath]),
      [[created.Data.TaskId, "finished", "SQL", "exports"]],
    );
    const urls = await dbs.call("DescribeDownloadBackupSetStorageInfo", {
      RegionCode: REGION,
      TaskId: created.Data.TaskId,
      Duration: 600,
    });
    assert.equal(urls.Data.ExpirationTime, (created.Data.GmtCreate ?? 0) + 1000 + 600_000);
    assert.ok(
      urls.Data.PublicUrl.startsWith(
        `https://my-bucket.oss-${REGION}.example/exports/${created.Data.TaskId}/`,
      ),
    );

    // The same client still sends 2019-03-06 actions with their own version.
    const plans = await dbs.call("DescribeFullBackupList", { BackupPlanId: "dbsplan0001" });
    assert.equal(plans.Success, true);
    assert.deepEqual(
      running.requests.map((r) => [r.action, r.statusCode]),
      [
        ["DescribeDownloadSupport", 200],
        ["CreateDownload", 200],
        ["DescribeDownloadTask", 200],
        ["DescribeDownloadBackupSetStorageInfo", 200],
        ["DescribeFullBackupList", 200],
      ],
    );
  });

  it("retries a failed task in place with RetryDownloadTask", async () => {
    const running = await start();
    const dbs = client(running);
    const { Data: task } = await dbs.call("CreateDownload", {
      RegionCode: REGION,
      InstanceName: MYSQL,
      BakSetId: "1460059999",
      FormatType: "CSV",
    });
    running.advance(1000);
    const retried = await dbs.call("RetryDownloadTask", { RegionCode: REGION, TaskId: task.TaskId });
    assert.equal(retried.Data, task.TaskId);
    running.advance(1000);
    assert.deepEqual(
      running.advancedTasks().map((t) => [t.taskId, t.status, t.retries]),
      [[task.TaskId, "finished", 1]],
    );
  });

  it('a Success "false" answer is a DbsError naming the action, code, status and RequestId, not retried', async () => {
    const running = await start();
    const error = await failure(
      client(running).call("CreateDownload", { ...createRequest, TargetBucket: undefined }),
    );
    const [request] = running.requests;
    assert.equal(
      error.message,
      `DBS CreateDownload failed: DBS.ParamIsInValid (HTTP 200, RequestId ${request.requestId}): ` +
        "Argument: targetBucket Must not be empty.",
    );
    assert.deepEqual([error.code, error.attempts, error.transient], ["DBS.ParamIsInValid", 1, false]);
    assert.equal(running.advancedTasks().length, 0);
  });

  it('businessErrors "http": the same failure with its HTTP status', async () => {
    const running = await start({ businessErrors: "http" });
    const error = await failure(
      client(running).call("CreateDownload", {
        RegionCode: REGION,
        InstanceName: MYSQL,
        BakSetId: "999",
        FormatType: "CSV",
      }),
    );
    assert.deepEqual([error.code, error.statusCode, error.attempts], ["DBS.BackupSetNotFound", 404, 1]);
  });

  // The client's own retries are safe for a create only when the failed attempt cannot have acted.
  const RETRIED: { kind: "unavailable" | "throttling" | "reset" | "actThenDrop"; tasks: number }[] = [
    { kind: "unavailable", tasks: 1 },
    { kind: "throttling", tasks: 1 },
    { kind: "reset", tasks: 1 },
    // No ClientToken: the retry of a lost answer starts a second task.
    { kind: "actThenDrop", tasks: 2 },
  ];
  for (const { kind, tasks } of RETRIED) {
    it(`CreateDownload under ${kind}: retried once, leaving ${tasks} task(s)`, async () => {
      const running = await start({ faults: [{ kind, action: "CreateDownload" }] });
      const created = await client(running).call("CreateDownload", createRequest);
      assert.equal(running.requestsFor("CreateDownload").length, 2);
      assert.equal(running.advancedTasks().length, tasks);
      assert.equal(running.advancedTasks().at(-1)?.taskId, created.Data.TaskId);
    });
  }

  it("with maxAttempts 1, a lost answer fails once and the task it started can be found by its request", async () => {
    const running = await start({ faults: [{ kind: "actThenDrop", action: "CreateDownload" }] });
    const dbs = client(running, { retry: { maxAttempts: 1 } });
    const error = await failure(dbs.call("CreateDownload", createRequest));
    assert.equal(error.statusCode, undefined);
    const found = await dbs.call("DescribeDownloadTask", {
      RegionCode: REGION,
      InstanceName: MYSQL,
      TaskType: "pitr",
    });
    assert.deepEqual(
      found.Data.Content.List.map((t) => [t.TaskId, t.BackupSetTime, t.TargetPath]),
      [[running.advancedTasks()[0].taskId, String(createRequest.DownloadPointInTime), "exports"]],
    );
  });
});
