/**
 * The DBS emulator over real HTTP, driven by the real @alicloud/openapi-core client
 * (V3 ACS3-HMAC-SHA256 by default, V1 HMAC-SHA1 with signatureAlgorithm "v2").
 */
import assert from "node:assert/strict";
import Client, { $OpenApiUtil } from "@alicloud/openapi-core";
import * as $dara from "@darabonba/typescript";
import {
  DEFAULT_CREDENTIAL,
  startEmulator,
  type Emulator,
  type EmulatorCredential,
  type EmulatorOptions,
} from "../../emulator";

interface CallOptions {
  credential?: EmulatorCredential;
  v1?: boolean;
  version?: string;
  readTimeout?: number;
  /** Send the params as a form body instead of the query string. */
  asBody?: boolean;
}

type Body = Record<string, unknown>;

interface Failure {
  name: string;
  message: string;
  code?: string;
  statusCode?: number;
  data?: Body;
  retryAfter?: number;
}

function caller(emulator: Emulator, options: CallOptions = {}) {
  const credential = options.credential ?? DEFAULT_CREDENTIAL;
  const client = new Client(
    new $OpenApiUtil.Config({
      endpoint: `127.0.0.1:${emulator.port}`,
      protocol: "http",
      accessKeyId: credential.accessKeyId,
      accessKeySecret: credential.accessKeySecret,
      securityToken: credential.securityToken,
      signatureAlgorithm: options.v1 ? "v2" : undefined,
      readTimeout: options.readTimeout ?? 5000,
      connectTimeout: 5000,
    }),
  );
  return async (action: string, params: Record<string, string> = {}): Promise<Body> => {
    const result = await client.callApi(
      new $OpenApiUtil.Params({
        action,
        version: options.version ?? "2019-03-06",
        protocol: "HTTP",
        pathname: "/",
        method: "POST",
        authType: "AK",
        style: "RPC",
        reqBodyType: "formData",
        bodyType: "json",
      }),
      new $OpenApiUtil.OpenApiRequest(options.asBody ? { body: params } : { query: params }),
      new $dara.RuntimeOptions({}),
    );
    assert.equal(result.statusCode, 200);
    return result.body as Body;
  };
}

async function failure(promise: Promise<unknown>): Promise<Failure> {
  try {
    await promise;
  } catch (error) {
    return error as Failure;
  }
  assert.fail("expected the call to fail");
}

const UUID_UPPER = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const TASK_ID = /^dbstk[a-z0-9]{8}$/;
const ENVELOPE = { Success: true, HttpStatusCode: 200, ErrCode: "", ErrMessage: "" };

function details(body: Body): Body[] {
  return (body.Items as { BackupSetDownloadTaskDetail: Body[] }).BackupSetDownloadTaskDetail;
}

