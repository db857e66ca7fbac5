import { strict as assert } from "node:assert";
import { fullBackupSetDownload } from "../../provider/resources/fullBackupSetDownload";
import { incrementBackupSetDownload } from "../../provider/resources/incrementBackupSetDownload";
import type { PropertyTable } from "../../provider/lib/definition";
import { secretNames } from "../../provider/lib/definition";
import { readOutputs, taskOutputs, withTaskStatus } from "../../provider/lib/downloadTaskOperations";
import type { BackupSetDownloadTaskDetail } from "../../provider/dbs/types";

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

const PROPERTIES: PropertyTable = fullBackupSetDownload.properties;

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

describe("the task outputs table", () => {
  it("names the outputs a task detail gives, and marks the URLs secret", () => {
    const fromDetail = Object.keys(PROPERTIES).filter((name) => "field" in PROPERTIES[name]);
    assert.deepEqual(fromDetail, [...Object.keys(STATUS_OUTPUTS), "errorMessage"]);
    assert.deepEqual(secretNames(PROPERTIES), ["internetUrl", "intranetUrl"]);
  });

  it("maps a detail to outputs, leaving out absent and empty values", () => {
    assert.deepEqual(taskOutputs(PROPERTIES, DETAIL), STATUS_OUTPUTS);
    assert.deepEqual(
      taskOutputs(PROPERTIES, {
        BackupSetDownloadTaskId: "t1",
        BackupSetDownloadStatus: "stop",
        ErrMessage: "boom",
      }),
      {
        backupSetDownloadTaskId: "t1",
        status: "stop",
        errorMessage: "boom",
      },
    );
  });

  it("replaces every status output on refresh, so a stale URL or error does not survive", () => {
    const before = { backupSetId: "b", ...STATUS_OUTPUTS, errorMessage: "old" };
    const running = { BackupSetDownloadTaskId: "t9", BackupSetDownloadStatus: "running" };
    assert.deepEqual(withTaskStatus(PROPERTIES, before, running), {
      backupSetId: "b",
      backupSetDownloadTaskId: "t9",
      status: "running",
    });
  });
});

describe("read mapping", () => {
  it("keeps the stored inputs and adds the current status", () => {
    const stored = {
      backupSetId: "dbsset0001",
      backupSetDataFormat: "CSV",
      region: "cn-hangzhou",
      status: "running",
    };
    assert.deepEqual(readOutputs(fullBackupSetDownload.task, stored, { ...DETAIL, BackupSetId: "other" }), {
      backupSetId: "dbsset0001",
      backupSetDataFormat: "CSV",
      region: "cn-hangzhou",
      ...STATUS_OUTPUTS,
    });
  });

  it("fills the kind's properties and the format from DBS for an adopted task", () => {
    assert.deepEqual(readOutputs(incrementBackupSetDownload.task, {}, { ...DETAIL, ErrMessage: "boom" }), {
      backupSetId: "dbsjob0054",
      backupSetName: "mysql-bin.000054",
      backupSetDataFormat: "SQL",
      ...STATUS_OUTPUTS,
      errorMessage: "boom",
    });
  });

  it("gives the inputs DBS reports for a task of each kind", () => {
    assert.deepEqual(fullBackupSetDownload.task.inputsFromTask(DETAIL), {
      backupSetId: "dbsjob0054",
      backupSetDataFormat: "SQL",
    });
    assert.deepEqual(
      incrementBackupSetDownload.task.inputsFromTask({
        BackupSetDownloadTaskId: "t",
        BackupSetDownloadStatus: "x",
      }),
      {},
    );
  });
});
