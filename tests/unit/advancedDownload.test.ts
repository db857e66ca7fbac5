// AdvancedDownload's pure rules: what check fills in and refuses (field, value, what is allowed), the
// diff, and which listed task the find-or-adopt rule takes.
import { strict as assert } from "node:assert";
import type { ListedDownloadTask } from "../../provider/dbs/types2021";
import { DYNAMIC_CONFIG_KEYS } from "../../provider/dynamic/provider";
import { readSettings } from "../../provider/lib/settings";
import { UNKNOWN } from "../../provider/lib/values";
import { advancedDownload, matchesDeclaration, taskToAdopt } from "../../provider/resources/advancedDownload";

const scope = { project: "shop", stack: "prod", name: "orders" };
const regional = readSettings(
  DYNAMIC_CONFIG_KEYS,
  (key) => (key === "alicloud:region" ? "cn-hangzhou" : undefined),
  {},
);

function check(news: Record<string, unknown>) {
  return advancedDownload.check({}, news, regional, scope);
}

function reasons(news: Record<string, unknown>): string[] {
  const { failures, inputs } = check(news);
  assert.equal(inputs, undefined, "no inputs when check fails");
  return failures.map((f) => `${f.property}: ${f.reason}`);
}

const FULL = { instanceName: "rm-emuladv0001", bakSetId: "1460050001", formatType: "SQL" };
const PITR = {
  instanceName: "rm-emuladv0001",
  bakSetType: "pitr",
  downloadPointInTime: 1_700_000_000_000,
  formatType: "CSV",
};
const OSS = {
  targetType: "OSS",
  targetBucket: "b1",
  targetOssRegion: "cn-hangzhou",
  targetPath: "exports/a",
};

describe("AdvancedDownload check", () => {
  it("fills in full, URL, the region and the lifecycle defaults", () => {
    const { failures, inputs } = check(FULL);
    assert.deepEqual(failures, []);
    assert.deepEqual(inputs, {
      ...FULL,
      bakSetType: "full",
      targetType: "URL",
      region: "cn-hangzhou",
      waitForCompletion: false,
      timeoutMinutes: 30,
      retryFailedTask: false,
      adoptWithinMinutes: 60,
    });
  });

  it("accepts a pitr download to OSS, and unknown values at preview", () => {
    assert.deepEqual(check({ ...PITR, ...OSS }).failures, []);
    assert.deepEqual(check({ instanceName: UNKNOWN, bakSetType: UNKNOWN, formatType: UNKNOWN }).failures, []);
  });

  it("names the field, the value and what is allowed for each rule the API states", () => {
    assert.deepEqual(
      reasons({ instanceName: "rm-1", formatType: "csv", bakSetType: "Full", targetType: "oss" }),
      [
        'bakSetType: bakSetType "Full" is not allowed: use one of full, pitr (values are case-sensitive: did you mean "full"?)',
        'formatType: formatType "csv" is not allowed: use one of CSV, SQL, Parquet (values are case-sensitive: did you mean "CSV"?)',
        'targetType: targetType "oss" is not allowed: use one of URL, OSS (values are case-sensitive: did you mean "OSS"?)',
      ],
    );
    assert.deepEqual(reasons({ instanceName: "rm-1", formatType: "SQL" }), [
      "bakSetId: bakSetId is required when bakSetType full is set",
    ]);
    assert.deepEqual(reasons({ ...PITR, downloadPointInTime: undefined, bakSetId: "1460050001" }), [
      'bakSetId: bakSetId "1460050001" is not allowed: it is only for bakSetType full',
      "downloadPointInTime: downloadPointInTime is required when bakSetType pitr is set",
    ]);
    assert.deepEqual(reasons({ ...PITR, downloadPointInTime: 1_700_000_000 }), [
      "downloadPointInTime: downloadPointInTime number 1700000000 is not allowed: use a point in time in epoch " +
        "milliseconds, e.g. 1661331864000 (it looks like seconds: use 1700000000000)",
    ]);
    assert.deepEqual(reasons({ ...FULL, targetType: "OSS", targetBucket: "b1" }), [
      "targetOssRegion: targetOssRegion is required when targetType OSS is set",
      "targetPath: targetPath is required when targetType OSS is set",
    ]);
    assert.deepEqual(reasons({ ...FULL, targetPath: "x" }), [
      'targetPath: targetPath "x" is not allowed: it is only for targetType OSS',
    ]);
    assert.deepEqual(reasons({ ...FULL, bakSetSize: -1, adoptWithinMinutes: 1.5, timeoutMinutes: 0 }), [
      "bakSetSize: bakSetSize must be a whole number of bytes from 1 to 9007199254740991, got number -1",
      "timeoutMinutes: timeoutMinutes must be a number of minutes greater than 0 and at most 1440, got 0",
      "adoptWithinMinutes: adoptWithinMinutes must be a whole number of minutes from 0 to 10080, got number 1.5",
    ]);
    assert.deepEqual(reasons({ bakSetId: "1" }), [
      'instanceName: instanceName is required: an instance ID such as "rm-bp1****"',
      "formatType: formatType is required: one of CSV, SQL, Parquet",
    ]);
  });
});

