import { strict as assert } from "node:assert";
import type { Emulator, Fault, RecordedRequest } from "../../emulator";
import { DEFAULT_CREDENTIAL, startEmulator } from "../../emulator";
import type { Registration } from "../support/captureRegistrations";
import { captureRegistrations } from "../support/captureRegistrations";
import type { DynamicProviderPlugin, PluginCallError } from "../support/dynamicProviderPlugin";
import { providerModuleText } from "../support/providerModuleText";
import { startDynamicProviderPlugin, urnFor } from "../support/dynamicProviderPlugin";
import { BURST } from "./fixtures/robustnessPrograms";

const TYPE = "pulumi-nodejs:dynamic/alicloud-dbs:FullBackupSetDownload";
const PROJECT = "shop";
const STACK = "prod";
const CREATE = "CreateFullBackupSetDownload";
const STATUS = "DescribeBackupSetDownloadTaskList";
const MAX_ATTEMPTS = 3;
const BASE_DELAY_MS = 500;
const REQUEST_TIMEOUT_MS = 1000;
/** Plugin, gRPC and emulator time on top of the retry waits a row may spend, on a slow CI machine. */
const SLACK_MS = 2000;
const DENIED = {
  accessKeyId: "LTAIdeniedKey",
  accessKeySecret: "denied-secret-Qw12Er",
  deniedActions: [CREATE],
};
const WRONG_SECRET = "wrong-secret-Zx98Cv";
const SECRETS = [DEFAULT_CREDENTIAL.accessKeySecret, DENIED.accessKeySecret, WRONG_SECRET];

const THROTTLED = "Throttling.User";
const UNAVAILABLE_TEXT = "The request has failed due to a temporary failure of the server";
const THROTTLE_HINT =
  "Hint: the API is throttling or unavailable; retry later, or lower the parallelism (pulumi up --parallel N).";

type PluginName = "main" | "denied" | "wrongSecret";

interface Row {
  fault: string;
  resource: string;
  plugin?: PluginName;
  faults?: Fault[];
  backupSetId?: string;
  /** Each create attempt in arrival order: HTTP status (0: dropped) and error code. */
  attempts: string[];
  /** Create attempts that fail and are retried, so that the row may spend their backoff. */
  retries: number;
  /** Attempts that time out on the client (requestTimeoutSeconds). */
  timeouts?: number;
  /** Undefined: the create succeeds with one task. Else the exact message, given the last attempt. */
  error?: (last: RecordedRequest) => string | RegExp;
}

const onCreate = (fault: Omit<Fault, "action">): Fault => ({ ...fault, action: CREATE });

