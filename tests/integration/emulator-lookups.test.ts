/** DescribeFullBackupList and DescribeIncrementBackupList over HTTP: paging, filters, wire fields. */
import assert from "node:assert/strict";
import { startEmulator, type Emulator, type SeedBackupSet } from "../../packages/emulator/src";
import { failure, type Body, emulatorPerTest } from "../support/emulatorClient";

const DAY_MS = 86_400_000;
const DEFAULT_ENDPOINT_FIELDS = {
  SourceEndpointHost: "rm-emulator0001.mysql.rds.aliyuncs.com",
  SourceEndpointInstanceId: "rm-emulator0001",
  SourceEndpointInstanceType: "rds",
  SourceEndpointIpPort: "rm-emulator0001.mysql.rds.aliyuncs.com:3306",
  SourceEndpointPort: "3306",
  SourceEndpointRegion: "cn-hangzhou",
};

const fullFiles = (b: Body) => (b.Items as { FullBackupFile: Body[] }).FullBackupFile;
const incrementFiles = (b: Body) => (b.Items as { IncrementBackupFile: Body[] }).IncrementBackupFile;
const ids = (files: Body[]) => files.map((f) => f.BackupSetId);

describe("DBS emulator backup set lists", () => {
  let emulator: Emulator;
  const { start, caller } = emulatorPerTest((started) => (emulator = started));

  it("DescribeFullBackupList pages the seeded plan newest first and filters", async () => {
    await start();
    const call = caller();
    const files = fullFiles;
    const first = await call("DescribeFullBackupList", { BackupPlanId: "dbsplan0002" });
    assert.deepEqual([first.TotalElements, first.TotalPages, files(first).length], [35, 2, 30]);
    // Every field of the SDK 1.0.3 FullBackupFile model, with its wire type; these are the defaults.
    assert.deepEqual(files(first)[0], {
      BackupGatewayIdentifier: "",
      BackupObjects: '[{"DBName":"test"}]',
      BackupSetExpiredTime: Date.UTC(2026, 9, 36) + 30 * DAY_MS,
      BackupSetId: "dbsbulk0035",
      BackupSize: 100 * 1024 * 1024 + 35 * 4096,
      BackupStatus: "running",
      CreateTime: Date.UTC(2026, 9, 36),
      CrossAliyunId: "",
      CrossRoleName: "",
      EndTime: 0,
      ErrMessage: "",
      FinishTime: 0,
      LogicalFullBackupProgress: 0,
      LogicalStructureBackupProgress: 0,
      SourceEndpointEnableSsl: "false",
      ...DEFAULT_ENDPOINT_FIELDS,
      SourceEndpointUserName: "dbs_backup",
      StartTime: Date.UTC(2026, 9, 36),
      StorageEncryptMethod: "",
      StorageMethod: "Standard",
    });
    assert.equal(Object.keys(files(first)[0]).length, 25);
    const finished = files(first)[1];
    assert.deepEqual(
      [finished.BackupStatus, finished.LogicalFullBackupProgress, finished.LogicalStructureBackupProgress],
      ["finish", 100, 100],
    );
    const failed = files(first).find((f) => f.BackupStatus === "stop");
    assert.equal(failed?.ErrMessage, "The backup job failed.");
    const second = await call("DescribeFullBackupList", { BackupPlanId: "dbsplan0002", PageNum: "1" });
    assert.deepEqual(
      files(second).map((f) => f.BackupSetId),
      ["dbsbulk0005", "dbsbulk0004", "dbsbulk0003", "dbsbulk0002", "dbsbulk0001"],
    );
    const stopped = await call("DescribeFullBackupList", {
      BackupPlanId: "dbsplan0002",
      BackupSetStatus: "stop",
    });
    assert.deepEqual(
      files(stopped).map((f) => f.BackupSetId),
      ["dbsbulk0020", "dbsbulk0010"],
    );
    const one = await call("DescribeFullBackupList", {
      BackupPlanId: "dbsplan0002",
      BackupSetId: "dbsbulk0007",
    });
    const t = files(one)[0].StartTime as number;
    const windowed = await call("DescribeFullBackupList", {
      BackupPlanId: "dbsplan0002",
      StartTimestamp: String(t),
      EndTimestamp: String(t + 2 * 86_400_000),
    });
    assert.deepEqual(
      files(windowed).map((f) => f.BackupSetId),
      ["dbsbulk0009", "dbsbulk0008", "dbsbulk0007"],
    );
    const missing = await failure(call("DescribeFullBackupList", {}));
    assert.equal(missing.code, "MissingParameter");
  });

  it("DescribeIncrementBackupList lists binlogs newest first with the SDK's 14 fields", async () => {
    await start();
    const body = await caller({ signatureAlgorithm: "v2" })("DescribeIncrementBackupList", {
      BackupPlanId: "dbsplan0001",
    });
    const files = incrementFiles(body);
    assert.deepEqual(
      files.map((f) => [f.BackupSetId, f.BackupSetJobId, f.BackupStatus]),
      [
        ["mysql-bin.000055", "dbsjob0055", "COMPLETED"],
        ["mysql-bin.000054", "dbsjob0054", "COMPLETED"],
      ],
    );
    assert.equal(body.TotalElements, 2);
    const start055 = Date.UTC(2026, 9, 4, 2);
    assert.deepEqual(files[0], {
      BackupSetExpiredTime: start055 + 30 * DAY_MS,
      BackupSetId: "mysql-bin.000055",
      BackupSetJobId: "dbsjob0055",
      BackupSize: 16 * 1024 * 1024 + 2,
      BackupStatus: "COMPLETED",
      EndTime: start055 + 3_600_000,
      ...DEFAULT_ENDPOINT_FIELDS,
      StartTime: start055,
      StorageMethod: "Standard",
    });
  });

  it("sends what a seed sets for every FullBackupFile and IncrementBackupFile field", async () => {
    const endpoint = {
      host: "10.0.0.8",
      port: 5432,
      instanceId: "pgm-bp1seeded",
      instanceType: "ecs",
      region: "cn-beijing",
      userName: "backup_ro",
      enableSsl: true,
    };
    const seeded: SeedBackupSet = {
      backupSetId: "dbsseed0001",
      backupPlanId: "dbsplanseed",
      status: "finish",
      size: 4096,
      createTime: 1_700_000_000_000,
      startTime: 1_700_000_001_000,
      endTime: 1_700_000_060_000,
      finishTime: 1_700_000_061_000,
      expiredTime: 1_800_000_000_000,
      backupObjects: '[{"DBName":"orders"}]',
      errMessage: "warning: 2 tables skipped",
      storageMethod: "IA",
      storageEncryptMethod: "encrypted",
      backupGatewayIdentifier: "TESTGATEWAY",
      crossAliyunId: "2000000000000002",
      crossRoleName: "ram-for-dbs",
      logicalFullBackupProgress: 80,
      logicalStructureBackupProgress: 95,
      sourceEndpoint: endpoint,
    };
    await start({
      backupSets: [
        seeded,
        {
          backupSetId: "mysql-bin.000900",
          backupSetJobId: "dbsjobseed",
          backupPlanId: "dbsplanseed",
          kind: "increment",
          startTime: 1_700_000_100_000,
          storageMethod: "Archive",
          sourceEndpoint: { port: 3307 },
        },
      ],
    });
    const call = caller();
    const [full] = fullFiles(await call("DescribeFullBackupList", { BackupPlanId: "dbsplanseed" }));
    assert.deepEqual(full, {
      BackupGatewayIdentifier: "TESTGATEWAY",
      BackupObjects: '[{"DBName":"orders"}]',
      BackupSetExpiredTime: 1_800_000_000_000,
      BackupSetId: "dbsseed0001",
      BackupSize: 4096,
      BackupStatus: "finish",
      CreateTime: 1_700_000_000_000,
      CrossAliyunId: "2000000000000002",
      CrossRoleName: "ram-for-dbs",
      EndTime: 1_700_000_060_000,
      ErrMessage: "warning: 2 tables skipped",
      FinishTime: 1_700_000_061_000,
      LogicalFullBackupProgress: 80,
      LogicalStructureBackupProgress: 95,
      SourceEndpointEnableSsl: "true",
      SourceEndpointHost: "10.0.0.8",
      SourceEndpointInstanceId: "pgm-bp1seeded",
      SourceEndpointInstanceType: "ecs",
      SourceEndpointIpPort: "10.0.0.8:5432",
      SourceEndpointPort: "5432",
      SourceEndpointRegion: "cn-beijing",
      SourceEndpointUserName: "backup_ro",
      StartTime: 1_700_000_001_000,
      StorageEncryptMethod: "encrypted",
      StorageMethod: "IA",
    });
    const [binlog] = incrementFiles(
      await call("DescribeIncrementBackupList", { BackupPlanId: "dbsplanseed" }),
    );
    assert.deepEqual(
      [
        binlog.StorageMethod,
        binlog.SourceEndpointPort,
        binlog.SourceEndpointIpPort,
        binlog.SourceEndpointHost,
      ],
      [
        "Archive",
        "3307",
        "rm-emulator0001.mysql.rds.aliyuncs.com:3307",
        DEFAULT_ENDPOINT_FIELDS.SourceEndpointHost,
      ],
    );
  });

  describe("StartTimestamp / EndTimestamp units", () => {
    // dbsbulk0007..0009 start on 2026-10-08..10 00:00:00Z.
    const fromS = Date.UTC(2026, 9, 8) / 1000;
    const toS = fromS + 2 * 86_400;

    it("timestampUnit ms (default) reads them as epoch ms, so a window in seconds lies in 1970", async () => {
      await start();
      const call = caller();
      const inMs = await call("DescribeFullBackupList", {
        BackupPlanId: "dbsplan0002",
        StartTimestamp: String(fromS * 1000),
        EndTimestamp: String(toS * 1000),
      });
      assert.deepEqual(ids(fullFiles(inMs)), ["dbsbulk0009", "dbsbulk0008", "dbsbulk0007"]);
      const inS = await call("DescribeFullBackupList", {
        BackupPlanId: "dbsplan0002",
        StartTimestamp: String(fromS),
        EndTimestamp: String(toS),
      });
      assert.equal(inS.TotalElements, 0);
    });

    it('timestampUnit "s" reads them as UNIX seconds, for both lists, responses still in ms', async () => {
      await start({ timestampUnit: "s" });
      const call = caller();
      const inS = await call("DescribeFullBackupList", {
        BackupPlanId: "dbsplan0002",
        StartTimestamp: String(fromS),
        EndTimestamp: String(toS),
      });
      assert.deepEqual(ids(fullFiles(inS)), ["dbsbulk0009", "dbsbulk0008", "dbsbulk0007"]);
      assert.equal(fullFiles(inS)[2].StartTime, fromS * 1000);
      const inMs = await call("DescribeFullBackupList", {
        BackupPlanId: "dbsplan0002",
        StartTimestamp: String(fromS * 1000),
      });
      assert.equal(inMs.TotalElements, 0);
      // mysql-bin.000054 starts at 2026-10-04T01:00:00Z, mysql-bin.000055 an hour later.
      const binlogStartS = Date.UTC(2026, 9, 4, 1) / 1000;
      const binlogs = await call("DescribeIncrementBackupList", {
        BackupPlanId: "dbsplan0001",
        StartTimestamp: String(binlogStartS),
        EndTimestamp: String(binlogStartS + 3599),
      });
      assert.deepEqual(ids(incrementFiles(binlogs)), ["mysql-bin.000054"]);
    });

    it('timestampUnit "s" puts a set in the second it started in, both ends inclusive', async () => {
      await start({
        timestampUnit: "s",
        backupSets: [{ backupSetId: "dbsms", backupPlanId: "p", startTime: 1_790_000_000_700 }],
      });
      const count = async (window: Record<string, string>) =>
        (await caller()("DescribeFullBackupList", { BackupPlanId: "p", ...window })).TotalElements;
      assert.equal(await count({ StartTimestamp: "1790000000", EndTimestamp: "1790000000" }), 1);
      assert.equal(await count({ StartTimestamp: "1790000001" }), 0);
      assert.equal(await count({ EndTimestamp: "1789999999" }), 0);
    });
  });

  describe("BackupSetStatus", () => {
    it("ignoreBackupSetStatus answers as an API that does not know the parameter: every set", async () => {
      await start({ ignoreBackupSetStatus: true });
      const body = await caller()("DescribeFullBackupList", {
        BackupPlanId: "dbsplan0002",
        BackupSetStatus: "stop",
      });
      assert.equal(body.TotalElements, 35);
      assert.equal(emulator.requests[0].params.BackupSetStatus, "stop");
    });
  });
});