describe("AdvancedDownload diff", () => {
  const stored = { ...check(FULL).inputs, taskId: "dt-1", status: "running" };
  it("replaces on an API input, never on the lifecycle inputs", () => {
    const news = {
      ...check({ ...FULL, waitForCompletion: true, timeoutMinutes: 5, adoptWithinMinutes: 0 }).inputs,
    };
    assert.deepEqual(advancedDownload.diff(stored, news), []);
    assert.deepEqual(
      advancedDownload
        .diff(stored, { ...check({ ...FULL, formatType: "Parquet" }).inputs })
        .map((c) => [c.property, c.replace]),
      [["formatType", true]],
    );
  });
  it("updates a task recorded as failed in place when retryFailedTask is set", () => {
    const news = { ...check({ ...FULL, retryFailedTask: true }).inputs };
    assert.deepEqual(advancedDownload.diff(stored, news), []);
    assert.deepEqual(advancedDownload.diff({ ...stored, status: "failed" }, news), [
      { property: "retryFailedTask", kind: "update", replace: false },
    ]);
  });
});

describe("AdvancedDownload find-or-adopt", () => {
  const inputs = check({ ...PITR, ...OSS }).inputs as Parameters<typeof matchesDeclaration>[1];
  const task = (fields: Partial<ListedDownloadTask>): ListedDownloadTask => ({
    TaskId: "dt-a",
    BakSetId: "1460050001",
    BackupSetTime: "1700000000000",
    DownloadStatus: "running",
    Format: "csv",
    TargetType: "OSS",
    TargetPath: "exports/a",
    GmtCreate: "100",
    ...fields,
  });

  it("matches the point in time, the format in either case, the target type and path", () => {
    assert.equal(matchesDeclaration(task({}), inputs), true);
    assert.equal(matchesDeclaration(task({ BackupSetTime: "1700000000001" }), inputs), false);
    assert.equal(matchesDeclaration(task({ Format: "SQL" }), inputs), false);
    assert.equal(matchesDeclaration(task({ TargetType: "URL" }), inputs), false);
    assert.equal(matchesDeclaration(task({ TargetPath: "exports/b" }), inputs), false);
  });

  it("adopts the oldest live task, a failed one only with retryFailedTask, never an expired one", () => {
    const live = [task({ TaskId: "new", GmtCreate: "300" }), task({ TaskId: "old", GmtCreate: "200" })];
    const failed = task({ TaskId: "failed", GmtCreate: "100", DownloadStatus: "failed" });
    const expired = task({ TaskId: "expired", GmtCreate: "50", DownloadStatus: "expired" });
    const retrying = { ...inputs, retryFailedTask: true };
    assert.equal(taskToAdopt([failed, expired, ...live], inputs)?.TaskId, "old");
    assert.equal(taskToAdopt([failed, expired, ...live], retrying)?.TaskId, "old");
    assert.equal(taskToAdopt([expired, failed], inputs), undefined);
    assert.equal(taskToAdopt([expired, failed], retrying)?.TaskId, "failed");
    assert.equal(taskToAdopt([expired, task({ Format: "SQL" })], retrying), undefined);
  });
});