const ROWS: Row[] = [
  {
    fault: "unavailable x1",
    resource: "row-00",
    faults: [onCreate({ kind: "unavailable", count: 1 })],
    attempts: ["503 ServiceUnavailable", "200"],
    retries: 1,
  },
  {
    fault: "unavailable x2",
    resource: "row-01",
    faults: [onCreate({ kind: "unavailable", count: 2 })],
    attempts: ["503 ServiceUnavailable", "503 ServiceUnavailable", "200"],
    retries: 2,
  },
  {
    fault: "throttling x2",
    resource: "row-02",
    faults: [onCreate({ kind: "throttling", count: 2 })],
    attempts: [`400 ${THROTTLED}`, `400 ${THROTTLED}`, "200"],
    retries: 2,
  },
  {
    fault: "nonJson x1",
    resource: "row-03",
    faults: [onCreate({ kind: "nonJson", count: 1 })],
    attempts: ["500", "200"],
    retries: 1,
  },
  {
    fault: "reset x1",
    resource: "row-04",
    faults: [onCreate({ kind: "reset", count: 1 })],
    attempts: ["0", "200"],
    retries: 1,
  },
  {
    // The first attempt creates the task but its answer is lost: the retry's same token returns it.
    fault: "actThenDrop x1",
    resource: "row-05",
    faults: [onCreate({ kind: "actThenDrop", count: 1 })],
    attempts: ["0", "200"],
    retries: 1,
  },
  {
    // The slow attempt is answered (200, same task) after the client gave up on it and retried.
    fault: "slow 1.5 s x1 (timeout 1 s)",
    resource: "row-06",
    faults: [onCreate({ kind: "slow", count: 1, delayMs: 1500 })],
    attempts: ["200", "200"],
    retries: 1,
    timeouts: 1,
  },
  {
    fault: "unavailable persistent",
    resource: "row-07",
    // As many as the client may attempt: a fourth attempt would succeed and fail the row.
    faults: [onCreate({ kind: "unavailable", count: MAX_ATTEMPTS })],
    attempts: Array<string>(MAX_ATTEMPTS).fill("503 ServiceUnavailable"),
    retries: MAX_ATTEMPTS - 1,
    error: (last) =>
      `DBS ${CREATE} failed: ServiceUnavailable (HTTP 503, RequestId ${last.requestId}): ${UNAVAILABLE_TEXT}. ` +
      `${THROTTLE_HINT} Gave up after ${MAX_ATTEMPTS} attempts.`,
  },
  {
    fault: "throttling persistent",
    resource: "row-08",
    faults: [onCreate({ kind: "throttling", count: MAX_ATTEMPTS })],
    attempts: Array<string>(MAX_ATTEMPTS).fill(`400 ${THROTTLED}`),
    retries: MAX_ATTEMPTS - 1,
    error: (last) =>
      `DBS ${CREATE} failed: ${THROTTLED} (HTTP 400, RequestId ${last.requestId}): ` +
      `Request was denied due to user flow control. ${THROTTLE_HINT} Gave up after ${MAX_ATTEMPTS} attempts.`,
  },
  {
    fault: "403 Forbidden",
    resource: "row-09",
    plugin: "denied",
    attempts: ["403 Request.Forbidden"],
    retries: 0,
    error: (last) =>
      `DBS ${CREATE} failed: Request.Forbidden (HTTP 403, RequestId ${last.requestId}): Have no Permissions. ` +
      `Hint: the caller lacks the RAM permission for action dbs:${CREATE}; grant it in a RAM policy ("Action": "dbs:${CREATE}").`,
  },
  {
    fault: "wrong secret",
    resource: "row-10",
    plugin: "wrongSecret",
    attempts: ["400 SignatureDoesNotMatch"],
    retries: 0,
    error: (last) =>
      new RegExp(
        `^DBS ${CREATE} failed: SignatureDoesNotMatch \\(HTTP 400, RequestId ${last.requestId}\\): ` +
          `Specified signature is not matched with our calculation\\. server string to sign is:ACS3-HMAC-SHA256\\n[0-9a-f]{64}\\. ` +
          "Hint: the access key secret does not match the access key ID: check alicloud:secretKey or ALIBABA_CLOUD_ACCESS_KEY_SECRET\\.$",
      ),
  },
  {
    fault: "unknown backup set",
    resource: "row-11",
    backupSetId: "dbsmissing01",
    attempts: ["200 Param.NotFound"],
    retries: 0,
    error: (last) =>
      `DBS ${CREATE} failed: Param.NotFound (HTTP 404, RequestId ${last.requestId}): ` +
      "The specified parameter BackupSetId value is not valid. " +
      "Hint: check the backup set ID and that it exists in this account and region (DescribeFullBackupList).",
  },
];

interface TableLine {
  fault: string;
  attempts: string;
  tasks: number;
  outcome: string;
  ms: number;
}

function attemptLabel(request: RecordedRequest): string {
  return request.code ? `${request.statusCode} ${request.code}` : String(request.statusCode);
}

/** The longest the retry loop may sleep before attempt `retries + 1` (full jitter never exceeds it). */
function maxBackoffMs(retries: number): number {
  let total = 0;
  for (let i = 0; i < retries; i++) total += Math.min(8000, BASE_DELAY_MS * 2 ** i);
  return total;
}

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function assertNoSecret(text: string, where: string): void {
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `a secret appears in ${where}`);
}

