/** DescribeFullBackupList and DescribeIncrementBackupList over HTTP: paging, filters, wire fields. */
import assert from "node:assert/strict";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator";
import { dbsCaller, failure, type Body, type CallOptions } from "../support/emulatorClient";

describe("DBS emulator backup set lists", () => {
  let emulator: Emulator;
  const start = async (options: EmulatorOptions = {}) => {
    emulator = await startEmulator(options);
    return emulator;
  };
  const caller = (options?: CallOptions) => dbsCaller(emulator.port, options);
  afterEach(async () => {
    await emulator?.close();
  });

  it("DescribeFullBackupList pages the seeded plan newest first and filters", async () => {
    await start();
    const call = caller();
    const files = (b: Body) => (b.Items as { FullBackupFile: Body[] }).FullBackupFile;
    const first = await call("DescribeFullBackupList", { BackupPlanId: "dbsplan0002" });
    assert.deepEqual([first.TotalElements, first.TotalPages, files(first).length], [35, 2, 30]);
    const top = files(first)[0];
    assert.deepEqual(Object.keys(top).sort(), [
      "BackupObjects",
      "BackupSetExpiredTime",
      "BackupSetId",
      "BackupSize",
      "BackupStatus",
      "CreateTime",
      "EndTime",
      "ErrMessage",
      "FinishTime",
      "SourceEndpointIpPort",
      "StartTime",
      "StorageMethod",
    ]);
    assert.deepEqual(
      [top.BackupSetId, top.BackupStatus, top.BackupObjects],
      ["dbsbulk0035", "running", '[{"DBName":"test"}]'],
    );
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

  it("DescribeIncrementBackupList lists binlogs newest first", async () => {
    await start();
    const body = await caller({ signatureAlgorithm: "v2" })("DescribeIncrementBackupList", {
      BackupPlanId: "dbsplan0001",
    });
    const files = (body.Items as { IncrementBackupFile: Body[] }).IncrementBackupFile;
    assert.deepEqual(
      files.map((f) => [f.BackupSetId, f.BackupSetJobId, f.BackupStatus]),
      [
        ["mysql-bin.000055", "dbsjob0055", "COMPLETED"],
        ["mysql-bin.000054", "dbsjob0054", "COMPLETED"],
      ],
    );
    assert.equal(body.TotalElements, 2);
  });
});
