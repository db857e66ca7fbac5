/** Download tasks over HTTP: their lifecycle on the simulated clock and DescribeBackupSetDownloadTaskList. */
import assert from "node:assert/strict";
import type { Emulator } from "../../packages/emulator/src";
import { emulatorPerTest, taskDetails } from "../support/emulatorClient";

const ENVELOPE = { Success: true, HttpStatusCode: 200, ErrCode: "", ErrMessage: "" };

describe("DBS emulator download tasks", () => {
  let emulator: Emulator;
  const { start, caller } = emulatorPerTest((started) => (emulator = started));

  describe("task lifecycle", () => {
    it("moves checking → running → finish on the simulated clock", async () => {
      // timeScale 0 freezes the simulated clock, so only advance() moves it and boundaries are exact.
      await start({ checkingMs: 1000, downloadDurationMs: 5000, timeScale: 0 });
      const call = caller();
      const { BackupSetDownloadTaskId: taskId } = await call("CreateFullBackupSetDownload", {
        BackupSetId: "dbsset0001",
        BackupSetDataFormat: "Native",
      });
      const describe = async () =>
        taskDetails(
          await call("DescribeBackupSetDownloadTaskList", { BackupSetDownloadTaskId: taskId as string }),
        );
      const [task] = emulator.tasks();

      const [checking] = await describe();
      assert.deepEqual(checking, {
        BackupSetDownloadTaskId: taskId,
        BackupSetDownloadTaskName: "dbsplan0001-ManualFull",
        BackupSetDownloadStatus: "checking",
        BackupSetId: "dbsset0001",
        BackupPlanId: "dbsplan0001",
        BackupSetCode: "dbsset0001",
        BackupSetDataFormat: "Native",
        BackupSetDataSize: 100 * 1024 * 1024 + 4096,
        BackupSetDbType: "MySQL",
        BackupSetJobType: "cbs_backup_sub_full",
        BackupSetDownloadWay: "manual",
        BackupSetDownloadTargetType: "",
        BackupSetDownloadDir: "",
        BackupGatewayId: 0,
        BackupSetDownloadCreateTime: task.createTime,
        ErrMessage: "",
      });

      emulator.advance(999);
      assert.equal((await describe())[0].BackupSetDownloadStatus, "checking");
      emulator.advance(1);
      const [running] = await describe();
      assert.equal(running.BackupSetDownloadStatus, "running");
      assert.equal(running.BackupSetDownloadInternetUrl, undefined);
      assert.equal(running.BackupSetDownloadFinishTime, undefined);

      emulator.advance(5000);
      const [finished] = await describe();
      assert.equal(finished.BackupSetDownloadStatus, "finish");
      assert.equal(finished.BackupSetDownloadFinishTime, task.createTime + 6000);
      const url = new URL(finished.BackupSetDownloadInternetUrl as string);
      assert.equal(url.origin, "https://dbs-download-cn-hangzhou.oss.example");
      assert.equal(url.pathname, `/${taskId}.tar.gz`);
      assert.deepEqual([...url.searchParams.keys()], ["Expires", "OSSAccessKeyId", "Signature"]);
      assert.ok((url.searchParams.get("Signature") ?? "").length >= 20);
      assert.match(
        finished.BackupSetDownloadIntranetUrl as string,
        /^https:\/\/dbs-download-cn-hangzhou-internal\.oss\.example\//,
      );
      assert.equal(emulator.tasks()[0].status, "finish");
    });

    it("gives each finished task its own URL signature", async () => {
      await start({ checkingMs: 0, downloadDurationMs: 0 });
      const call = caller();
      await call("CreateFullBackupSetDownload", { BackupSetId: "dbsset0001" });
      await call("CreateFullBackupSetDownload", { BackupSetId: "dbsset0001" });
      const items = taskDetails(
        await call("DescribeBackupSetDownloadTaskList", { BackupPlanId: "dbsplan0001" }),
      );
      const signatures = items.map((i) =>
        new URL(i.BackupSetDownloadInternetUrl as string).searchParams.get("Signature"),
      );
      assert.equal(new Set(signatures).size, 2);
    });

    it("ends in the seeded failure status with its message, after the set's own duration", async () => {
      await start({
        checkingMs: 100,
        downloadDurationMs: 1000,
        timeScale: 0,
        backupSets: [
          {
            backupSetId: "bs-stop",
            backupPlanId: "p1",
            downloadDurationMs: 50_000,
            failWith: { status: "stop", errMessage: "disk full" },
          },
          {
            backupSetId: "bs-init",
            backupPlanId: "p1",
            failWith: { status: "init", errMessage: "precheck failed" },
          },
        ],
      });
      const call = caller();
      await call("CreateFullBackupSetDownload", { BackupSetId: "bs-stop" });
      await call("CreateFullBackupSetDownload", { BackupSetId: "bs-init" });
      const statuses = async () =>
        taskDetails(await call("DescribeBackupSetDownloadTaskList", { BackupPlanId: "p1" })).map((d) => [
          d.BackupSetId,
          d.BackupSetDownloadStatus,
          d.ErrMessage,
        ]);
      emulator.advance(100);
      assert.deepEqual(await statuses(), [
        ["bs-init", "init", "precheck failed"],
        ["bs-stop", "running", ""],
      ]);
      emulator.advance(49_999);
      assert.equal((await statuses())[1][1], "running");
      emulator.advance(1);
      assert.deepEqual((await statuses())[1], ["bs-stop", "stop", "disk full"]);
      const stopped = taskDetails(await call("DescribeBackupSetDownloadTaskList", { BackupPlanId: "p1" }))[1];
      assert.equal(stopped.BackupSetDownloadInternetUrl, undefined);
      assert.equal(typeof stopped.BackupSetDownloadFinishTime, "number");
    });

    it("runs the simulated clock faster with timeScale", async () => {
      await start({ timeScale: 1000, checkingMs: 1000, downloadDurationMs: 10_000 });
      const call = caller();
      const { BackupSetDownloadTaskId } = await call("CreateFullBackupSetDownload", {
        BackupSetId: "dbsset0001",
      });
      await new Promise((resolve) => setTimeout(resolve, 30));
      const [item] = taskDetails(
        await call("DescribeBackupSetDownloadTaskList", {
          BackupSetDownloadTaskId: BackupSetDownloadTaskId as string,
        }),
      );
      assert.equal(item.BackupSetDownloadStatus, "finish");
    });
  });

  describe("DescribeBackupSetDownloadTaskList", () => {
    it("pages tasks of a plan newest first", async () => {
      await start();
      const call = caller();
      const ids: string[] = [];
      for (let i = 0; i < 35; i++) {
        const body = await call("CreateFullBackupSetDownload", { BackupSetId: "dbsset0002" });
        ids.push(body.BackupSetDownloadTaskId as string);
        emulator.advance(10);
      }
      await call("CreateFullBackupSetDownload", { BackupSetId: "dbsbulk0001" }); // another plan
      const first = await call("DescribeBackupSetDownloadTaskList", { BackupPlanId: "dbsplan0001" });
      assert.deepEqual(
        [first.PageNum, first.PageSize, first.TotalElements, first.TotalPages],
        [0, 30, 35, 2],
      );
      const second = await call("DescribeBackupSetDownloadTaskList", {
        BackupPlanId: "dbsplan0001",
        PageNum: "1",
      });
      const listed = [...taskDetails(first), ...taskDetails(second)].map((d) => d.BackupSetDownloadTaskId);
      assert.deepEqual(listed, [...ids].reverse());
      const big = await call("DescribeBackupSetDownloadTaskList", {
        BackupPlanId: "dbsplan0001",
        PageSize: "50",
      });
      assert.deepEqual([taskDetails(big).length, big.TotalPages], [35, 1]);
      const beyond = await call("DescribeBackupSetDownloadTaskList", {
        BackupPlanId: "dbsplan0001",
        PageNum: "5",
      });
      assert.deepEqual([taskDetails(beyond).length, beyond.TotalElements], [0, 35]);
    });

    it("returns an empty list for an unknown or deleted task id", async () => {
      await start();
      const call = caller();
      const { BackupSetDownloadTaskId } = await call("CreateFullBackupSetDownload", {
        BackupSetId: "dbsset0001",
      });
      emulator.deleteTask(BackupSetDownloadTaskId as string);
      for (const id of ["dbstknothere", BackupSetDownloadTaskId as string]) {
        const body = await call("DescribeBackupSetDownloadTaskList", { BackupSetDownloadTaskId: id });
        assert.deepEqual(body, {
          RequestId: body.RequestId,
          ...ENVELOPE,
          PageNum: 0,
          PageSize: 30,
          TotalElements: 0,
          TotalPages: 0,
          Items: { BackupSetDownloadTaskDetail: [] },
        });
      }
      assert.equal(emulator.tasks().length, 0);
    });

    it("accepts backup sets added at run time", async () => {
      await start({ backupSets: [] });
      const call = caller();
      const before = await call("CreateFullBackupSetDownload", { BackupSetId: "late" });
      assert.equal(before.Success, false);
      emulator.addBackupSet({ backupSetId: "late", backupPlanId: "p9", size: 42, dbType: "PostgreSQL" });
      await call("CreateFullBackupSetDownload", { BackupSetId: "late" });
      const [item] = taskDetails(await call("DescribeBackupSetDownloadTaskList", { BackupPlanId: "p9" }));
      assert.deepEqual([item.BackupSetDataSize, item.BackupSetDbType], [42, "PostgreSQL"]);
    });
  });
});
