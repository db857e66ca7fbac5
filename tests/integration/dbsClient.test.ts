import { strict as assert } from "node:assert";
import type { DbsClientOptions } from "../../provider/dbs/client";
import { createDbsClient } from "../../provider/dbs/client";
import type { DbsError } from "../../provider/dbs/errors";
import type { Emulator } from "../../emulator";
import { DEFAULT_CREDENTIAL, startEmulator } from "../../emulator";

const STS = {
  accessKeyId: "STS.emulatorKey",
  accessKeySecret: "sts-secret-Zq81mW",
  securityToken: "sts-token-Pp02xQ",
};
const DENIED = {
  accessKeyId: "LTAIdenied",
  accessKeySecret: "denied-secret-Aa77",
  deniedActions: ["CreateFullBackupSetDownload"],
};

describe("DBS client against the emulator over HTTP", () => {
  let emulator: Emulator;
  const sleeps: number[] = [];

  before(async () => {
    emulator = await startEmulator({ credentials: [DEFAULT_CREDENTIAL, STS, DENIED] });
  });
  after(() => emulator.close());
  beforeEach(() => {
    emulator.clearRequests();
    sleeps.length = 0;
  });

  function client(overrides: Partial<DbsClientOptions> = {}) {
    return createDbsClient({
      endpoint: { protocol: "http", host: `${emulator.host}:${emulator.port}` },
      credentials: { ...DEFAULT_CREDENTIAL, source: "test" },
      regionId: "cn-hangzhou",
      readTimeoutMs: 2000,
      connectTimeoutMs: 2000,
      retry: { maxAttempts: 3 },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
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

  const create = (token: string, c = client()) =>
    c.call("CreateFullBackupSetDownload", {
      BackupSetId: "dbsset0001",
      BackupSetDataFormat: "SQL",
      ClientToken: token,
    });

  for (const signature of ["v3", "v2"] as const) {
    it(`creates a task with a ${signature} signature and sends exactly the SDK parameters`, async () => {
      const response = await create(`tok-${signature}`, client({ signature }));
      assert.equal(response.Success, true);
      assert.match(response.BackupSetDownloadTaskId, /^dbstk/);
      const [request] = emulator.requests;
      assert.equal(emulator.requests.length, 1);
      assert.equal(request.signatureVersion, signature === "v3" ? "v3" : "v1");
      assert.deepEqual(request.params, {
        BackupSetId: "dbsset0001",
        BackupSetDataFormat: "SQL",
        ClientToken: `tok-${signature}`,
      });
    });
  }

  it("signs STS requests with the security token", async () => {
    const sts = client({ credentials: { ...STS, source: "test" } });
    await create("tok-sts", sts);
    assert.equal(emulator.requests[0].statusCode, 200);
    const wrong = client({ credentials: { ...STS, securityToken: "other-token", source: "test" } });
    const error = await failure(create("tok-sts2", wrong));
    assert.equal(error.code, "InvalidSecurityToken.MismatchWithAccessKey");
    assert.match(error.message, /Hint: the STS security token/);
    assert.ok(!error.message.includes("other-token") && !error.message.includes(STS.accessKeySecret));
  });

  it("reads a task back by ID", async () => {
    const { BackupSetDownloadTaskId: id } = await create("tok-read");
    const list = await client().call("DescribeBackupSetDownloadTaskList", { BackupSetDownloadTaskId: id });
    assert.equal(list.Items.BackupSetDownloadTaskDetail.length, 1);
    assert.equal(list.Items.BackupSetDownloadTaskDetail[0].BackupSetDownloadTaskId, id);
    assert.equal(list.Items.BackupSetDownloadTaskDetail[0].BackupSetDataFormat, "SQL");
  });

  it("maps 403 to an error with code, status, RequestId and the RAM action, without retrying", async () => {
    const error = await failure(create("tok-403", client({ credentials: { ...DENIED, source: "test" } })));
    const [request] = emulator.requests;
    assert.equal(emulator.requests.length, 1);
    assert.equal(error.code, "Request.Forbidden");
    assert.equal(error.statusCode, 403);
    assert.equal(error.requestId, request.requestId);
    assert.equal(error.attempts, 1);
    assert.equal(
      error.message,
      `DBS CreateFullBackupSetDownload failed: Request.Forbidden (HTTP 403, RequestId ${request.requestId}): Have no Permissions. ` +
        `Hint: the caller lacks the RAM permission for action dbs:CreateFullBackupSetDownload; grant it in a RAM policy ("Action": "dbs:CreateFullBackupSetDownload").`,
    );
    assert.ok(!("cause" in error) || !String(error.cause).includes(DENIED.accessKeySecret));
  });

  it("reports a wrong secret as SignatureDoesNotMatch, once, without the secret", async () => {
    const secret = "not-the-secret-9911";
    const error = await failure(
      create(
        "tok-sig",
        client({ credentials: { ...DEFAULT_CREDENTIAL, accessKeySecret: secret, source: "t" } }),
      ),
    );
    assert.equal(emulator.requests.length, 1);
    assert.equal(error.code, "SignatureDoesNotMatch");
    assert.equal(error.statusCode, 400);
    assert.match(error.message, /Hint: the access key secret does not match/);
    assert.ok(!error.message.includes(secret));
  });

  it("reports an unknown access key ID with its 404", async () => {
    const error = await failure(
      create(
        "tok-ak",
        client({ credentials: { accessKeyId: "LTAInobody", accessKeySecret: "x-secret", source: "t" } }),
      ),
    );
    assert.equal(error.code, "InvalidAccessKeyId.NotFound");
    assert.equal(error.statusCode, 404);
    assert.equal(emulator.requests.length, 1);
  });

  it("treats a 200 answer with Success: false as an error", async () => {
    const error = await failure(
      client().call("CreateFullBackupSetDownload", { BackupSetId: "dbsnosuchset", ClientToken: "tok-404" }),
    );
    assert.equal(error.code, "Param.NotFound");
    assert.match(
      error.message,
      /^DBS CreateFullBackupSetDownload failed: Param.NotFound \(HTTP \d+, RequestId [\w-]+\): The specified parameter BackupSetId value is not valid\. Hint: check the backup set ID/,
    );
    assert.equal(emulator.requests.length, 1);
  });

  it("reports reusing a token with other parameters", async () => {
    await create("tok-mismatch");
    const error = await failure(
      client().call("CreateFullBackupSetDownload", {
        BackupSetId: "dbsset0002",
        ClientToken: "tok-mismatch",
      }),
    );
    assert.equal(error.code, "IdempotentParameterMismatch");
    assert.match(error.message, /set a different clientToken or change triggers/);
  });

  for (const kind of ["unavailable", "throttling", "nonJson", "reset", "actThenDrop"] as const) {
    it(`retries a transient ${kind} with the same ClientToken and creates one task`, async () => {
      const before = emulator.tasks().length;
      emulator.injectFault({ kind, count: 2, action: "CreateFullBackupSetDownload" });
      const response = await create(`tok-${kind}`);
      const creates = emulator.requestsFor("CreateFullBackupSetDownload");
      assert.equal(creates.length, 3);
      assert.deepEqual(new Set(creates.map((r) => r.params.ClientToken)), new Set([`tok-${kind}`]));
      const created = emulator.tasks().filter((t) => t.clientToken === `tok-${kind}`);
      assert.equal(created.length, 1);
      assert.equal(created[0].taskId, response.BackupSetDownloadTaskId);
      assert.equal(emulator.tasks().length, before + 1);
      assert.equal(sleeps.length, 2);
      assert.ok(sleeps[0] <= 500 && sleeps[1] <= 1000, `backoff within caps: ${sleeps}`);
    });
  }

  it("retries a response slower than the read timeout", async () => {
    emulator.injectFault({ kind: "slow", delayMs: 1500, count: 1 });
    const started = Date.now();
    await create("tok-slow", client({ readTimeoutMs: 500 }));
    assert.ok(Date.now() - started < 1500, "the first attempt was abandoned at the timeout");
    // The emulator logs the slow request when it answers, after the retry has been served.
    await new Promise((resolve) => setTimeout(resolve, 1600 - (Date.now() - started)));
    assert.equal(emulator.requestsFor("CreateFullBackupSetDownload").length, 2);
    assert.equal(emulator.tasks().filter((t) => t.clientToken === "tok-slow").length, 1);
  });

  it("gives up after the retry budget with a clear error naming the attempts", async () => {
    emulator.injectFault({ kind: "unavailable", count: 3 });
    const error = await failure(create("tok-down"));
    assert.equal(emulator.requests.length, 3);
    assert.equal(error.code, "ServiceUnavailable");
    assert.equal(error.statusCode, 503);
    assert.equal(error.attempts, 3);
    assert.match(error.message, /Gave up after 3 attempts\.$/);
    assert.equal(emulator.tasks().filter((t) => t.clientToken === "tok-down").length, 0);
  });
});