describe("DBS emulator seed and option checks", () => {
  it("rejects a seed field of the wrong type, naming the set, the field and the value", async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ sourceEndpoint: { port: "3306" } }, 'sourceEndpoint.port must be an integer 1-65535, got "3306"'],
      [
        { sourceEndpoint: { enableSsl: "true" } },
        'sourceEndpoint.enableSsl must be true or false, got "true"',
      ],
      [
        { logicalFullBackupProgress: 150 },
        "logicalFullBackupProgress must be a number from 0 to 100, got 150",
      ],
      [{ storageMethod: 3 }, "storageMethod must be a string, got 3"],
      [{ expiredTime: -1 }, "expiredTime must be a number >= 0, got -1"],
    ];
    for (const [fields, message] of bad) {
      const set = { backupSetId: "dbsbad", backupPlanId: "p", ...fields } as unknown as SeedBackupSet;
      await assert.rejects(startEmulator({ backupSets: [set] }), {
        message: `backup set "dbsbad": ${message}`,
      });
    }
  });

  it("rejects option values it does not know", async () => {
    await assert.rejects(startEmulator({ timestampUnit: "us" as "ms" }), {
      message: 'timestampUnit must be "ms" or "s", got "us"',
    });
    await assert.rejects(startEmulator({ businessErrors: "4xx" as "http" }), {
      message: 'businessErrors must be "body" or "http", got "4xx"',
    });
    await assert.rejects(startEmulator({ ignoreBackupSetStatus: "yes" as unknown as boolean }), {
      message: 'ignoreBackupSetStatus must be true or false, got "yes"',
    });
  });
});
