import { strict as assert } from "node:assert";
import type { DbsClientOptions } from "../../provider/dbs/client";
import { createDbsClient } from "../../provider/dbs/client";
import { fixedCredentials } from "../../provider/dbs/credentials";
import {
  getLatestFullBackupSet,
  getLatestFullBackupSetOutput,
  listFullBackupSets,
  listIncrementBackupSets,
} from "../../provider";
import type { DbsError } from "../../provider/dbs/errors";
import { DYNAMIC_CONFIG_KEYS } from "../../provider/dynamic/provider";
import type { Emulator, Fault, RecordedRequest } from "../../packages/emulator/src";
import { DEFAULT_CREDENTIAL, startEmulator } from "../../packages/emulator/src";

const CREATE = "CreateFullBackupSetDownload";
const STATUS = "DescribeBackupSetDownloadTaskList";
const STS = {
  accessKeyId: "STS.emulatorKey",
  accessKeySecret: "sts-secret-Zq81mW",
  securityToken: "sts-token-Pp02xQ",
};
const EXPIRED = {
  accessKeyId: "STS.expiredKey",
  accessKeySecret: "sts-expired-secret-Lm34",
  securityToken: "sts-expired-token-Nb56",
  expired: true,
};
const DENIED = {
  accessKeyId: "LTAIdenied",
  accessKeySecret: "denied-secret-Aa77",
  deniedActions: [CREATE],
};
const WRONG_SECRET = "wrong-secret-Zx98Cv";
const MAX_ATTEMPTS = 3;
const THROTTLE_HINT =
  "Hint: the API is throttling or unavailable; retry later, or lower the parallelism (pulumi up --parallel N).";

/** Every string an error carries: message, stack, any own field (nested too), and its JSON form. */
function stringsOf(error: unknown): string[] {
  const strings: string[] = [JSON.stringify(error) ?? ""];
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (typeof value === "string") strings.push(value);
    if (typeof value !== "object" || value === null || seen.has(value)) return;
    seen.add(value);
    for (const key of Object.getOwnPropertyNames(value)) visit((value as Record<string, unknown>)[key]);
  };
  visit(error);
  return strings;
}