describe("DBS emulator over HTTP", function () {
  let emulator: Emulator;
  const start = async (options: EmulatorOptions = {}) => {
    emulator = await startEmulator(options);
    return emulator;
  };
  afterEach(async () => {
    await emulator?.close();
  });

  describe("signatures", () => {
    it("accepts a V3 (ACS3-HMAC-SHA256) signed create and logs it", async () => {
      await start();
      const body = await caller(emulator)("CreateFullBackupSetDownload", {
        BackupSetId: "dbsset0001",
        BackupSetDataFormat: "SQL",
        ClientToken: "tok-v3 !'()*+~",
      });
      assert.match(body.RequestId as string, UUID_UPPER);
      assert.match(body.BackupSetDownloadTaskId as string, TASK_ID);
      assert.deepEqual(body, {
        RequestId: body.RequestId,
        ...ENVELOPE,
        BackupSetDownloadTaskId: body.BackupSetDownloadTaskId,
      });
      assert.equal(emulator.requests.length, 1);
      const [logged] = emulator.requests;
      assert.deepEqual(logged, {
        action: "CreateFullBackupSetDownload",
        params: { BackupSetId: "dbsset0001", BackupSetDataFormat: "SQL", ClientToken: "tok-v3 !'()*+~" },
        signatureVersion: "v3",
        accessKeyId: "LTAIemulatorAccessKey",
        statusCode: 200,
        requestId: body.RequestId,
        at: logged.at,
      });
      assert.ok(Math.abs(logged.at - Date.now()) < 5000);
    });

    it("accepts V1 (HMAC-SHA1) signatures and keeps protocol params out of the log", async () => {
      await start();
      const body = await caller(emulator, { v1: true })("CreateFullBackupSetDownload", {
        BackupSetId: "dbsset0002",
        ClientToken: "tok-v1 !'()*",
      });
      assert.match(body.BackupSetDownloadTaskId as string, TASK_ID);
      assert.equal(emulator.requests[0].signatureVersion, "v1");
      assert.deepEqual(emulator.requests[0].params, {
        BackupSetId: "dbsset0002",
        ClientToken: "tok-v1 !'()*",
      });
      assert.equal(emulator.tasks()[0].format, "CSV");
    });

    it("accepts params sent as a form body, V3 and V1", async () => {
      await start();
      const params = { BackupSetId: "dbsset0003", BackupSetDataFormat: "JSON" };
      await caller(emulator, { asBody: true })("CreateFullBackupSetDownload", params);
      await caller(emulator, { asBody: true, v1: true })("CreateFullBackupSetDownload", params);
      assert.deepEqual(
        emulator.tasks().map((t) => [t.backupSetId, t.format]),
        [
          ["dbsset0003", "JSON"],
          ["dbsset0003", "JSON"],
        ],
      );
    });

    for (const v1 of [false, true]) {
      it(`rejects a wrong secret with 400 SignatureDoesNotMatch (${v1 ? "V1" : "V3"})`, async () => {
        await start();
        const credential = { ...DEFAULT_CREDENTIAL, accessKeySecret: "not-the-secret" };
        const error = await failure(
          caller(emulator, { credential, v1 })("CreateFullBackupSetDownload", { BackupSetId: "dbsset0001" }),
        );
        assert.equal(error.code, "SignatureDoesNotMatch");
        assert.equal(error.statusCode, 400);
        const data = error.data as Body;
        const prefix = "Specified signature is not matched with our calculation. server string to sign is:";
        assert.ok((data.Message as string).startsWith(prefix + (v1 ? "POST&%2F&" : "ACS3-HMAC-SHA256\n")));
        assert.match(data.RequestId as string, UUID_UPPER);
        assert.equal(data.HostId, `127.0.0.1:${emulator.port}`);
        assert.equal(
          data.Recommend,
          `https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch&product=Dbs&requestId=${data.RequestId}`,
        );
        assert.ok(!JSON.stringify(data).includes(DEFAULT_CREDENTIAL.accessKeySecret));
        assert.equal(emulator.tasks().length, 0);
        assert.equal(emulator.requests[0].code, "SignatureDoesNotMatch");
      });
    }

    it("answers an unknown AccessKeyId with 404 InvalidAccessKeyId.NotFound", async () => {
      await start();
      const credential = { accessKeyId: "LTAIunknown", accessKeySecret: "x" };
      const error = await failure(caller(emulator, { credential })("DescribeBackupSetDownloadTaskList"));
      assert.equal(error.code, "InvalidAccessKeyId.NotFound");
      assert.equal(error.statusCode, 404);
      assert.equal((error.data as Body).Message, "Specified access key is not found.");
      assert.equal(emulator.requests[0].accessKeyId, "LTAIunknown");
    });

    describe("STS tokens", () => {
      const sts = { accessKeyId: "STS.emulatorKey", accessKeySecret: "sts-secret", securityToken: "tok-123" };

      for (const v1 of [false, true]) {
        it(`accepts the matching token (${v1 ? "V1" : "V3"})`, async () => {
          await start({ credentials: [sts] });
          const body = await caller(emulator, { credential: sts, v1 })("DescribeBackupSetDownloadTaskList", {
            BackupPlanId: "dbsplan0001",
          });
          assert.equal(body.TotalElements, 0);
          assert.deepEqual(emulator.requests[0].params, { BackupPlanId: "dbsplan0001" });
        });
      }

      it("rejects a wrong or missing token with 400 InvalidSecurityToken.MismatchWithAccessKey", async () => {
        await start({ credentials: [sts] });
        for (const securityToken of ["tok-999", undefined]) {
          const credential = { ...sts, securityToken };
          const error = await failure(caller(emulator, { credential })("DescribeFullBackupList"));
          assert.equal(error.code, "InvalidSecurityToken.MismatchWithAccessKey");
          assert.equal(error.statusCode, 400);
        }
      });

      it("rejects an expired token with 400 InvalidSecurityToken.Expired", async () => {
        await start({ credentials: [{ ...sts, expired: true }] });
        const error = await failure(
          caller(emulator, { credential: sts, v1: true })("DescribeFullBackupList"),
        );
        assert.equal(error.code, "InvalidSecurityToken.Expired");
        assert.equal(error.statusCode, 400);
        assert.equal((error.data as Body).Message, "Specified SecurityToken is expired.");
      });
    });

    it("answers a denied action with 403 Request.Forbidden", async () => {
      const limited = {
        accessKeyId: "LTAIreadOnly",
        accessKeySecret: "ro",
        deniedActions: ["CreateFullBackupSetDownload"],
      };
      await start({ credentials: [limited] });
      const call = caller(emulator, { credential: limited });
      const error = await failure(call("CreateFullBackupSetDownload", { BackupSetId: "dbsset0001" }));
      assert.equal(error.code, "Request.Forbidden");
      assert.equal(error.statusCode, 403);
      assert.equal((error.data as Body).Message, "Have no Permissions");
      assert.equal((await call("DescribeBackupSetDownloadTaskList", { BackupPlanId: "p" })).Success, true);
    });

    it("answers an unknown action with 404 and a wrong version with 400", async () => {
      await start();
      const notFound = await failure(caller(emulator)("DeleteBackupSetDownload", { BackupSetId: "x" }));
      assert.equal(notFound.code, "InvalidAction.NotFound");
      assert.equal(notFound.statusCode, 404);
      const badVersion = await failure(caller(emulator, { version: "2021-01-01" })("DescribeFullBackupList"));
      assert.equal(badVersion.code, "InvalidVersion");
      assert.equal(badVersion.statusCode, 400);
    });
  });

  describe("parameters", () => {
    it("requires BackupSetId", async () => {
      await start();
      const error = await failure(
        caller(emulator)("CreateFullBackupSetDownload", { BackupSetDataFormat: "SQL" }),
      );
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
        caller(emulator)("CreateFullBackupSetDownload", {
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
      const call = caller(emulator);
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
      const call = caller(emulator);
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
      const call = caller(emulator);
      const params = { BackupSetId: "dbsset0001", BackupSetDataFormat: "SQL", ClientToken: "same-token" };
      const first = await call("CreateFullBackupSetDownload", params);
      const again = await call("CreateFullBackupSetDownload", params);
      const v1Again = await caller(emulator, { v1: true })("CreateFullBackupSetDownload", params);
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
      const a = await caller(emulator)("CreateFullBackupSetDownload", params);
      const b = await caller(emulator, { credential: second })("CreateFullBackupSetDownload", params);
      assert.notEqual(a.BackupSetDownloadTaskId, b.BackupSetDownloadTaskId);
    });

    it("answers an unknown or incremental backup set with HTTP 200 Success:false Param.NotFound", async () => {
      await start();
      for (const BackupSetId of ["dbsnope", "mysql-bin.000054", "dbsjob0054"]) {
        const body = await caller(emulator)("CreateFullBackupSetDownload", { BackupSetId });
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
  });

  describe("task lifecycle", () => {
    it("moves checking → running → finish on the simulated clock", async () => {
      // timeScale 0 freezes the simulated clock, so only advance() moves it and boundaries are exact.
      await start({ checkingMs: 1000, downloadDurationMs: 5000, timeScale: 0 });
      const call = caller(emulator);
      const { BackupSetDownloadTaskId: taskId } = await call("CreateFullBackupSetDownload", {
        BackupSetId: "dbsset0001",
        BackupSetDataFormat: "Native",
      });
      const describe = async () =>
        details(
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
      const call = caller(emulator);
      await call("CreateFullBackupSetDownload", { BackupSetId: "dbsset0001" });
      await call("CreateFullBackupSetDownload", { BackupSetId: "dbsset0001" });
      const items = details(await call("DescribeBackupSetDownloadTaskList", { BackupPlanId: "dbsplan0001" }));
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
      const call = caller(emulator);
      await call("CreateFullBackupSetDownload", { BackupSetId: "bs-stop" });
      await call("CreateFullBackupSetDownload", { BackupSetId: "bs-init" });
      const statuses = async () =>
        details(await call("DescribeBackupSetDownloadTaskList", { BackupPlanId: "p1" })).map((d) => [
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
      const stopped = details(await call("DescribeBackupSetDownloadTaskList", { BackupPlanId: "p1" }))[1];
      assert.equal(stopped.BackupSetDownloadInternetUrl, undefined);
      assert.equal(typeof stopped.BackupSetDownloadFinishTime, "number");
    });

    it("runs the simulated clock faster with timeScale", async () => {
      await start({ timeScale: 1000, checkingMs: 1000, downloadDurationMs: 10_000 });
      const call = caller(emulator);
      const { BackupSetDownloadTaskId } = await call("CreateFullBackupSetDownload", {
        BackupSetId: "dbsset0001",
      });
      await new Promise((resolve) => setTimeout(resolve, 30));
      const [item] = details(
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
      const call = caller(emulator);
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
      const listed = [...details(first), ...details(second)].map((d) => d.BackupSetDownloadTaskId);
      assert.deepEqual(listed, [...ids].reverse());
      const big = await call("DescribeBackupSetDownloadTaskList", {
        BackupPlanId: "dbsplan0001",
        PageSize: "50",
      });
      assert.deepEqual([details(big).length, big.TotalPages], [35, 1]);
      const beyond = await call("DescribeBackupSetDownloadTaskList", {
        BackupPlanId: "dbsplan0001",
        PageNum: "5",
      });
      assert.deepEqual([details(beyond).length, beyond.TotalElements], [0, 35]);
    });

    it("returns an empty list for an unknown or deleted task id", async () => {
      await start();
      const call = caller(emulator);
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
      const call = caller(emulator);
      const before = await call("CreateFullBackupSetDownload", { BackupSetId: "late" });
      assert.equal(before.Success, false);
      emulator.addBackupSet({ backupSetId: "late", backupPlanId: "p9", size: 42, dbType: "PostgreSQL" });
      await call("CreateFullBackupSetDownload", { BackupSetId: "late" });
      const [item] = details(await call("DescribeBackupSetDownloadTaskList", { BackupPlanId: "p9" }));
      assert.deepEqual([item.BackupSetDataSize, item.BackupSetDbType], [42, "PostgreSQL"]);
    });
  });

  describe("faults", () => {
    const create = (call: ReturnType<typeof caller>, token?: string) =>
      call(
        "CreateFullBackupSetDownload",
        token ? { BackupSetId: "dbsset0001", ClientToken: token } : { BackupSetId: "dbsset0001" },
      );

    it("unavailable: 503 ServiceUnavailable for `count` requests, then normal", async () => {
      await start();
      emulator.injectFault({ kind: "unavailable", count: 2 });
      const call = caller(emulator);
      for (let i = 0; i < 2; i++) {
        const error = await failure(create(call));
        assert.equal(error.code, "ServiceUnavailable");
        assert.equal(error.statusCode, 503);
        assert.equal(error.name, "ServerError");
      }
      assert.match((await create(call)).BackupSetDownloadTaskId as string, TASK_ID);
      assert.deepEqual(
        emulator.requests.map((r) => r.statusCode),
        [503, 503, 200],
      );
      assert.equal(emulator.tasks().length, 1);
    });

    it("throttling: 400 Throttling.User", async () => {
      await start();
      emulator.injectFault({ kind: "throttling" });
      const error = await failure(create(caller(emulator)));
      assert.equal(error.code, "Throttling.User");
      assert.equal(error.statusCode, 400);
      assert.equal(error.name, "ThrottlingError");
      assert.equal((error.data as Body).Message, "Request was denied due to user flow control.");
    });

    it("nonJson: a 500 text/html body the client cannot parse", async () => {
      await start();
      emulator.injectFault({ kind: "nonJson" });
      const error = await failure(create(caller(emulator)));
      assert.equal(error.name, "SyntaxError");
      assert.equal(emulator.requests[0].statusCode, 500);
      assert.equal(emulator.tasks().length, 0);
    });

    it("reset: the socket is destroyed before acting", async () => {
      await start();
      emulator.injectFault({ kind: "reset" });
      const error = await failure(create(caller(emulator), "tok-reset"));
      assert.equal(error.statusCode, undefined);
      assert.equal(emulator.tasks().length, 0);
      assert.equal(emulator.requests[0].statusCode, 0);
    });

    it("actThenDrop: the task is created but the answer is lost; a retry gets the same task", async () => {
      await start();
      emulator.injectFault({ kind: "actThenDrop", action: "CreateFullBackupSetDownload" });
      const call = caller(emulator);
      await failure(create(call, "tok-drop"));
      assert.equal(emulator.tasks().length, 1);
      const retried = await create(call, "tok-drop");
      assert.equal(retried.BackupSetDownloadTaskId, emulator.tasks()[0].taskId);
      assert.deepEqual(
        emulator.requests.map((r) => r.statusCode),
        [0, 200],
      );
    });

    it("slow: answers after delayMs, so a short read timeout fires while the action still happens", async () => {
      await start();
      emulator.injectFault({ kind: "slow", delayMs: 300, count: 2 });
      const started = Date.now();
      const ok = await create(caller(emulator));
      assert.ok(Date.now() - started >= 290);
      assert.match(ok.BackupSetDownloadTaskId as string, TASK_ID);
      const error = await failure(create(caller(emulator, { readTimeout: 100 })));
      assert.match(`${error.name} ${error.message}`, /timeout/i);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(emulator.tasks().length, 2);
    });

    it("applies faults only to the named action, in injection order, and not to rejected signatures", async () => {
      await start();
      emulator.injectFault({ kind: "throttling", action: "CreateFullBackupSetDownload" });
      emulator.injectFault({ kind: "unavailable" });
      const call = caller(emulator);
      const badSig = caller(emulator, { credential: { ...DEFAULT_CREDENTIAL, accessKeySecret: "wrong" } });
      assert.equal((await failure(create(badSig))).code, "SignatureDoesNotMatch");
      assert.equal(
        (await failure(call("DescribeFullBackupList", { BackupPlanId: "dbsplan0001" }))).code,
        "ServiceUnavailable",
      );
      assert.equal((await failure(create(call))).code, "Throttling.User");
      assert.match((await create(call)).BackupSetDownloadTaskId as string, TASK_ID);
    });

    it("rateLimit: beyond N requests per second per AccessKeyId → 400 Throttling.User with x-acs-retry-after", async () => {
      const other = { accessKeyId: "LTAIother", accessKeySecret: "other" };
      await start({ rateLimit: 2, credentials: [DEFAULT_CREDENTIAL, other] });
      const call = caller(emulator);
      await call("DescribeFullBackupList", { BackupPlanId: "dbsplan0001" });
      await call("DescribeFullBackupList", { BackupPlanId: "dbsplan0001" });
      const error = await failure(call("DescribeFullBackupList", { BackupPlanId: "dbsplan0001" }));
      assert.equal(error.code, "Throttling.User");
      assert.equal(error.statusCode, 400);
      assert.ok(error.retryAfter !== undefined && error.retryAfter > 0 && error.retryAfter <= 1000);
      await caller(emulator, { credential: other })("DescribeFullBackupList", {
        BackupPlanId: "dbsplan0001",
      });
    });
  });

  describe("phase 2 actions", () => {
    it("CreateIncrementBackupSetDownload needs the job id and the binlog name, defaults to Native", async () => {
      await start({ checkingMs: 0, downloadDurationMs: 0 });
      const call = caller(emulator);
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
      const [item] = details(
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

    it("DescribeFullBackupList pages the seeded plan newest first and filters", async () => {
      await start();
      const call = caller(emulator);
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

    it("refuses to download a full set whose backup did not finish", async () => {
      await start();
      const body = await caller(emulator)("CreateFullBackupSetDownload", { BackupSetId: "dbsbulk0035" });
      assert.deepEqual([body.Success, body.ErrCode], [false, "BackupSet.StatusInvalid"]);
    });

    it("DescribeIncrementBackupList lists binlogs newest first", async () => {
      await start();
      const body = await caller(emulator, { v1: true })("DescribeIncrementBackupList", {
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
});
