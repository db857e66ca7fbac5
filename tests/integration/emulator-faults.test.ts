/** Injected faults and the rate limit, as the real openapi-core client meets them over HTTP. */
import assert from "node:assert/strict";
import { DEFAULT_CREDENTIAL, type Emulator } from "../../packages/emulator/src";
import { failure, rawV1Call, type Body, emulatorPerTest } from "../support/emulatorClient";

const TASK_ID = /^dbstk[a-z0-9]{8}$/;

describe("DBS emulator faults", () => {
  let emulator: Emulator;
  const { start, caller } = emulatorPerTest((started) => (emulator = started));

  const create = (call: ReturnType<typeof caller>, token?: string) =>
    call(
      "CreateFullBackupSetDownload",
      token ? { BackupSetId: "dbsset0001", ClientToken: token } : { BackupSetId: "dbsset0001" },
    );

  it("unavailable: 503 ServiceUnavailable for `count` requests, then normal", async () => {
    await start();
    emulator.injectFault({ kind: "unavailable", count: 2 });
    const call = caller();
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

  it("throttling: 400 Throttling.User whose retry-after headers ask for a 1 s wait by default", async () => {
    await start();
    emulator.injectFault({ kind: "throttling" });
    const error = await failure(create(caller()));
    assert.equal(error.code, "Throttling.User");
    assert.equal(error.statusCode, 400);
    assert.equal(error.name, "ThrottlingError");
    assert.equal(
      error.retryAfter,
      1000,
      "x-acs-retry-after: 0 makes the Python SDK raise a plain client error",
    );
    assert.equal((error.data as Body).Message, "Request was denied due to user flow control.");
  });

  it("throttling with retryAfterMs: x-acs-retry-after (openapi-core) and x-ratelimit-user-api (Go)", async () => {
    await start();
    emulator.injectFault({ kind: "throttling", retryAfterMs: 1500, action: "DescribeFullBackupList" });
    emulator.injectFault({ kind: "throttling", retryAfterMs: 2500, action: "DescribeFullBackupList" });
    const error = await failure(caller()("DescribeFullBackupList", { BackupPlanId: "dbsplan0001" }));
    assert.deepEqual(
      [error.name, error.code, error.retryAfter],
      ["ThrottlingError", "Throttling.User", 1500],
    );
    const before = Date.now();
    const raw = await rawV1Call(emulator.url, "DescribeFullBackupList", { BackupPlanId: "dbsplan0001" });
    assert.equal(raw.status, 400);
    assert.equal(raw.body.Code, "Throttling.User");
    assert.equal(raw.headers["x-acs-retry-after"], "2500");
    const match = /^Remain:0,TimeLeft:2500,Reset:(\d+)$/.exec(raw.headers["x-ratelimit-user-api"] ?? "");
    assert.ok(match, `x-ratelimit-user-api: ${raw.headers["x-ratelimit-user-api"]}`);
    assert.ok(Number(match[1]) >= before + 2500 && Number(match[1]) <= Date.now() + 2500, match[1]);
    assert.equal(raw.headers["x-ratelimit-user"], undefined);
    assert.equal((await caller()("DescribeFullBackupList", { BackupPlanId: "dbsplan0001" })).Success, true);
  });

  it("clearFaults drops every fault not yet consumed, including those given at start", async () => {
    await start({ faults: [{ kind: "unavailable", count: 5 }] });
    emulator.injectFault({ kind: "reset", action: "CreateFullBackupSetDownload" });
    const call = caller();
    assert.equal(
      (await failure(call("DescribeFullBackupList", { BackupPlanId: "p" }))).code,
      "ServiceUnavailable",
    );
    emulator.clearFaults();
    assert.match((await create(call)).BackupSetDownloadTaskId as string, TASK_ID);
    await call("DescribeFullBackupList", { BackupPlanId: "p" });
    assert.deepEqual(
      emulator.requests.map((r) => r.statusCode),
      [503, 200, 200],
    );
    emulator.injectFault({ kind: "unavailable" });
    assert.equal((await failure(create(call))).statusCode, 503);
  });

  it("nonJson: a 500 text/html body the client cannot parse", async () => {
    await start();
    emulator.injectFault({ kind: "nonJson" });
    const error = await failure(create(caller()));
    assert.equal(error.name, "SyntaxError");
    assert.equal(emulator.requests[0].statusCode, 500);
    assert.equal(emulator.tasks().length, 0);
  });

  it("reset: the socket is destroyed before acting", async () => {
    await start();
    emulator.injectFault({ kind: "reset" });
    const error = await failure(create(caller(), "tok-reset"));
    assert.equal(error.statusCode, undefined);
    assert.equal(emulator.tasks().length, 0);
    assert.equal(emulator.requests[0].statusCode, 0);
  });

  it("actThenDrop: the task is created but the answer is lost; a retry gets the same task", async () => {
    await start();
    emulator.injectFault({ kind: "actThenDrop", action: "CreateFullBackupSetDownload" });
    const call = caller();
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
    const ok = await create(caller());
    assert.ok(Date.now() - started >= 290);
    assert.match(ok.BackupSetDownloadTaskId as string, TASK_ID);
    const error = await failure(create(caller({ readTimeout: 100 })));
    assert.match(`${error.name} ${error.message}`, /timeout/i);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(emulator.tasks().length, 2);
  });

  it("applies faults only to the named action, in injection order, and not to rejected signatures", async () => {
    await start();
    emulator.injectFault({ kind: "throttling", action: "CreateFullBackupSetDownload" });
    emulator.injectFault({ kind: "unavailable" });
    const call = caller();
    const badSig = caller({ credential: { ...DEFAULT_CREDENTIAL, accessKeySecret: "wrong" } });
    assert.equal((await failure(create(badSig))).code, "SignatureDoesNotMatch");
    assert.equal(
      (await failure(call("DescribeFullBackupList", { BackupPlanId: "dbsplan0001" }))).code,
      "ServiceUnavailable",
    );
    assert.equal((await failure(create(call))).code, "Throttling.User");
    assert.match((await create(call)).BackupSetDownloadTaskId as string, TASK_ID);
  });

  it("rateLimit: beyond N requests per second per AccessKeyId → 400 Throttling.User with retry-after headers", async () => {
    const other = { accessKeyId: "LTAIother", accessKeySecret: "other" };
    await start({ rateLimit: 2, credentials: [DEFAULT_CREDENTIAL, other] });
    const call = caller();
    await call("DescribeFullBackupList", { BackupPlanId: "dbsplan0001" });
    await call("DescribeFullBackupList", { BackupPlanId: "dbsplan0001" });
    const error = await failure(call("DescribeFullBackupList", { BackupPlanId: "dbsplan0001" }));
    assert.equal(error.code, "Throttling.User");
    assert.equal(error.statusCode, 400);
    assert.ok(error.retryAfter !== undefined && error.retryAfter > 0 && error.retryAfter <= 1000);
    const raw = await rawV1Call(emulator.url, "DescribeFullBackupList", { BackupPlanId: "dbsplan0001" });
    assert.deepEqual([raw.status, raw.body.Code], [400, "Throttling.User"]);
    const wait = Number(raw.headers["x-acs-retry-after"]);
    assert.ok(wait > 0 && wait <= 1000, `x-acs-retry-after: ${wait}`);
    const match = /^Limit:2,Remain:0,TimeLeft:(\d+),Reset:(\d+)$/.exec(raw.headers["x-ratelimit-user"] ?? "");
    assert.ok(match, `x-ratelimit-user: ${raw.headers["x-ratelimit-user"]}`);
    assert.equal(Number(match[1]), wait);
    assert.equal(raw.headers["x-ratelimit-user-api"], undefined);
    await caller({ credential: other })("DescribeFullBackupList", {
      BackupPlanId: "dbsplan0001",
    });
  });
});