describe("transient and permanent faults through the real dynamic-provider plugin", function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let registrations: Registration[];
  const plugins = {} as Record<PluginName, DynamicProviderPlugin>;
  const table: TableLine[] = [];
  // Simulated time stands still; every answered status request moves it on by this much.
  let advancePerStatusAnswer = 0;
  let onStatusAnswer: (() => void) | undefined;

  const urn = (name: string) => urnFor(TYPE, name, PROJECT, STACK);
  const forToken = (token: unknown) => (r: { params: Record<string, string> }) =>
    r.params.ClientToken === token;
  const tasksFor = (token: unknown) => emulator.tasks().filter((t) => t.clientToken === token);

  function plugin(config: Record<string, string>, env: Record<string, string> = {}) {
    return startDynamicProviderPlugin({
      project: PROJECT,
      stack: STACK,
      env: { ALIBABA_CLOUD_DBS_ENDPOINT: emulator.url, ...env },
    }).then(async (started) => {
      await started.configure({
        "alicloud:region": "cn-hangzhou",
        "alicloud-dbs:maxAttempts": String(MAX_ATTEMPTS),
        // Without the time budget for throttling, a throttled create gets exactly MAX_ATTEMPTS too.
        "alicloud-dbs:throttlingRetrySeconds": "0",
        "alicloud-dbs:requestTimeoutSeconds": String(REQUEST_TIMEOUT_MS / 1000),
        ...config,
      });
      return started;
    });
  }

  before(async () => {
    emulator = await startEmulator({
      credentials: [DEFAULT_CREDENTIAL, DENIED],
      timeScale: 0,
      onRequest: (request) => {
        if (request.action !== STATUS || request.statusCode !== 200) return;
        emulator.advance(advancePerStatusAnswer);
        onStatusAnswer?.();
      },
    });
    const key = (credential: { accessKeyId: string; accessKeySecret: string }) => ({
      "alicloud:accessKey": credential.accessKeyId,
      "alicloud:secretKey": credential.accessKeySecret,
    });
    [registrations, plugins.main, plugins.denied, plugins.wrongSecret] = await Promise.all([
      captureRegistrations(require.resolve("./fixtures/robustnessPrograms"), "faultMatrix", {
        project: PROJECT,
        stack: STACK,
      }),
      // Test-only: polls 100 times more often than in production.
      plugin(key(DEFAULT_CREDENTIAL), { ALIBABA_CLOUD_DBS_POLL_SCALE: "0.01" }),
      plugin(key(DENIED)),
      plugin(key({ ...DEFAULT_CREDENTIAL, accessKeySecret: WRONG_SECRET })),
    ]);
  });
  after(async () => {
    await Promise.all(Object.values(plugins).map((p) => p.close()));
    await emulator?.close();
    if (table.length > 0) {
      console.log(
        "\n      fault                                | attempts          | tasks | outcome                   | ms\n" +
          table
            .map(
              (l) =>
                `      ${l.fault.padEnd(36)} | ${l.attempts.padEnd(17)} | ${String(l.tasks).padEnd(5)} | ` +
                `${l.outcome.padEnd(25)} | ${l.ms}`,
            )
            .join("\n"),
      );
    }
  });
  beforeEach(() => {
    advancePerStatusAnswer = 0;
    onStatusAnswer = undefined;
    emulator.clearRequests();
  });

  async function checked(name: string, overrides: Record<string, unknown> = {}) {
    const registration = registrations.find((r) => r.name === name);
    assert.ok(registration, `program registered ${name}`);
    const { inputs, failures } = await plugins.main.check(
      urn(name),
      {},
      { ...registration.inputs, __provider: providerModuleText("full"), ...overrides },
    );
    assert.deepEqual(failures, []);
    assert.match(inputs.clientToken as string, /^pdbs1-[0-9a-f]{40}$/);
    return inputs;
  }

  for (const row of ROWS) {
    it(`create under "${row.fault}": ${row.attempts.length} attempt(s), ${row.error ? "a clear error" : "one task"}`, async () => {
      const inputs = await checked(row.resource, row.backupSetId ? { backupSetId: row.backupSetId } : {});
      const token = inputs.clientToken;
      for (const fault of row.faults ?? []) emulator.injectFault(fault);
      const started = Date.now();
      const result = await plugins[row.plugin ?? "main"].create(urn(row.resource), inputs).then(
        (created) => ({ created, error: undefined }),
        (error: PluginCallError) => ({ created: undefined, error }),
      );
      const ms = Date.now() - started;
      // A timed-out attempt is logged when the emulator answers it, after the client moved on.
      await until(
        () => emulator.requestsFor(CREATE).length >= row.attempts.length,
        "every attempt to be logged",
      );

      const attempts = emulator.requestsFor(CREATE).sort((a, b) => a.at - b.at);
      assert.deepEqual(attempts.map(attemptLabel), row.attempts);
      assert.ok(attempts.every(forToken(token)), "every attempt carries the one derived ClientToken");
      assert.deepEqual(attempts[0].params, {
        BackupSetId: row.backupSetId ?? "dbsset0001",
        BackupSetDataFormat: "CSV",
        ClientToken: token,
      });
      assert.ok(attempts.every((a) => JSON.stringify(a.params) === JSON.stringify(attempts[0].params)));
      assert.equal(emulator.requestsFor(STATUS).length, 0);
      const bound = maxBackoffMs(row.retries) + (row.timeouts ?? 0) * REQUEST_TIMEOUT_MS + SLACK_MS;
      assert.ok(ms <= bound, `took ${ms} ms, more than ${bound} ms`);

      const tasks = tasksFor(token);
      if (row.error) {
        assert.ok(result.error, `expected a failure, got task ${result.created?.id}`);
        const expected = row.error(attempts[attempts.length - 1]);
        if (typeof expected === "string") assert.equal(result.error.message, expected);
        else assert.match(result.error.message, expected);
        assert.equal(result.error.initFailure, undefined, "nothing was created, so no partial state");
        assert.equal(tasks.length, 0);
      } else {
        assert.ok(result.created, `expected a task, got: ${result.error?.message}`);
        assert.deepEqual(
          tasks.map((t) => t.taskId),
          [result.created.id],
        );
        assert.equal(result.created.properties.backupSetDownloadTaskId, result.created.id);
        assert.equal(result.created.properties.clientToken, token);
      }
      assertNoSecret(result.error?.message ?? "", "the error");
      table.push({
        fault: row.fault,
        attempts: String(attempts.length),
        tasks: tasks.length,
        outcome: result.error
          ? result.error.message.split(" (")[0].replace(`DBS ${CREATE} failed: `, "error ")
          : "task",
        ms,
      });
    });
  }

  it("a wait whose status reads fail transiently retries them and still ends with one finished task", async () => {
    advancePerStatusAnswer = 30_000;
    const inputs = await checked("wait-00");
    assert.equal(inputs.waitForCompletion, true);
    emulator.injectFault({ kind: "unavailable", count: 1, action: STATUS });
    emulator.injectFault({ kind: "reset", count: 1, action: STATUS });
    // The next status read after the first answered one is throttled once.
    onStatusAnswer = () => {
      emulator.injectFault({ kind: "throttling", count: 1, action: STATUS });
      onStatusAnswer = undefined;
    };
    const started = Date.now();
    const { id, properties } = await plugins.main.create(urn("wait-00"), inputs);
    const ms = Date.now() - started;

    assert.deepEqual(emulator.requestsFor(CREATE).map(attemptLabel), ["200"]);
    // checking at 0 s, running at 30 s and 60 s, finish at 90 s; the faults come in between.
    const statusReads = emulator.requestsFor(STATUS);
    assert.deepEqual(statusReads.map(attemptLabel), [
      "503 ServiceUnavailable",
      "0",
      "200",
      `400 ${THROTTLED}`,
      "200",
      "200",
      "200",
    ]);
    assert.ok(
      statusReads.every((r) => JSON.stringify(r.params) === JSON.stringify({ BackupSetDownloadTaskId: id })),
    );
    assert.equal(properties.status, "finish");
    assert.equal(properties.backupSetDownloadTaskId, id);
    assert.deepEqual(
      tasksFor(inputs.clientToken).map((t) => t.taskId),
      [id],
    );
    assert.ok(ms <= maxBackoffMs(2) + maxBackoffMs(1) + SLACK_MS, `took ${ms} ms`);
    table.push({
      fault: "wait: status unavail+reset+throttle",
      attempts: `1 + ${statusReads.length} status`,
      tasks: 1,
      outcome: "task finished",
      ms,
    });
  });

  it("a wait whose status reads keep failing records the created task and names the code and attempts", async () => {
    const inputs = await checked("wait-01");
    emulator.injectFault({ kind: "unavailable", count: MAX_ATTEMPTS, action: STATUS });
    const started = Date.now();
    const error = await plugins.main.create(urn("wait-01"), inputs).then(
      () => assert.fail("expected a failure"),
      (err: PluginCallError) => err,
    );
    const ms = Date.now() - started;

    assert.deepEqual(emulator.requestsFor(CREATE).map(attemptLabel), ["200"]);
    const statusReads = emulator.requestsFor(STATUS);
    assert.deepEqual(statusReads.map(attemptLabel), Array(MAX_ATTEMPTS).fill("503 ServiceUnavailable"));
    const [task] = tasksFor(inputs.clientToken);
    assert.equal(tasksFor(inputs.clientToken).length, 1);
    const message =
      `waiting for DBS download task ${task.taskId} failed: DBS ${STATUS} failed: ServiceUnavailable ` +
      `(HTTP 503, RequestId ${statusReads[MAX_ATTEMPTS - 1].requestId}): ${UNAVAILABLE_TEXT}. ` +
      `${THROTTLE_HINT} Gave up after ${MAX_ATTEMPTS} attempts.`;
    assert.equal(error.message, message);
    assert.ok(error.initFailure, "rejected as a partially created resource");
    assert.equal(error.initFailure.id, task.taskId);
    assert.deepEqual(error.initFailure.reasons, [message]);
    assert.equal(error.initFailure.properties.backupSetDownloadTaskId, task.taskId);
    assert.equal(error.initFailure.properties.clientToken, inputs.clientToken);
    assert.ok(ms <= maxBackoffMs(MAX_ATTEMPTS - 1) + SLACK_MS, `took ${ms} ms`);
    table.push({
      fault: "wait: status unavailable persistent",
      attempts: `1 + ${statusReads.length} status`,
      tasks: 1,
      outcome: "error ServiceUnavailable",
      ms,
    });
  });

  it("no plugin printed a secret", () => {
    for (const [name, p] of Object.entries(plugins))
      assertNoSecret(p.output(), `the output of plugin ${name}`);
  });

  describe(`under a steady rate limit of 10 requests per second, ${BURST} parallel creates`, () => {
    let limited: Emulator;
    let burstPlugin: DynamicProviderPlugin;
    before(async () => {
      limited = await startEmulator({ rateLimit: 10 });
      burstPlugin = await startDynamicProviderPlugin({
        project: PROJECT,
        stack: STACK,
        env: { ALIBABA_CLOUD_DBS_ENDPOINT: limited.url },
      });
      // The default retry budget (5 attempts): this is the load a pulumi up with default parallelism makes.
      await burstPlugin.configure({
        "alicloud:region": "cn-hangzhou",
        "alicloud:accessKey": DEFAULT_CREDENTIAL.accessKeyId,
        "alicloud:secretKey": DEFAULT_CREDENTIAL.accessKeySecret,
      });
    });
    after(async () => {
      await burstPlugin?.close();
      await limited?.close();
    });

    it("all succeed, each with exactly one task", async () => {
      const names = registrations.filter((r) => r.name.startsWith("burst-")).map((r) => r.name);
      assert.equal(names.length, BURST);
      const checkedInputs = await Promise.all(
        names.map(async (name) => {
          const registration = registrations.find((r) => r.name === name);
          const { inputs, failures } = await burstPlugin.check(urn(name), {}, registration!.inputs);
          assert.deepEqual(failures, []);
          return inputs;
        }),
      );
      const started = Date.now();
      const created = await Promise.all(
        checkedInputs.map((inputs, i) => burstPlugin.create(urn(names[i]), inputs)),
      );
      const ms = Date.now() - started;

      const creates = limited.requestsFor(CREATE);
      const throttled = creates.filter((r) => r.statusCode === 400 && r.code === THROTTLED);
      assert.equal(creates.filter((r) => r.statusCode === 200).length, BURST);
      assert.equal(throttled.length + BURST, creates.length, "every other answer is a throttling");
      assert.equal(limited.tasks().length, BURST);
      for (const [i, inputs] of checkedInputs.entries()) {
        assert.deepEqual(
          limited
            .tasks()
            .filter((t) => t.clientToken === inputs.clientToken)
            .map((t) => t.taskId),
          [created[i].id],
        );
      }
      console.log(
        `      ${BURST} parallel creates at 10 req/s: ${ms} ms wall, ${creates.length} requests ` +
          `(${throttled.length} throttled and retried)`,
      );
      table.push({
        fault: `rateLimit 10/s, ${BURST} parallel`,
        attempts: String(creates.length),
        tasks: limited.tasks().length,
        outcome: `${BURST} tasks`,
        ms,
      });
    });
  });
});