function attemptLabel(request: RecordedRequest): string {
  return request.code ? `${request.statusCode} ${request.code}` : String(request.statusCode);
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface FaultRow {
  what: string;
  /** Consumed by the create requests, in order. */
  faults?: Omit<Fault, "action">[];
  client?: Partial<DbsClientOptions>;
  backupSetId?: string;
  /** Each attempt in arrival order: HTTP status (0: dropped) and error code. */
  attempts: string[];
  /** Undefined: the create makes one task. Else the whole message, given the last attempt's RequestId. */
  error?: (requestId: string) => string | RegExp;
}

const withCredential = (credential: {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}) => ({
  credentials: fixedCredentials(credential, "test"),
});

// Throttling faults ask for no wait (retryAfterMs: 0) so that the client's own backoff shows.
const FAULT_ROWS: FaultRow[] = [
  { what: "unavailable x1", faults: [{ kind: "unavailable" }], attempts: ["503 ServiceUnavailable", "200"] },
  {
    what: "unavailable x2",
    faults: [{ kind: "unavailable", count: 2 }],
    attempts: ["503 ServiceUnavailable", "503 ServiceUnavailable", "200"],
  },
  {
    what: "throttling x2",
    faults: [{ kind: "throttling", count: 2, retryAfterMs: 0 }],
    attempts: ["400 Throttling.User", "400 Throttling.User", "200"],
  },
  {
    // Under a rate limit shared by parallel creates, throttling is retried for a time, not a count.
    what: "throttling x4: past maxAttempts, within the throttling time budget",
    faults: [{ kind: "throttling", count: 4, retryAfterMs: 0 }],
    attempts: [...Array<string>(4).fill("400 Throttling.User"), "200"],
  },
  { what: "a body that is not JSON", faults: [{ kind: "nonJson" }], attempts: ["500", "200"] },
  { what: "a reset connection", faults: [{ kind: "reset" }], attempts: ["0", "200"] },
  {
    // The first attempt created the task but its answer was lost: the same token finds that task.
    what: "an answer lost after the task was created",
    faults: [{ kind: "actThenDrop" }],
    attempts: ["0", "200"],
  },
  {
    // Abandoned at the read timeout and retried; the slow attempt is answered (same task) later.
    what: "an answer slower than the read timeout (1.5 s, timeout 1 s)",
    faults: [{ kind: "slow", delayMs: 1500 }],
    client: { readTimeoutMs: 1000 },
    attempts: ["200", "200"],
  },
  {
    what: "unavailable on every attempt",
    faults: [{ kind: "unavailable", count: MAX_ATTEMPTS }],
    attempts: Array<string>(MAX_ATTEMPTS).fill("503 ServiceUnavailable"),
    error: (id) =>
      `DBS ${CREATE} failed: ServiceUnavailable (HTTP 503, RequestId ${id}): The request has failed due to a temporary failure of the server. ` +
      `${THROTTLE_HINT} Gave up after ${MAX_ATTEMPTS} attempts.`,
  },
  {
    what: "throttling on every attempt, with no throttling time budget",
    faults: [{ kind: "throttling", count: MAX_ATTEMPTS, retryAfterMs: 0 }],
    client: { retry: { maxAttempts: MAX_ATTEMPTS, throttledForMs: 0 } },
    attempts: Array<string>(MAX_ATTEMPTS).fill("400 Throttling.User"),
    error: (id) =>
      `DBS ${CREATE} failed: Throttling.User (HTTP 400, RequestId ${id}): Request was denied due to user flow control. ` +
      `${THROTTLE_HINT} Gave up after ${MAX_ATTEMPTS} attempts.`,
  },
  {
    what: "a key without permission for the action",
    client: withCredential(DENIED),
    attempts: ["403 Request.Forbidden"],
    error: (id) =>
      `DBS ${CREATE} failed: Request.Forbidden (HTTP 403, RequestId ${id}): Have no Permissions. ` +
      `Hint: the caller lacks the RAM permission for action dbs:${CREATE} (denied by AccountLevelIdentityBasedPolicy); grant it in a RAM policy ("Action": "dbs:${CREATE}").`,
  },
  {
    what: "a wrong secret",
    client: withCredential({ ...DEFAULT_CREDENTIAL, accessKeySecret: WRONG_SECRET }),
    attempts: ["400 SignatureDoesNotMatch"],
    error: (id) =>
      new RegExp(
        `^DBS ${CREATE} failed: SignatureDoesNotMatch \\(HTTP 400, RequestId ${id}\\): ` +
          "Specified signature is not matched with our calculation\\. server string to sign is:ACS3-HMAC-SHA256\\n[0-9a-f]{64}\\. " +
          "Hint: the access key secret does not match the access key ID: check alicloud:secretKey or ALIBABA_CLOUD_ACCESS_KEY_SECRET\\.$",
      ),
  },
  {
    // A v2 (query) signature's string to sign holds the STS token, and DBS echoes it: it must not reach the message.
    what: "a wrong secret with an STS token, v2 signature",
    client: { ...withCredential({ ...STS, accessKeySecret: WRONG_SECRET }), signature: "v2" },
    attempts: ["400 SignatureDoesNotMatch"],
    error: (id) =>
      new RegExp(
        `^DBS ${CREATE} failed: SignatureDoesNotMatch \\(HTTP 400, RequestId ${id}\\): ` +
          "Specified signature is not matched with our calculation\\. server string to sign is:POST&%2F&AccessKeyId%3DSTS\\.emulatorKey%26.*" +
          "%26SecurityToken%3D\\*\\*\\*%26SignatureMethod%3DHMAC-SHA1%26.*\\. Hint: the access key secret does not match",
      ),
  },
  {
    what: "an unknown access key ID",
    client: withCredential({ accessKeyId: "LTAInobody", accessKeySecret: "nobody-secret-Ee55" }),
    attempts: ["404 InvalidAccessKeyId.NotFound"],
    error: (id) =>
      `DBS ${CREATE} failed: InvalidAccessKeyId.NotFound (HTTP 404, RequestId ${id}): Specified access key is not found. ` +
      "Hint: the access key ID is unknown: check alicloud:accessKey or ALIBABA_CLOUD_ACCESS_KEY_ID.",
  },
  {
    what: "an expired STS token",
    client: withCredential(EXPIRED),
    attempts: ["400 InvalidSecurityToken.Expired"],
    error: (id) =>
      `DBS ${CREATE} failed: InvalidSecurityToken.Expired (HTTP 400, RequestId ${id}): Specified SecurityToken is expired. ` +
      "Hint: the STS security token has expired: get a new STS credential and set its token as alicloud:securityToken or ALIBABA_CLOUD_SECURITY_TOKEN (with its access key pair).",
  },
  {
    what: "an STS token of another credential",
    client: withCredential({ ...STS, securityToken: "sts-other-token-Iu22" }),
    attempts: ["400 InvalidSecurityToken.MismatchWithAccessKey"],
    error: (id) =>
      `DBS ${CREATE} failed: InvalidSecurityToken.MismatchWithAccessKey (HTTP 400, RequestId ${id}): Specified SecurityToken mismatch with the AccessKey. ` +
      "Hint: the STS security token does not belong to this access key ID (or is missing): set alicloud:accessKey, alicloud:secretKey and alicloud:securityToken (or the ALIBABA_CLOUD_* variables) from the same STS credential.",
  },
  {
    // DBS answers 200 with Success: false and the real status in the body.
    what: "an unknown backup set",
    backupSetId: "dbsmissing01",
    attempts: ["200 Param.NotFound"],
    error: (id) =>
      `DBS ${CREATE} failed: Param.NotFound (HTTP 200, HttpStatusCode 404 in the body, RequestId ${id}): The specified parameter BackupSetId value is not valid. ` +
      "Hint: check the backup set ID and that it exists in this account and region (DescribeFullBackupList).",
  },
];

describe("DBS client against the emulator over HTTP", () => {
  let emulator: Emulator;
  const sleeps: number[] = [];

  before(async () => {
    emulator = await startEmulator({ credentials: [DEFAULT_CREDENTIAL, STS, EXPIRED, DENIED] });
  });
  after(() => emulator.close());
  beforeEach(() => {
    emulator.clearRequests();
    sleeps.length = 0;
  });

  function client(overrides: Partial<DbsClientOptions> = {}) {
    return createDbsClient({
      endpoint: { protocol: "http", host: `${emulator.host}:${emulator.port}` },
      credentials: fixedCredentials(DEFAULT_CREDENTIAL, "test"),
      credentialKeys: DYNAMIC_CONFIG_KEYS,
      regionId: "cn-hangzhou",
      readTimeoutMs: 2000,
      connectTimeoutMs: 2000,
      retry: { maxAttempts: MAX_ATTEMPTS },
      // No real backoff: the waits are recorded instead.
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

  const create = (token: string, c = client(), backupSetId = "dbsset0001") =>
    c.call(CREATE, { BackupSetId: backupSetId, BackupSetDataFormat: "SQL", ClientToken: token });
  const tasksFor = (token: string) => emulator.tasks().filter((t) => t.clientToken === token);

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
    await create("tok-sts", client(withCredential(STS)));
    assert.deepEqual(emulator.requests.map(attemptLabel), ["200"]);
    assert.equal(emulator.requests[0].accessKeyId, STS.accessKeyId);
  });

  it("reads a task back by ID", async () => {
    const { BackupSetDownloadTaskId: id } = await create("tok-read");
    const list = await client().call(STATUS, { BackupSetDownloadTaskId: id });
    assert.equal(list.Items.BackupSetDownloadTaskDetail.length, 1);
    assert.equal(list.Items.BackupSetDownloadTaskDetail[0].BackupSetDownloadTaskId, id);
    assert.equal(list.Items.BackupSetDownloadTaskDetail[0].BackupSetDataFormat, "SQL");
  });

  it("reports reusing a token with other parameters", async () => {
    await create("tok-mismatch");
    const error = await failure(
      client().call(CREATE, { BackupSetId: "dbsset0002", ClientToken: "tok-mismatch" }),
    );
    assert.equal(error.code, "IdempotentParameterMismatch");
    assert.match(error.message, /set a different clientToken or change triggers/);
  });

  FAULT_ROWS.forEach((row, index) => {
    const outcome = row.error ? "then a clear error, no task" : "one task";
    it(`create under ${row.what}: ${row.attempts.length} attempt(s) with the same parameters, ${outcome}`, async () => {
      const token = `tok-row-${index}`;
      const backupSetId = row.backupSetId ?? "dbsset0001";
      for (const fault of row.faults ?? []) emulator.injectFault({ ...fault, action: CREATE });
      const result = await create(token, client(row.client), backupSetId).then(
        (response) => ({ response, error: undefined }),
        (error: DbsError) => ({ response: undefined, error }),
      );
      // An abandoned attempt is logged when the emulator answers it, after the client moved on.
      await until(
        () => emulator.requestsFor(CREATE).length >= row.attempts.length,
        "every attempt to be logged",
      );

      const attempts = emulator.requestsFor(CREATE).sort((a, b) => a.at - b.at);
      assert.deepEqual(attempts.map(attemptLabel), row.attempts);
      for (const attempt of attempts) {
        assert.deepEqual(attempt.params, {
          BackupSetId: backupSetId,
          BackupSetDataFormat: "SQL",
          ClientToken: token,
        });
      }
      assert.equal(sleeps.length, row.attempts.length - 1, `one wait per retry: ${sleeps}`);
      assert.ok(
        sleeps.every((ms, i) => ms >= 0 && ms <= 500 * 2 ** i),
        `capped exponential backoff: ${sleeps}`,
      );

      if (!row.error) {
        assert.ok(result.response, `expected a task, got: ${result.error?.message}`);
        assert.deepEqual(
          tasksFor(token).map((t) => t.taskId),
          [result.response.BackupSetDownloadTaskId],
        );
        return;
      }
      assert.ok(result.error, `expected a failure, got task ${result.response?.BackupSetDownloadTaskId}`);
      const last = attempts[attempts.length - 1];
      const expected = row.error(last.requestId);
      if (typeof expected === "string") assert.equal(result.error.message, expected);
      else assert.match(result.error.message, expected);
      assert.deepEqual(
        [result.error.code, result.error.requestId, result.error.attempts],
        [last.code, last.requestId, attempts.length],
      );
      assert.deepEqual(tasksFor(token), []);
      const secrets = (row.client?.credentials ?? fixedCredentials(DEFAULT_CREDENTIAL, "test")).served();
      assert.ok(secrets.length > 0);
      for (const secret of secrets) {
        for (const text of stringsOf(result.error))
          assert.ok(!text.includes(secret), `the error carries a secret: ${text}`);
      }
    });
  });

  it("retries a status read the same way, with the same parameters on every attempt", async () => {
    const { BackupSetDownloadTaskId: id } = await create("tok-status");
    emulator.clearRequests();
    for (const kind of ["unavailable", "reset", "throttling"] as const)
      emulator.injectFault({ kind, action: STATUS });
    const list = await client({ retry: { maxAttempts: 5 } }).call(STATUS, { BackupSetDownloadTaskId: id });
    assert.equal(list.Items.BackupSetDownloadTaskDetail[0].BackupSetDownloadTaskId, id);
    const reads = emulator.requestsFor(STATUS);
    assert.deepEqual(reads.map(attemptLabel), ["503 ServiceUnavailable", "0", "400 Throttling.User", "200"]);
    for (const read of reads) assert.deepEqual(read.params, { BackupSetDownloadTaskId: id });
    assert.equal(sleeps.length, 3);
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
