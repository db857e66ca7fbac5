/** Create*BackupSetDownload over HTTP: parameter checks, ClientToken idempotency, business errors. */
import assert from "node:assert/strict";
import { DEFAULT_CREDENTIAL, type Emulator } from "../../packages/emulator/src";
import { failure, type Body, emulatorPerTest, taskDetails } from "../support/emulatorClient";

const TASK_ID = /^dbstk[a-z0-9]{8}$/;

describe("DBS emulator create actions", () => {
  let emulator: Emulator;
  const { start, caller } = emulatorPerTest((started) => (emulator = started));

  describe("parameters", () => {
    it("requires BackupSetId", async () => {
      await start();
      const error = await failure(caller()("CreateFullBackupSetDownload", { BackupSetDataFormat: "SQL" }));
      assert.equal(error.code, "MissingParameter");
      assert.equal(error.statusCode, 400);
      assert.equal(
        (error.data as Body).Message,
        'The input parameter "BackupSetId" that is mandatory for processing this request is not supplied.',
      );
    });

    it("rejects a data format outside Native|SQL|CSV|JSON, case-sensitively", async () => {
      await start();
      const error = await failure(
        caller()("CreateFullBackupSetDownload", {
          BackupSetId: "dbsset0001",
          BackupSetDataFormat: "sql",
        }),
      );
      assert.equal(error.code, "InvalidParameter");
      assert.ok(
        (error.data as Body).Message?.toString().startsWith(
          'The specified parameter "BackupSetDataFormat" value "sql"',
        ),
      );
    });

    it("rejects a ClientToken longer than 64 or not printable ASCII", async () => {
      await start();
      const call = caller();
      for (const token of ["x".repeat(65), "tök"]) {
        const error = await failure(
          call("CreateFullBackupSetDownload", { BackupSetId: "dbsset0001", ClientToken: token }),
        );
        assert.equal(error.code, "InvalidParameter");
        assert.equal(error.statusCode, 400);
      }
      const ok = await call("CreateFullBackupSetDownload", {
        BackupSetId: "dbsset0001",
        ClientToken: "x".repeat(64),
      });
      assert.match(ok.BackupSetDownloadTaskId as string, TASK_ID);
    });

    it("validates DescribeBackupSetDownloadTaskList inputs", async () => {
      await start();
      const call = caller();
      const missing = await failure(call("DescribeBackupSetDownloadTaskList", { PageSize: "30" }));
      assert.equal(missing.code, "MissingParameter");
      const bads: Record<string, string>[] = [{ PageSize: "20" }, { PageSize: "abc" }, { PageNum: "-1" }];
      for (const bad of bads) {
        const error = await failure(
          call("DescribeBackupSetDownloadTaskList", { BackupPlanId: "dbsplan0001", ...bad }),
        );
        assert.equal(error.code, "InvalidParameter", JSON.stringify(bad));
      }
    });
  });

  describe("CreateFullBackupSetDownload", () => {
    it("is idempotent per ClientToken", async () => {
      await start();
      const call = caller();
      const params = { BackupSetId: "dbsset0001", BackupSetDataFormat: "SQL", ClientToken: "same-token" };
      const first = await call("CreateFullBackupSetDownload", params);
      const again = await call("CreateFullBackupSetDownload", params);
      const v1Again = await caller({ signatureAlgorithm: "v2" })("CreateFullBackupSetDownload", params);
      assert.equal(again.BackupSetDownloadTaskId, first.BackupSetDownloadTaskId);
      assert.equal(v1Again.BackupSetDownloadTaskId, first.BackupSetDownloadTaskId);
      assert.notEqual(again.RequestId, first.RequestId);
      assert.equal(emulator.tasks().length, 1);
      assert.equal(emulator.tasks()[0].clientToken, "same-token");
      assert.deepEqual(emulator.tasks()[0].params, params);

      const mismatch = await failure(
        call("CreateFullBackupSetDownload", { ...params, BackupSetDataFormat: "CSV" }),
      );
      assert.equal(mismatch.code, "IdempotentParameterMismatch");
      assert.equal(mismatch.statusCode, 400);
      assert.equal(
        (mismatch.data as Body).Message,
        "The specified parameter ClientToken has been used with different parameters.",
      );

      const other = await call("CreateFullBackupSetDownload", { ...params, ClientToken: "other-token" });
      const untokened1 = await call("CreateFullBackupSetDownload", { BackupSetId: "dbsset0001" });
      const untokened2 = await call("CreateFullBackupSetDownload", { BackupSetId: "dbsset0001" });
      const ids = new Set([first, other, untokened1, untokened2].map((b) => b.BackupSetDownloadTaskId));
      assert.equal(ids.size, 4);
      assert.equal(emulator.tasks().length, 4);
    });

    it("scopes ClientTokens to the AccessKeyId", async () => {
      const second = { accessKeyId: "LTAIsecond", accessKeySecret: "second-secret" };
      await start({ credentials: [DEFAULT_CREDENTIAL, second] });
      const params = { BackupSetId: "dbsset0001", ClientToken: "shared" };
      const a = await caller()("CreateFullBackupSetDownload", params);
      const b = await caller({ credential: second })("CreateFullBackupSetDownload", params);
      assert.notEqual(a.BackupSetDownloadTaskId, b.BackupSetDownloadTaskId);
    });

    it("answers an unknown or incremental backup set with HTTP 200 Success:false Param.NotFound", async () => {
      await start();
      for (const BackupSetId of ["dbsnope", "mysql-bin.000054", "dbsjob0054"]) {
        const body = await caller()("CreateFullBackupSetDownload", { BackupSetId });
        assert.deepEqual(body, {
          RequestId: body.RequestId,
          Success: false,
          HttpStatusCode: 404,
          ErrCode: "Param.NotFound",
          ErrMessage: "The specified parameter BackupSetId value is not valid.",
        });
      }
      assert.equal(emulator.tasks().length, 0);
      assert.deepEqual(
        emulator.requests.map((r) => [r.statusCode, r.code]),
        [
          [200, "Param.NotFound"],
          [200, "Param.NotFound"],
          [200, "Param.NotFound"],
        ],
      );
    });

    it("refuses to download a full set whose backup did not finish", async () => {
      await start();
      const body = await caller()("CreateFullBackupSetDownload", { BackupSetId: "dbsbulk0035" });
      assert.deepEqual([body.Success, body.ErrCode], [false, "BackupSet.StatusInvalid"]);
    });
  });

  describe('businessErrors "http"', () => {
    it("answers an unknown backup set with HTTP 404 and the same Code/Message as a gateway error", async () => {
      await start({ businessErrors: "http" });
      const call = caller();
      const error = await failure(call("CreateFullBackupSetDownload", { BackupSetId: "dbsnope" }));
      assert.deepEqual([error.name, error.statusCode, error.code], ["ClientError", 404, "Param.NotFound"]);
      const data = error.data as Body;
      assert.deepEqual(data, {
        RequestId: data.RequestId,
        HostId: `127.0.0.1:${emulator.port}`,
        Code: "Param.NotFound",
        Message: "The specified parameter BackupSetId value is not valid.",
        Recommend: `https://api.aliyun.com/troubleshoot?q=Param.NotFound&product=Dbs&requestId=${data.RequestId}`,
      });
      const wrongPair = await failure(
        caller({ signatureAlgorithm: "v2" })("CreateIncrementBackupSetDownload", {
          BackupSetId: "dbsjob0055",
          BackupSetName: "mysql-bin.000054",
        }),
      );
      assert.deepEqual([wrongPair.statusCode, wrongPair.code], [404, "Param.NotFound"]);
      assert.deepEqual(
        emulator.requests.map((r) => [r.statusCode, r.code]),
        [
          [404, "Param.NotFound"],
          [404, "Param.NotFound"],
        ],
      );
      assert.equal(emulator.tasks().length, 0);
    });

    it("answers a set in the wrong state with HTTP 400 BackupSet.StatusInvalid, and successes as before", async () => {
      await start({ businessErrors: "http" });
      const call = caller();
      const error = await failure(call("CreateFullBackupSetDownload", { BackupSetId: "dbsbulk0035" }));
      assert.deepEqual([error.statusCode, error.code], [400, "BackupSet.StatusInvalid"]);
      assert.equal(
        (error.data as Body).Message,
        "The backup set dbsbulk0035 is in status running and cannot be downloaded.",
      );
      const ok = await call("CreateFullBackupSetDownload", { BackupSetId: "dbsset0001" });
      assert.deepEqual([ok.Success, ok.HttpStatusCode, ok.ErrCode], [true, 200, ""]);
    });
  });

  describe("CreateIncrementBackupSetDownload", () => {
    it("needs the job id and the binlog name, defaults to Native", async () => {
      await start({ checkingMs: 0, downloadDurationMs: 0 });
      const call = caller();
      const missing = await failure(call("CreateIncrementBackupSetDownload", { BackupSetId: "dbsjob0054" }));
      assert.equal(missing.code, "MissingParameter");
      assert.match((missing.data as Body).Message as string, /"BackupSetName"/);
      const wrongPair = await call("CreateIncrementBackupSetDownload", {
        BackupSetId: "dbsjob0055",
        BackupSetName: "mysql-bin.000054",
      });
      assert.equal(wrongPair.ErrCode, "Param.NotFound");
      const params = { BackupSetId: "dbsjob0054", BackupSetName: "mysql-bin.000054", ClientToken: "inc-1" };
      const created = await call("CreateIncrementBackupSetDownload", params);
      const again = await call("CreateIncrementBackupSetDownload", params);
      assert.equal(again.BackupSetDownloadTaskId, created.BackupSetDownloadTaskId);
      // The same token on the other create action is a different idempotency scope.
      const full = await call("CreateFullBackupSetDownload", {
        BackupSetId: "dbsset0001",
        ClientToken: "inc-1",
      });
      assert.notEqual(full.BackupSetDownloadTaskId, created.BackupSetDownloadTaskId);
      const [item] = taskDetails(
        await call("DescribeBackupSetDownloadTaskList", {
          BackupSetDownloadTaskId: created.BackupSetDownloadTaskId as string,
        }),
      );
      assert.deepEqual(
        [
          item.BackupSetJobType,
          item.BackupSetDataFormat,
          item.BackupSetCode,
          item.BackupSetId,
          item.BackupSetDownloadTaskName,
        ],
        ["cbs_backup_sub_cont", "Native", "mysql-bin.000054", "dbsjob0054", "dbsplan0001-ManualCont"],
      );
      assert.match(item.BackupSetDownloadInternetUrl as string, /\.tar\.gz\?Expires=\d+&/);
    });
  });
});
