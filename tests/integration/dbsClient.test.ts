import { strict as assert } from "node:assert";
import type { DbsClientOptions } from "../../provider/dbs/client";
import { createDbsClient } from "../../provider/dbs/client";
import {
  getLatestFullBackupSet,
  getLatestFullBackupSetOutput,
  listFullBackupSets,
  listIncrementBackupSets,
} from "../../provider";
import type { DbsError } from "../../provider/dbs/errors";
import { DYNAMIC_CONFIG_KEYS } from "../../provider/dynamic/provider";
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
      credentialKeys: DYNAMIC_CONFIG_KEYS,
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

describe("backup set lookup functions against the emulator", () => {
  let emulator: Emulator;
  const saved: Record<string, string | undefined> = {};
  const env: Record<string, string> = {
    ALIBABA_CLOUD_REGION_ID: "cn-hangzhou",
    ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_CREDENTIAL.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_CREDENTIAL.accessKeySecret,
  };

  before(async () => {
    emulator = await startEmulator();
    // The functions run in the program's process and read the environment there.
    for (const [key, value] of Object.entries({ ...env, ALIBABA_CLOUD_DBS_ENDPOINT: emulator.url })) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
  });
  after(async () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await emulator?.close();
  });
  beforeEach(() => emulator.clearRequests());

  const pages = (action: string) => emulator.requestsFor(action).map((r) => r.params.PageNum);

  it("lists every full backup set of a plan across pages", async () => {
    const sets = await listFullBackupSets({ backupPlanId: "dbsplan0002" });
    assert.equal(sets.length, 35);
    assert.equal(new Set(sets.map((s) => s.backupSetId)).size, 35);
    assert.deepEqual(pages("DescribeFullBackupList"), ["0", "1"]);
    assert.deepEqual(emulator.requestsFor("DescribeFullBackupList")[0].params, {
      BackupPlanId: "dbsplan0002",
      PageNum: "0",
      PageSize: "30",
    });
    const first = sets.find((s) => s.backupSetId === "dbsbulk0001");
    assert.ok(first);
    assert.equal(first.backupStatus, "finish");
    assert.equal(typeof first.backupSize, "number");
  });

  it("passes the status filter through", async () => {
    const stopped = await listFullBackupSets({ backupPlanId: "dbsplan0002", backupSetStatus: "stop" });
    assert.deepEqual(stopped.map((s) => s.backupSetId).sort(), ["dbsbulk0010", "dbsbulk0020"]);
    assert.equal(emulator.requestsFor("DescribeFullBackupList")[0].params.BackupSetStatus, "stop");
  });

  it("lists incremental sets with their job IDs, newest first as DBS answers", async () => {
    const sets = await listIncrementBackupSets({ backupPlanId: "dbsplan0001" });
    assert.deepEqual(
      sets.map((s) => [s.backupSetId, s.backupSetJobId]),
      [
        ["mysql-bin.000055", "dbsjob0055"],
        ["mysql-bin.000054", "dbsjob0054"],
      ],
    );
  });

  it("finds the newest finished full set, skipping the running one", async () => {
    const latest = await getLatestFullBackupSet({ backupPlanId: "dbsplan0002" });
    assert.equal(latest.backupSetId, "dbsbulk0034");
    const viaOutput = await new Promise((resolve) =>
      getLatestFullBackupSetOutput({ backupPlanId: "dbsplan0001" }).apply((set) => resolve(set.backupSetId)),
    );
    assert.equal(viaOutput, "dbsset0003");
  });

  it("fails clearly when a plan has no finished full set", async () => {
    await assert.rejects(getLatestFullBackupSet({ backupPlanId: "dbsplan9999" }), {
      message:
        'backup plan dbsplan9999 has no full backup set with status "finish" (it has 0 full backup sets)',
    });
  });
});
