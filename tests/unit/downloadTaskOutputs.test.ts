import { strict as assert } from "node:assert";
import type { BackupSetDownloadTaskDetail } from "../../provider/dbs/types";
import { checkDownloadTask, diffDownloadTask, readOutputs } from "../../provider/downloadTask";
import { fullDownload } from "../../provider/downloadKinds";
import { incrementDownload } from "../../provider/downloadKinds";
import { readSettings } from "../../provider/settings";
import { withSecretOutputs } from "../../provider/downloadTaskResource";

const scope = { project: "shop", stack: "prod", name: "nightly" };
const settings = readSettings((key) => (key === "alicloud:region" ? "cn-hangzhou" : undefined), {});

function check(news: Record<string, unknown>) {
  return checkDownloadTask(fullDownload, {}, { tokenScope: scope, backupSetId: "dbs1", ...news }, settings);
}

describe("download task wait arguments", () => {
  it("default to no wait and 30 minutes", () => {
    const { inputs, failures } = check({});
    assert.deepEqual(failures, []);
    assert.equal(inputs.waitForCompletion, false);
    assert.equal(inputs.timeoutMinutes, 30);
    assert.equal(check({ waitForCompletion: true, timeoutMinutes: 0.5 }).inputs.timeoutMinutes, 0.5);
  });

  it("reject a non-boolean wait and a timeout outside (0, 1440]", () => {
    const reasons = (news: Record<string, unknown>) =>
      check(news).failures.map((f) => `${f.property}: ${f.reason}`);
    assert.deepEqual(reasons({ waitForCompletion: "yes" }), [
      'waitForCompletion: waitForCompletion must be true or false, got "yes"',
    ]);
    for (const bad of [0, -1, 1441, "10"]) {
      assert.deepEqual(reasons({ timeoutMinutes: bad }), [
        `timeoutMinutes: timeoutMinutes must be a number of minutes greater than 0 and at most 1440, got ${JSON.stringify(bad)}`,
      ]);
    }
    assert.deepEqual(reasons({ timeoutMinutes: 1440 }), []);
  });

  it("do not change the token nor replace the task", () => {
    const before = check({}).inputs;
    const after = check({ waitForCompletion: true, timeoutMinutes: 90 }).inputs;
    assert.equal(after.clientToken, before.clientToken);
    const olds = { ...before, backupSetDownloadTaskId: "t1", status: "finish" };
    assert.deepEqual(diffDownloadTask(fullDownload, olds, after), {
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });
});

const DETAIL: BackupSetDownloadTaskDetail = {
  BackupSetDownloadTaskId: "t9",
  BackupSetDownloadStatus: "finish",
  BackupSetId: "dbsjob0054",
  BackupSetCode: "mysql-bin.000054",
  BackupSetDataFormat: "SQL",
  BackupSetDataSize: 1024,
  BackupSetDownloadWay: "manual",
  BackupSetDownloadCreateTime: 1000,
  BackupSetDownloadFinishTime: 2000,
  BackupSetDownloadInternetUrl: "https://internet/x",
  BackupSetDownloadIntranetUrl: "https://intranet/x",
  ErrMessage: "",
};

const STATUS_OUTPUTS = {
  backupSetDownloadTaskId: "t9",
  status: "finish",
  backupSetDataSize: 1024,
  createTime: 1000,
  finishTime: 2000,
  downloadWay: "manual",
  internetUrl: "https://internet/x",
  intranetUrl: "https://intranet/x",
};

describe("download task read mapping", () => {
  it("keeps the stored inputs and adds the current status", () => {
    const stored = {
      backupSetId: "dbsset0001",
      backupSetDataFormat: "CSV",
      region: "cn-hangzhou",
      status: "running",
    };
    assert.deepEqual(readOutputs(fullDownload, stored, { ...DETAIL, BackupSetId: "other" }), {
      backupSetId: "dbsset0001",
      backupSetDataFormat: "CSV",
      region: "cn-hangzhou",
      ...STATUS_OUTPUTS,
    });
  });

  it("fills the kind's properties and the format from the API for an adopted task", () => {
    assert.deepEqual(readOutputs(incrementDownload, {}, { ...DETAIL, ErrMessage: "boom" }), {
      backupSetId: "dbsjob0054",
      backupSetName: "mysql-bin.000054",
      backupSetDataFormat: "SQL",
      ...STATUS_OUTPUTS,
      errorMessage: "boom",
    });
  });
});

describe("download resource options", () => {
  it("mark the URLs secret, keeping the user's options and secret outputs", () => {
    assert.deepEqual(withSecretOutputs(undefined), {
      additionalSecretOutputs: ["internetUrl", "intranetUrl"],
    });
    assert.deepEqual(withSecretOutputs({ protect: true, additionalSecretOutputs: ["clientToken"] }), {
      protect: true,
      additionalSecretOutputs: ["clientToken", "internetUrl", "intranetUrl"],
    });
  });
});
