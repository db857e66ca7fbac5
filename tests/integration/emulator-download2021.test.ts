/**
 * The emulator's DBS 2021-01-01 side (advanced download), called over HTTP by the real openapi-core
 * client as the official dbs20210101 SDK calls it: actions, wire types, errors, the task lifecycle on
 * the emulator's clock, the options for what the docs leave open, and the gateway (signature,
 * permissions, rate limit, faults) shared with 2019-03-06.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { DEFAULT_CREDENTIAL, type Emulator, type EmulatorOptions } from "../../packages/emulator/src";
import { parseCliArgs } from "../../packages/emulator/src/cli";
import { failure, type Body, emulatorPerTest } from "../support/emulatorClient";

const SEED = path.resolve(__dirname, "../fixtures/emulator-seed.json");
const TASK_ID = /^dt-[a-z0-9]{12}$/;
const DAY_MS = 24 * 60 * 60 * 1000;
/** 2026-10-01T00:00:00Z, the seed's base: 1460059999 is day 0, 1460050001-3 days 1-3. */
const SEED_BASE = Date.UTC(2026, 9, 1);
const REGION = "cn-hangzhou";
const MYSQL = "rm-emuladv0001";
/** The emulator's clock stands still unless a test advances it. */
const FROZEN: EmulatorOptions = { timeScale: 0 };

const full = (extra: Record<string, string> = {}) => ({
  RegionCode: REGION,
  InstanceName: MYSQL,
  BakSetId: "1460050001",
  FormatType: "CSV",
  ...extra,
});

const data = (body: Body) => body.Data as Body;
const listOf = (body: Body) => (data(body).Content as { List: Body[] }).List;

describe("DBS emulator, 2021-01-01 advanced download", () => {
  let emulator: Emulator;
  const { start, caller } = emulatorPerTest((started) => (emulator = started));
  const call = (action: string, query: Record<string, string> = {}) =>
    caller({ version: "2021-01-01" })(action, query);
  const tasks = (query: Record<string, string> = {}) =>
    call("DescribeDownloadTask", { RegionCode: REGION, InstanceName: MYSQL, ...query });
  const storageInfo = (taskId: string, duration = "300") =>
    call("DescribeDownloadBackupSetStorageInfo", { RegionCode: REGION, TaskId: taskId, Duration: duration });

  describe("CreateDownload", () => {
    it("starts a full download to a URL: Data with the SDK's numbers, the state in lower case", async () => {
      await start(FROZEN);
      const body = await call("CreateDownload", full({ BakSetType: "full", BakSetSize: "1024" }));
      assert.deepEqual(Object.keys(body), [
        "RequestId",
        "Success",
        "Code",
        "Message",
        "ErrCode",
        "ErrMessage",
        "Data",
      ]);
      assert.equal(body.Success, "true");
      const task = data(body);
      assert.match(task.TaskId as string, TASK_ID);
      const created = emulator.advancedTasks();
      assert.equal(created.length, 1);
      assert.deepEqual(task, {
        TaskId: created[0].taskId,
        BakSetId: "1460050001",
        BackupSetTime: SEED_BASE + DAY_MS,
        DownloadStatus: "initializing",
        Format: "CSV",
        TargetType: "URL",
        RegionCode: REGION,
        GmtCreate: created[0].createTime,
        Progress: "0/0",
        ExportDataSize: 0,
        ImportDataSize: 0,
        DbList: "",
      });
      assert.deepEqual(
        [created[0].instanceName, created[0].bakSetType, created[0].status, created[0].params.BakSetSize],
        [MYSQL, "full", "Initializing", "1024"],
      );
    });

    it("starts a point-in-time download to OSS from the newest full set at or before that time", async () => {
      await start(FROZEN);
      const pointInTime = SEED_BASE + 2 * DAY_MS + 60_000;
      const body = await call("CreateDownload", {
        RegionCode: REGION,
        InstanceName: MYSQL,
        BakSetType: "pitr",
        DownloadPointInTime: String(pointInTime),
        FormatType: "Parquet",
        TargetType: "OSS",
        TargetBucket: "my-bucket",
        TargetOssRegion: "cn-shanghai",
        TargetPath: "exports/mysql",
      });
      const task = data(body);
      assert.deepEqual(
        [task.BakSetId, task.BackupSetTime, task.Format, task.TargetType, task.TargetPath],
        ["1460050002", pointInTime, "Parquet", "OSS", "exports/mysql"],
      );
      const [record] = emulator.advancedTasks();
      assert.deepEqual(
        [record.bakSetType, record.downloadPointInTime, record.targetBucket, record.targetOssRegion],
        ["pitr", pointInTime, "my-bucket", "cn-shanghai"],
      );
    });

    const ERRORS: { what: string; query: Record<string, string>; code: string; message: string }[] = [
      {
        what: "no RegionCode",
        query: { InstanceName: MYSQL, FormatType: "CSV", BakSetId: "1460050001" },
        code: "DBS.ParamIsInValid",
        message: "Argument: regionCode Must not be empty",
      },
      {
        what: "no InstanceName",
        query: { RegionCode: REGION, FormatType: "CSV", BakSetId: "1460050001" },
        code: "DBS.ParamIsInValid",
        message: "Argument: instanceName Must not be empty",
      },
      {
        what: "no FormatType",
        query: { RegionCode: REGION, InstanceName: MYSQL, BakSetId: "1460050001" },
        code: "DBS.ParamIsInValid",
        message: "Argument: formatType Must not be empty",
      },
      {
        what: "a FormatType in the wrong case",
        query: full({ FormatType: "csv" }),
        code: "DBS.ParamIsInValid",
        message:
          'The specified parameter FormatType value "csv" is not valid. Valid values: CSV, SQL, Parquet.',
      },
      {
        what: "an unknown BakSetType",
        query: full({ BakSetType: "incremental" }),
        code: "DBS.ParamIsInValid",
        message:
          'The specified parameter BakSetType value "incremental" is not valid. Valid values: full, pitr.',
      },
      {
        what: "full without BakSetId",
        query: { RegionCode: REGION, InstanceName: MYSQL, FormatType: "SQL", BakSetType: "full" },
        code: "DBS.ParamIsInValid",
        message: "Argument: bakSetId Must not be empty",
      },
      {
        what: "pitr without a time",
        query: { RegionCode: REGION, InstanceName: MYSQL, FormatType: "SQL", BakSetType: "pitr" },
        code: "DBS.ParamIsInValid",
        message: "Argument: downloadPointInTime Must not be empty",
      },
      {
        what: "pitr in seconds (before the first backup)",
        query: {
          ...full({ BakSetType: "pitr" }),
          DownloadPointInTime: String((SEED_BASE + 2 * DAY_MS) / 1000),
        },
        code: "DBS.ParamIsInValid",
        message:
          `The specified parameter DownloadPointInTime value "${(SEED_BASE + 2 * DAY_MS) / 1000}" is outside ` +
          `the restorable range from ${SEED_BASE} to now (epoch ms).`,
      },
      {
        what: "pitr not a number",
        query: { ...full({ BakSetType: "pitr" }), DownloadPointInTime: "2026-10-02T00:00:00Z" },
        code: "DBS.ParamIsInValid",
        message:
          'The specified parameter DownloadPointInTime value "2026-10-02T00:00:00Z" is not valid. ' +
          `It must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}.`,
      },
      {
        what: "an unknown TargetType",
        query: full({ TargetType: "oss" }),
        code: "DBS.ParamIsInValid",
        message: 'The specified parameter TargetType value "oss" is not valid. Valid values: URL, OSS.',
      },
      {
        what: "OSS without a bucket",
        query: full({ TargetType: "OSS", TargetOssRegion: REGION, TargetPath: "p" }),
        code: "DBS.ParamIsInValid",
        message: "Argument: targetBucket Must not be empty",
      },
      {
        what: "OSS without a bucket region",
        query: full({ TargetType: "OSS", TargetBucket: "b", TargetPath: "p" }),
        code: "DBS.ParamIsInValid",
        message: "Argument: targetOssRegion Must not be empty",
      },
      {
        what: "OSS without a path",
        query: full({ TargetType: "OSS", TargetBucket: "b", TargetOssRegion: REGION }),
        code: "DBS.ParamIsInValid",
        message: "Argument: targetPath Must not be empty",
      },
      {
        what: "a BakSetSize that is not a number",
        query: full({ BakSetSize: "1 GB" }),
        code: "DBS.ParamIsInValid",
        message:
          'The specified parameter BakSetSize value "1 GB" is not valid. ' +
          `It must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}.`,
      },
      {
        what: "an unknown instance",
        query: full({ InstanceName: "rm-nosuch" }),
        code: "DBS.InstanceNotFound",
        message: "The instance rm-nosuch does not exist in this region.",
      },
      {
        what: "the instance in another region",
        query: full({ RegionCode: "cn-beijing" }),
        code: "DBS.InstanceNotFound",
        message: `The instance ${MYSQL} does not exist in this region.`,
      },
      {
        what: "an unknown backup set",
        query: full({ BakSetId: "999" }),
        code: "DBS.BackupSetNotFound",
        message: "The backup set 999 does not exist.",
      },
      {
        what: "an instance without advanced download",
        query: full({ InstanceName: "rm-emulnodl0003" }),
        code: "DBS.NotSupport",
        message: "The instance rm-emulnodl0003 does not support advanced download.",
      },
    ];
    for (const { what, query, code, message } of ERRORS) {
      it(`answers ${what} with HTTP 200, Success "false", ${code}, and starts no task`, async () => {
        await start(FROZEN);
        const body = await call("CreateDownload", query);
        assert.deepEqual(body, {
          RequestId: body.RequestId,
          Success: "false",
          Code: code,
          Message: message,
          ErrCode: code,
          ErrMessage: message,
        });
        assert.equal(emulator.advancedTasks().length, 0);
        assert.equal(emulator.requests[0].code, code);
      });
    }

    it("refuses a point in time later than now", async () => {
      await start(FROZEN);
      const future = Date.now() + DAY_MS;
      const body = await call(
        "CreateDownload",
        full({ BakSetType: "pitr", DownloadPointInTime: String(future) }),
      );
      assert.equal(body.ErrCode, "DBS.ParamIsInValid");
      assert.match(body.ErrMessage as string, /is outside the restorable range/);
    });

    it('businessErrors "http": the same errors as gateway errors with a 4xx status', async () => {
      await start({ ...FROZEN, businessErrors: "http" });
      const missing = await failure(call("CreateDownload", full({ FormatType: "" })));
      assert.deepEqual(
        [missing.name, missing.statusCode, missing.code, (missing.data as Body).Message],
        ["ClientError", 400, "DBS.ParamIsInValid", "Argument: formatType Must not be empty"],
      );
      const unknown = await failure(call("CreateDownload", full({ BakSetId: "999" })));
      assert.deepEqual([unknown.statusCode, unknown.code], [404, "DBS.BackupSetNotFound"]);
      assert.equal(emulator.advancedTasks().length, 0);
    });
  });

  describe("the task lifecycle on the emulator's clock", () => {
    it("Initializing, queuing, running with progress, finished; a URL download expires 3 days later", async () => {
      await start({ ...FROZEN, checkingMs: 2000, downloadDurationMs: 60_000 });
      await call("CreateDownload", full());
      const seen = async () => {
        const [task] = listOf(await tasks());
        return [task.DownloadStatus, task.Progress, task.ImportDataSize];
      };
      const size = String(200 * 1024 * 1024 + 4096);
      assert.deepEqual(await seen(), ["Initializing", "0/0", "0"]);
      emulator.advance(1000);
      assert.deepEqual(await seen(), ["queuing", "0/0", "0"]);
      emulator.advance(1000);
      assert.deepEqual(await seen(), ["running", "0/8", "0"]);
      emulator.advance(30_000);
      assert.deepEqual(await seen(), ["running", "4/8", String(Math.floor(Number(size) / 2))]);
      emulator.advance(30_000);
      assert.deepEqual(await seen(), ["finished", "8/8", size]);
      emulator.advance(3 * DAY_MS - 1);
      assert.equal((await seen())[0], "finished");
      emulator.advance(1);
      assert.equal((await seen())[0], "expired");
    });

    it("an OSS download does not expire; a set seeded to fail ends failed", async () => {
      await start({ ...FROZEN, checkingMs: 0, downloadDurationMs: 1000 });
      await call(
        "CreateDownload",
        full({ TargetType: "OSS", TargetBucket: "b", TargetOssRegion: REGION, TargetPath: "p" }),
      );
      await call("CreateDownload", full({ BakSetId: "1460059999" }));
      emulator.advance(1000 + 10 * DAY_MS);
      assert.deepEqual(
        emulator.advancedTasks().map((t) => t.status),
        ["finished", "failed"],
      );
    });
  });

  describe("DescribeDownloadTask", () => {
    /**
     * Three tasks one minute apart, listed 3 minutes after the first: full CSV 1460050001 (finished),
     * full SQL 1460050002 and pitr SQL (running).
     */
    async function threeTasks(options: EmulatorOptions = {}): Promise<string[]> {
      await start({ ...FROZEN, checkingMs: 0, downloadDurationMs: 150_000, ...options });
      const ids: string[] = [];
      const requests = [
        full(),
        full({ BakSetId: "1460050002", FormatType: "SQL" }),
        full({ BakSetType: "pitr", DownloadPointInTime: String(SEED_BASE + 3 * DAY_MS), FormatType: "SQL" }),
      ];
      for (const request of requests) {
        ids.push(data(await call("CreateDownload", request)).TaskId as string);
        emulator.advance(60_000);
      }
      return ids;
    }
    const idsOf = async (query: Record<string, string> = {}) =>
      listOf(await tasks(query)).map((t) => t.TaskId);

    it("lists an instance's tasks newest first, every field a string, CSV spelled csv", async () => {
      const [first, second, third] = await threeTasks();
      const body = await tasks();
      assert.equal(body.Success, "true");
      const { Content, ...paging } = data(body);
      assert.deepEqual(paging, { PageNumber: 1, PageSize: 10, TotalElements: 3, TotalPages: 1, Extra: "" });
      const list = (Content as { List: Body[] }).List;
      assert.deepEqual(
        list.map((t) => t.TaskId),
        [third, second, first],
      );
      const created = emulator.advancedTasks()[0];
      assert.deepEqual(list[2], {
        TaskId: first,
        BakSetId: "1460050001",
        BackupSetTime: String(SEED_BASE + DAY_MS),
        DownloadStatus: "finished",
        Format: "csv",
        TargetType: "URL",
        RegionCode: REGION,
        GmtCreate: String(created.createTime),
        Progress: "8/8",
        ExportDataSize: String(200 * 1024 * 1024 + 4096),
        ImportDataSize: String(200 * 1024 * 1024 + 4096),
        DbList: "",
      });
      assert.deepEqual(
        list.map((t) => [t.DownloadStatus, t.Format]),
        [
          ["running", "SQL"],
          ["running", "SQL"],
          ["finished", "csv"],
        ],
      );
    });

    it('listedFormat "requested": CSV as CreateDownload took it', async () => {
      await threeTasks({ listedFormat: "requested" });
      assert.deepEqual(
        listOf(await tasks()).map((t) => t.Format),
        ["SQL", "SQL", "CSV"],
      );
    });

    it("filters by backup set, task type, state (either case and spelling), data source and creation time", async () => {
      const [first, second, third] = await threeTasks();
      const created = emulator.advancedTasks().map((t) => t.createTime);
      assert.deepEqual(await idsOf({ BackupSetId: "1460050002" }), [second]);
      assert.deepEqual(await idsOf({ BackupSetId: "1460050003" }), [third]);
      assert.deepEqual(await idsOf({ TaskType: "pitr" }), [third]);
      assert.deepEqual(await idsOf({ TaskType: "full" }), [second, first]);
      assert.deepEqual(await idsOf({ State: "finished" }), [first]);
      assert.deepEqual(await idsOf({ State: "RUNNING" }), [third, second]);
      assert.deepEqual(await idsOf({ DatasourceId: `ds-${MYSQL}_${REGION}` }), [third, second, first]);
      assert.deepEqual(await idsOf({ DatasourceId: `ds-${MYSQL}_cn-beijing` }), []);
      assert.deepEqual(await idsOf({ StartTime: String(created[1]) }), [third, second]);
      assert.deepEqual(await idsOf({ StartTime: String(created[1]), EndTime: String(created[1]) }), [second]);
      assert.deepEqual(await idsOf({ EndTime: String(created[1] - 1) }), [first]);
    });

    it("a queuing task matches State queueing (the filter's spelling) and queuing (the list's)", async () => {
      await start({ ...FROZEN, checkingMs: 2000 });
      await call("CreateDownload", full());
      emulator.advance(1500);
      const [task] = emulator.advancedTasks();
      assert.deepEqual(await idsOf({ State: "queueing" }), [task.taskId]);
      assert.deepEqual(await idsOf({ State: "queuing" }), [task.taskId]);
      assert.deepEqual(await idsOf({ State: "Initializing" }), []);
    });

    it("orders and pages", async () => {
      const [first, second, third] = await threeTasks();
      assert.deepEqual(await idsOf({ OrderDirect: "asc", OrderColumn: "gmt_create" }), [
        first,
        second,
        third,
      ]);
      const page2 = data(await tasks({ PageSize: "2", CurrentPage: "2" }));
      assert.deepEqual(
        [page2.PageNumber, page2.PageSize, page2.TotalElements, page2.TotalPages],
        [2, 2, 3, 2],
      );
      assert.deepEqual(await idsOf({ PageSize: "2", CurrentPage: "2" }), [first]);
      assert.deepEqual(await idsOf({ PageSize: "2", CurrentPage: "3" }), []);
    });

    it("an unknown instance has no tasks; bad filters are DBS.ParamIsInValid", async () => {
      await threeTasks();
      assert.deepEqual(await idsOf({ InstanceName: "rm-nosuch" }), []);
      const bad: [Record<string, string>, string][] = [
        [{ InstanceName: "" }, "Argument: instanceName Must not be empty"],
        [{ RegionCode: "" }, "Argument: regionCode Must not be empty"],
        [
          { State: "done" },
          'The specified parameter State value "done" is not valid. Valid values: Initializing, queueing, running, failed, finished, expired.',
        ],
        [
          { TaskType: "incr" },
          'The specified parameter TaskType value "incr" is not valid. Valid values: full, pitr.',
        ],
        [
          { OrderDirect: "up" },
          'The specified parameter OrderDirect value "up" is not valid. Valid values: asc, desc.',
        ],
        [
          { OrderColumn: "task_id" },
          'The specified parameter OrderColumn value "task_id" is not valid. Valid values: gmt_create.',
        ],
        [
          { PageSize: "101" },
          'The specified parameter PageSize value "101" is not valid. It must be a whole number from 1 to 100.',
        ],
        [
          { CurrentPage: "0" },
          `The specified parameter CurrentPage value "0" is not valid. It must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}.`,
        ],
        [
          { StartTime: "yesterday" },
          `The specified parameter StartTime value "yesterday" is not valid. It must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}.`,
        ],
      ];
      for (const [query, message] of bad) {
        const body = await tasks(query);
        assert.deepEqual(
          [body.Success, body.ErrCode, body.ErrMessage],
          ["false", "DBS.ParamIsInValid", message],
        );
      }
    });
  });

  describe("DescribeDownloadBackupSetStorageInfo", () => {
    it("mints fresh signed URLs with the requested lifetime for a finished task", async () => {
      await start({ ...FROZEN, checkingMs: 0, downloadDurationMs: 1000 });
      const taskId = data(await call("CreateDownload", full())).TaskId as string;
      const early = await storageInfo(taskId);
      assert.deepEqual(
        [early.Success, early.ErrCode, early.ErrMessage],
        [
          "false",
          "DBS.TaskNotFinished",
          `The download task ${taskId} is running; its files can be fetched once it is finished.`,
        ],
      );
      emulator.advance(1000);
      const now = emulator.advancedTasks()[0].createTime + 1000;
      const first = data(await storageInfo(taskId, "300"));
      assert.deepEqual(Object.keys(first), ["PublicUrl", "PrivateUrl", "ExpirationTime"]);
      assert.equal(first.ExpirationTime, now + 300_000);
      const expires = Math.floor((now + 300_000) / 1000);
      const file = `${taskId}/dbs_target_file_path/${MYSQL}_1460050001.csv.tar.gz?Expires=${expires}&`;
      assert.ok(
        (first.PublicUrl as string).startsWith(
          `https://dbs-1000000000000001-${REGION}.oss-${REGION}.example/${file}`,
        ),
      );
      assert.ok(
        (first.PrivateUrl as string).startsWith(
          `https://dbs-1000000000000001-${REGION}.oss-${REGION}-internal.example/${file}`,
        ),
      );
      const second = data(await storageInfo(taskId, "86400"));
      assert.equal(second.ExpirationTime, now + 86_400_000);
      assert.notEqual(second.PublicUrl, first.PublicUrl);
      const byBackupSet = await call("DescribeDownloadBackupSetStorageInfo", {
        RegionCode: REGION,
        InstanceName: MYSQL,
        BackupSetId: "1460050001",
        Duration: "7200",
      });
      assert.equal(data(byBackupSet).ExpirationTime, now + 7_200_000);
    });

    it("OSS targets: URLs into the user's bucket and path", async () => {
      await start({ ...FROZEN, checkingMs: 0, downloadDurationMs: 0 });
      const oss = full({
        TargetType: "OSS",
        TargetBucket: "my-bucket",
        TargetOssRegion: "cn-shanghai",
        TargetPath: "x/",
      });
      const taskId = data(await call("CreateDownload", oss)).TaskId as string;
      const url = data(await storageInfo(taskId)).PublicUrl as string;
      assert.ok(
        url.startsWith(`https://my-bucket.oss-cn-shanghai.example/x/${taskId}/dbs_target_file_path/`),
        url,
      );
    });

    it('urlExpirationUnit "s": ExpirationTime in seconds, as the SDK\'s example value', async () => {
      await start({ ...FROZEN, checkingMs: 0, downloadDurationMs: 0, urlExpirationUnit: "s" });
      const taskId = data(await call("CreateDownload", full())).TaskId as string;
      const createTime = emulator.advancedTasks()[0].createTime;
      assert.equal(
        data(await storageInfo(taskId, "600")).ExpirationTime,
        Math.floor((createTime + 600_000) / 1000),
      );
    });

    it("refuses a bad Duration, an unknown or expired task, and a request naming no task", async () => {
      await start({ ...FROZEN, checkingMs: 0, downloadDurationMs: 0 });
      const taskId = data(await call("CreateDownload", full())).TaskId as string;
      const cases: [Record<string, string>, string, string][] = [
        [{ TaskId: taskId }, "DBS.ParamIsInValid", "Argument: duration Must not be empty"],
        [
          { TaskId: taskId, Duration: "299" },
          "DBS.ParamIsInValid",
          'The specified parameter Duration value "299" is not valid. It must be a whole number from 300 to 86400.',
        ],
        [
          { TaskId: taskId, Duration: "86401" },
          "DBS.ParamIsInValid",
          'The specified parameter Duration value "86401" is not valid. It must be a whole number from 300 to 86400.',
        ],
        [
          { Duration: "300" },
          "DBS.ParamIsInValid",
          "Argument: taskId Must not be empty (or give both instanceName and backupSetId)",
        ],
        [
          { TaskId: "dt-nosuch", Duration: "300" },
          "DBS.TaskNotFound",
          "The download task dt-nosuch does not exist.",
        ],
        [
          { InstanceName: MYSQL, BackupSetId: "1460050002", Duration: "300" },
          "DBS.TaskNotFound",
          "No finished download of backup set 1460050002 exists.",
        ],
      ];
      for (const [query, code, message] of cases) {
        const body = await call("DescribeDownloadBackupSetStorageInfo", { RegionCode: REGION, ...query });
        assert.deepEqual([body.ErrCode, body.ErrMessage], [code, message], JSON.stringify(query));
      }
      emulator.advance(3 * DAY_MS);
      const expired = await storageInfo(taskId);
      assert.deepEqual(
        [expired.ErrCode, expired.ErrMessage],
        [
          "DBS.TaskExpired",
          `The download task ${taskId} expired 3 days after it finished; its files are gone.`,
        ],
      );
    });
  });

  describe("RetryDownloadTask", () => {
    it("restarts a failed task in place (default): same ID, from Initializing, and it can now finish", async () => {
      await start({ ...FROZEN, checkingMs: 1000, downloadDurationMs: 1000 });
      const taskId = data(await call("CreateDownload", full({ BakSetId: "1460059999" }))).TaskId as string;
      const early = await call("RetryDownloadTask", { RegionCode: REGION, TaskId: taskId });
      assert.deepEqual(
        [early.ErrCode, early.ErrMessage],
        ["DBS.TaskStatusInvalid", `Only a failed download task can be retried; ${taskId} is Initializing.`],
      );
      emulator.advance(2000);
      assert.equal(listOf(await tasks())[0].DownloadStatus, "failed");
      const retried = await call("RetryDownloadTask", {
        RegionCode: REGION,
        TaskId: taskId,
        InstanceName: MYSQL,
      });
      assert.deepEqual([retried.Success, retried.Data], ["true", taskId]);
      assert.equal(listOf(await tasks())[0].DownloadStatus, "Initializing");
      emulator.advance(2000);
      const [record] = emulator.advancedTasks();
      assert.deepEqual([record.status, record.retries, emulator.advancedTasks().length], ["finished", 1, 1]);
    });

    it('retryDownloadTask "newTask": a new task with the same request, whose ID is Data', async () => {
      await start({ ...FROZEN, checkingMs: 0, downloadDurationMs: 1000, retryDownloadTask: "newTask" });
      const taskId = data(await call("CreateDownload", full({ BakSetId: "1460059999" }))).TaskId as string;
      emulator.advance(1000);
      const retried = (await call("RetryDownloadTask", { RegionCode: REGION, TaskId: taskId }))
        .Data as string;
      assert.match(retried, TASK_ID);
      assert.notEqual(retried, taskId);
      emulator.advance(1000);
      const records = emulator.advancedTasks();
      assert.deepEqual(
        records.map((t) => [t.taskId, t.status, t.retryOf, t.params.BakSetId]),
        [
          [taskId, "failed", undefined, "1460059999"],
          [retried, "finished", taskId, "1460059999"],
        ],
      );
    });

    it("a set that always fails fails again; unknown tasks and another instance's are not found", async () => {
      await start({ ...FROZEN, checkingMs: 0, downloadDurationMs: 1000 });
      const pg = {
        RegionCode: "cn-shanghai",
        InstanceName: "pgm-emuladv0002",
        BakSetId: "2460050001",
        FormatType: "SQL",
      };
      const taskId = data(await call("CreateDownload", pg)).TaskId as string;
      emulator.advance(1000);
      await call("RetryDownloadTask", { RegionCode: "cn-shanghai", TaskId: taskId });
      emulator.advance(1000);
      assert.deepEqual(
        emulator.advancedTasks().map((t) => [t.status, t.retries]),
        [["failed", 1]],
      );
      const notFound: Record<string, string>[] = [
        { RegionCode: "cn-shanghai", TaskId: "dt-nosuch" },
        { RegionCode: REGION, TaskId: taskId },
        { RegionCode: "cn-shanghai", TaskId: taskId, InstanceName: MYSQL },
      ];
      for (const query of notFound) {
        const body = await call("RetryDownloadTask", query);
        assert.deepEqual(
          [body.ErrCode, body.ErrMessage],
          ["DBS.TaskNotFound", `The download task ${query.TaskId} does not exist.`],
        );
      }
      const missing = await call("RetryDownloadTask", { RegionCode: "cn-shanghai" });
      assert.equal(missing.ErrMessage, "Argument: taskId Must not be empty");
    });
  });

  describe("DescribeDownloadSupport", () => {
    it('answers Data "true" or "false" per instance, and an unknown instance is not found', async () => {
      await start(FROZEN);
      const support = async (name: string) =>
        call("DescribeDownloadSupport", { RegionCode: REGION, InstanceName: name });
      assert.equal((await support(MYSQL)).Data, "true");
      assert.equal((await support("rm-emulnodl0003")).Data, "false");
      const unknown = await support("pgm-emuladv0002");
      assert.deepEqual(
        [unknown.Success, unknown.ErrCode, unknown.ErrMessage],
        ["false", "DBS.InstanceNotFound", "The instance pgm-emuladv0002 does not exist in this region."],
      );
    });
  });

  describe("the gateway, shared with 2019-03-06", () => {
    it("routes by version: a 2019 action under 2021-01-01 and a 2021 action under 2019-03-06 are not found", async () => {
      await start(FROZEN);
      const under2021 = await failure(call("DescribeFullBackupList", { BackupPlanId: "dbsplan0001" }));
      const under2019 = await failure(caller()("CreateDownload", full()));
      for (const error of [under2021, under2019]) {
        assert.deepEqual([error.statusCode, error.code], [404, "InvalidAction.NotFound"]);
      }
    });

    for (const signatureAlgorithm of [undefined, "v2"] as const) {
      it(`checks signatures (${signatureAlgorithm ?? "V3"}): a wrong secret starts no task`, async () => {
        await start(FROZEN);
        const credential = { ...DEFAULT_CREDENTIAL, accessKeySecret: "not-the-secret" };
        const wrong = caller({ credential, signatureAlgorithm, version: "2021-01-01" });
        const error = await failure(wrong("CreateDownload", full()));
        assert.deepEqual([error.statusCode, error.code], [400, "SignatureDoesNotMatch"]);
        assert.equal(emulator.advancedTasks().length, 0);
        const right = caller({ signatureAlgorithm, version: "2021-01-01" });
        assert.equal((await right("CreateDownload", full())).Success, "true");
        assert.equal(emulator.requests[1].signatureVersion, signatureAlgorithm ? "v1" : "v3");
      });
    }

    it("denies an action a key lacks with 403 Request.Forbidden naming dbs:CreateDownload", async () => {
      const limited = {
        accessKeyId: "LTAIreadOnly",
        accessKeySecret: "ro-secret-1234",
        deniedActions: ["CreateDownload"],
      };
      await start({ ...FROZEN, credentials: [limited] });
      const as = caller({ credential: limited, version: "2021-01-01" });
      const error = await failure(as("CreateDownload", full()));
      assert.deepEqual([error.statusCode, error.code], [403, "Request.Forbidden"]);
      assert.equal(
        (error.data as { AccessDeniedDetail: Body }).AccessDeniedDetail.AuthAction,
        "dbs:CreateDownload",
      );
      assert.equal(
        (await as("DescribeDownloadTask", { RegionCode: REGION, InstanceName: MYSQL })).Success,
        "true",
      );
      assert.equal(emulator.advancedTasks().length, 0);
    });

    it("rate-limits 2021 requests with the same per-key limit", async () => {
      await start({ ...FROZEN, rateLimit: 2 });
      await tasks();
      await tasks();
      const error = await failure(tasks());
      assert.deepEqual([error.statusCode, error.code], [400, "Throttling.User"]);
    });
  });

  describe("faults on CreateDownload (no ClientToken: the API is not idempotent)", () => {
    it("actThenDrop: the task starts but the answer is lost; a retry starts a second task", async () => {
      await start({ ...FROZEN, faults: [{ kind: "actThenDrop", action: "CreateDownload" }] });
      const error = await failure(call("CreateDownload", full()));
      assert.equal(error.statusCode, undefined);
      assert.equal(emulator.advancedTasks().length, 1);
      // What a find-before-create sees: the lost task, with the request's backup set and format.
      const [listed] = listOf(await tasks({ BackupSetId: "1460050001", TaskType: "full" }));
      assert.equal(listed.TaskId, emulator.advancedTasks()[0].taskId);
      await call("CreateDownload", full());
      assert.equal(emulator.advancedTasks().length, 2);
      assert.deepEqual(
        emulator.requestsFor("CreateDownload").map((r) => r.statusCode),
        [0, 200],
      );
    });

    const NO_TASK: { kind: "reset" | "unavailable" | "throttling"; status: number; code?: string }[] = [
      { kind: "reset", status: 0 },
      { kind: "unavailable", status: 503, code: "ServiceUnavailable" },
      { kind: "throttling", status: 400, code: "Throttling.User" },
    ];
    for (const { kind, status, code } of NO_TASK) {
      it(`${kind}: fails before acting and starts no task; a fault for CreateDownload spares other actions`, async () => {
        await start(FROZEN);
        emulator.injectFault({ kind, action: "CreateDownload" });
        assert.equal((await tasks()).Success, "true");
        const error = await failure(call("CreateDownload", full()));
        assert.equal(error.statusCode, code ? status : undefined);
        if (code) assert.equal(error.code, code);
        assert.equal(emulator.advancedTasks().length, 0);
        assert.equal(data(await call("CreateDownload", full())).DownloadStatus, "initializing");
        assert.deepEqual(
          emulator.requests.map((r) => [r.action, r.statusCode]),
          [
            ["DescribeDownloadTask", 200],
            ["CreateDownload", status],
            ["CreateDownload", 200],
          ],
        );
      });
    }
  });

  describe("seeds and options", () => {
    it("a seed file's instances replace the defaults (CLI --seed and the option flags)", async () => {
      const options = parseCliArgs([
        "--seed",
        SEED,
        "--url-expiration-unit",
        "s",
        "--retry-download-task",
        "newTask",
        "--listed-format",
        "requested",
      ]);
      assert.ok(options !== "help");
      assert.deepEqual(
        [options.urlExpirationUnit, options.retryDownloadTask, options.listedFormat],
        ["s", "newTask", "requested"],
      );
      await start({ ...options, ...FROZEN });
      const credential = { accessKeyId: "LTAIfixtureKey", accessKeySecret: "fixture-secret-7Hq2" };
      const seededCall = caller({ credential, version: "2021-01-01" });
      const seeded = {
        RegionCode: "cn-beijing",
        InstanceName: "rm-fixture01",
        BakSetId: "3460050001",
        FormatType: "CSV",
      };
      assert.equal((await seededCall("CreateDownload", seeded)).Success, "true");
      assert.equal((await seededCall("CreateDownload", full())).ErrCode, "DBS.InstanceNotFound");
    });

    it("rejects bad instance seeds and option values with a message naming them", async () => {
      const cases: [EmulatorOptions, string][] = [
        [{ instances: [{ instanceName: "" }] }, "every instance needs a non-empty string instanceName"],
        [
          { instances: [{ instanceName: "rm-a", backupSets: [{ backupSetId: "1", time: -1 }] }] },
          'instance "rm-a", backup set "1": time must be epoch ms, got -1',
        ],
        [
          { instances: [{ instanceName: "rm-a", engine: "Oracle" as "MySQL" }] },
          'instance "rm-a": engine must be one of MySQL, PostgreSQL, PolarDB, MongoDB, got "Oracle"',
        ],
        [
          { instances: [{ instanceName: "rm-a" }, { instanceName: "rm-a" }] },
          "instance rm-a is listed twice",
        ],
        [{ urlExpirationUnit: "min" as "s" }, 'urlExpirationUnit must be "ms" or "s", got "min"'],
        [
          { retryDownloadTask: "never" as "newTask" },
          'retryDownloadTask must be "inPlace" or "newTask", got "never"',
        ],
      ];
      for (const [options, message] of cases) {
        await assert.rejects(start(options), { message });
      }
    });
  });
});
