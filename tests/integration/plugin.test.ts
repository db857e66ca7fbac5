// The provider plugin alicloud-dbs as users install it (the bundled executable), over gRPC, against the
// emulator over HTTP: what each RPC answers, and exactly which API calls it makes.
import * as grpc from "@grpc/grpc-js";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { strict as assert } from "node:assert";
import { Config } from "@pulumi/pulumi/cmd/dynamic-provider/config";
import type { Emulator } from "../../packages/emulator/src";
import { DEFAULT_CREDENTIAL, startEmulator } from "../../packages/emulator/src";
import { fullBackupSetDownload } from "../../provider/resources/fullBackupSetDownload";
import { dynamicProvider } from "../../provider/dynamic/provider";
import { pluginSchema } from "../../provider/plugin/schema";
import { pluginBundle } from "../../tools/harness/pluginBundle";
import { deepCheckRequest } from "../support/deepCheckRequest";
import type { ProviderPlugin } from "../support/providerPlugin";
import { startProviderPlugin } from "../support/providerPlugin";
import type { PluginCallError, PropertyBag } from "../support/providerRpc";
import { isSecret, secret, UNKNOWN, unwrapSecret, urnFor } from "../support/providerRpc";

const FULL = "alicloud-dbs:index:FullBackupSetDownload";
const INCREMENT = "alicloud-dbs:index:IncrementBackupSetDownload";
const PROVIDER_URN = "urn:pulumi:prod::shop::pulumi:providers:alicloud-dbs::default";
const CREATE = "CreateFullBackupSetDownload";
const STATUS = "DescribeBackupSetDownloadTaskList";
const TIME_SCALE = 600;
/** A set whose conversion takes 10 simulated hours: 60 s of real time, far beyond any wait here. */
const SLOW_SET = "dbsslow01";
const SLOW_MS = 36_000_000;
const DENIED = {
  accessKeyId: "LTAIdeniedKey",
  accessKeySecret: "denied-secret-Qw12Er",
  deniedActions: [CREATE],
};

const urn = (name: string, type = FULL) => urnFor(type, name, "shop", "prod");

/** The provider's args as the engine sends them for `alicloud-dbs:*` config: secrets wrapped. */
function providerArgs(emulator: Emulator, credential = DEFAULT_CREDENTIAL): PropertyBag {
  return {
    region: "cn-hangzhou",
    endpoint: emulator.url,
    accessKey: credential.accessKeyId,
    secretKey: secret(credential.accessKeySecret),
    version: "0.1.0",
  };
}

async function startPlugin(env: Record<string, string | undefined> = {}): Promise<ProviderPlugin> {
  return startProviderPlugin({
    command: pluginBundle().executable,
    args: ["127.0.0.1:1"],
    // Nothing of this machine's environment configures it: only what the engine sends does.
    env: {
      ALIBABA_CLOUD_DBS_ENDPOINT: undefined,
      ALIBABA_CLOUD_DBS_POLL_SCALE: String(1 / TIME_SCALE),
      ...env,
    },
  });
}

async function rejection(promise: Promise<unknown>): Promise<PluginCallError> {
  try {
    await promise;
  } catch (error) {
    return error as PluginCallError;
  }
  return assert.fail("expected the call to fail");
}

describe("the alicloud-dbs provider plugin over gRPC", function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let plugin: ProviderPlugin;

  before(async () => {
    emulator = await startEmulator({ timeScale: TIME_SCALE, credentials: [DEFAULT_CREDENTIAL, DENIED] });
    emulator.addBackupSet({
      backupSetId: SLOW_SET,
      backupPlanId: "dbsplan0009",
      downloadDurationMs: SLOW_MS,
    });
    plugin = await startPlugin();
    const accepted = await plugin.configure({
      args: providerArgs(emulator),
      acceptSecrets: true,
      acceptResources: true,
    });
    assert.deepEqual(
      [accepted.acceptSecrets, accepted.supportsPreview],
      [false, false],
      "the engine unwraps secrets for it, and never calls Create during preview",
    );
  });
  after(async () => {
    await plugin?.close();
    await emulator?.close();
  });
  beforeEach(() => emulator.clearRequests());

  async function checked(name: string, news: PropertyBag, type = FULL): Promise<PropertyBag> {
    const { inputs, failures } = await plugin.check(urn(name, type), {}, news);
    assert.deepEqual(failures, []);
    return inputs;
  }

  it("serves its version and the schema derived from the core", async () => {
    assert.equal((await plugin.getPluginInfo()).version, "0.1.0");
    assert.deepEqual(JSON.parse(await plugin.getSchema()), pluginSchema("0.1.0"));
  });

  it("CheckConfig fails on bad provider settings, naming the key, before any request", async () => {
    const { failures } = await plugin.checkConfig(
      PROVIDER_URN,
      {},
      { maxAttempts: "abc", regoin: "x", region: "cn-hangzhou" },
    );
    assert.deepEqual(
      failures.map((f) => f.property),
      ["regoin", "maxAttempts"],
    );
    assert.match(
      failures[1].reason,
      /^config alicloud-dbs:maxAttempts "abc" must be a whole number from 1 to 20$/,
    );
    assert.equal(emulator.requests.length, 0);
  });

  it("CheckConfig answers the secret settings as secrets, never in the clear", async () => {
    const news = {
      region: "cn-hangzhou",
      accessKey: "AK",
      secretKey: secret("SK-1"),
      securityToken: "TOKEN-1",
    };
    const { inputs, failures } = await plugin.checkConfig(PROVIDER_URN, {}, news);
    assert.deepEqual(failures, []);
    assert.deepEqual(inputs, {
      region: "cn-hangzhou",
      accessKey: "AK",
      secretKey: secret("SK-1"),
      securityToken: secret("TOKEN-1"),
    });
  });

  it("Configure fails on invalid settings with the message CheckConfig gives, keeping the settings it had", async () => {
    const bad = { ...providerArgs(emulator), region: "cn-hangzhou; rm -rf /", maxRequestsPerSecond: "abc" };
    const { failures } = await plugin.checkConfig(PROVIDER_URN, {}, bad);
    assert.deepEqual(
      failures.map((f) => f.property),
      ["maxRequestsPerSecond", "region"],
    );
    const error = await rejection(plugin.configure({ args: bad }));
    assert.equal(error.message, failures.map((f) => f.reason).join("; "));
    const { inputs } = await plugin.check(urn("after-bad-configure"), {}, { backupSetId: "dbsset0001" });
    assert.equal(inputs.region, "cn-hangzhou");
    assert.equal(emulator.requests.length, 0);
  });

  it("Check names unknown inputs and refuses control and bidirectional characters in identifiers", async () => {
    const { failures } = await plugin.check(
      urn("hostile"),
      {},
      {
        backupSetId: "dbs\u0000\u202e\u0007set",
        constructor: "x",
      },
    );
    assert.deepEqual(
      failures.map((f) => [f.property, f.reason]),
      [
        [
          "backupSetId",
          'backupSetId "dbs\\u0000\\u202e\\u0007set" is not allowed: character 4 is the control character U+0000; ' +
            'use printable ASCII characters without spaces (letters, digits, punctuation) such as "dbs1hv****"',
        ],
        [
          "constructor",
          '"constructor" is not an input of FullBackupSetDownload; its inputs are backupSetId, backupSetDataFormat, ' +
            "region, clientToken, triggers, waitForCompletion, timeoutMinutes",
        ],
      ],
    );
    assert.equal(emulator.requests.length, 0);
  });

  it("Check refuses triggers nested 2,000 deep by name and limit, where google-protobuf cannot even decode them", async () => {
    const raw = new grpc.Client(`127.0.0.1:${plugin.port}`, grpc.credentials.createInsecure());
    try {
      const response = await new Promise<provproto.CheckResponse>((resolve, reject) =>
        raw.makeUnaryRequest(
          "/pulumirpc.ResourceProvider/Check",
          (bytes: Buffer) => bytes,
          (bytes: Buffer) => provproto.CheckResponse.deserializeBinary(bytes),
          deepCheckRequest(urn("deep"), 2000),
          (error, answer) => (error || !answer ? reject(error ?? new Error("no answer")) : resolve(answer)),
        ),
      );
      assert.deepEqual(
        response.getFailuresList().map((f) => [f.getProperty(), f.getReason()]),
        [
          [
            "triggers",
            "triggers is nested more than 32 levels deep; at most 32 levels of arrays and objects are allowed",
          ],
        ],
      );
    } finally {
      raw.close();
    }
    assert.equal(emulator.requests.length, 0);
  });

  it("derives the ClientToken the dynamic face derives for the same project, stack, name and inputs", async () => {
    const dynamic = dynamicProvider(fullBackupSetDownload);
    await dynamic.configure?.({ config: new Config({ "alicloud:region": "cn-hangzhou" }, "shop") });
    const news = { backupSetId: "dbsset0001", backupSetDataFormat: "SQL", triggers: ["v1"] };
    const fromDynamic = await dynamic.check!(
      {},
      { ...news, tokenScope: { project: "shop", stack: "prod", name: "same" } },
    );
    delete (globalThis as Record<string, unknown>).__pulumiAlicloudDbsConfig;
    const inputs = await checked("same", news);
    assert.equal(inputs.clientToken, fromDynamic.inputs.clientToken);
    assert.deepEqual(inputs, {
      ...news,
      region: "cn-hangzhou",
      waitForCompletion: false,
      timeoutMinutes: 30,
      clientToken: inputs.clientToken,
      clientTokenSource: "pdbs1",
    });
  });

  it("check accepts an unknown backupSetId at preview, and check, diff and delete make no API call", async () => {
    const preview = await checked("unknown", { backupSetId: UNKNOWN });
    assert.equal(preview.clientToken, UNKNOWN);
    const stored = {
      ...(await checked("unknown", { backupSetId: "dbsset0001" })),
      backupSetDownloadTaskId: "t1",
    };
    const diff = await plugin.diff(urn("unknown"), "t1", stored, { ...preview, backupSetDataFormat: "JSON" });
    assert.deepEqual(
      [diff.changes, diff.replaces, diff.hasDetailedDiff],
      ["some", ["backupSetId", "backupSetDataFormat"], true],
    );
    assert.deepEqual(diff.detailedDiff, {
      backupSetId: { kind: "update-replace", inputDiff: true },
      backupSetDataFormat: { kind: "update-replace", inputDiff: true },
    });
    const none = await plugin.diff(
      urn("unknown"),
      "t1",
      stored,
      await checked("unknown", { backupSetId: "dbsset0001", timeoutMinutes: 5 }),
    );
    assert.deepEqual([none.changes, none.replaces], ["none", []]);
    await plugin.delete(urn("unknown"), "t1", stored);
    assert.deepEqual(emulator.requests, []);
  });

  it("creates one task with one signed request carrying the derived token, waits, and returns the URLs as secrets", async () => {
    const inputs = await checked("wait", { backupSetId: "dbsset0002", waitForCompletion: true });
    const { id, properties } = await plugin.create(urn("wait"), inputs);
    const creates = emulator.requestsFor(CREATE);
    assert.equal(creates.length, 1);
    assert.equal(creates[0].signatureVersion, "v3");
    assert.deepEqual(creates[0].params, {
      BackupSetId: "dbsset0002",
      BackupSetDataFormat: "CSV",
      ClientToken: inputs.clientToken,
    });
    const [task] = emulator.tasks().filter((t) => t.taskId === id);
    assert.ok(task, "the id is the emulator's task id");
    assert.equal(properties.status, "finish");
    assert.equal(properties.backupSetDownloadTaskId, id);
    assert.ok(isSecret(properties.internetUrl) && isSecret(properties.intranetUrl));
    assert.match(String(unwrapSecret(properties.internetUrl)), new RegExp(`${id}.*Signature=`));
    assert.ok(emulator.requestsFor(STATUS).length >= 1);
  });

  it("retries a create with the same token: one task after a 503 and a dropped answer", async () => {
    emulator.injectFault({ kind: "unavailable", count: 1, action: CREATE });
    emulator.injectFault({ kind: "actThenDrop", count: 1, action: CREATE });
    const inputs = await checked("retried", { backupSetId: "dbsset0003" });
    const { id } = await plugin.create(urn("retried"), inputs);
    const creates = emulator.requestsFor(CREATE);
    assert.deepEqual(
      creates.map((r) => r.statusCode),
      [503, 0, 200],
    );
    assert.deepEqual(new Set(creates.map((r) => r.params.ClientToken)), new Set([inputs.clientToken]));
    assert.equal(emulator.tasks().filter((t) => t.clientToken === inputs.clientToken).length, 1);
    assert.equal(emulator.tasks().find((t) => t.clientToken === inputs.clientToken)?.taskId, id);
  });

  it("refreshes with one status read, keeping the inputs; a task DBS no longer lists is gone", async () => {
    const inputs = await checked("refresh", { backupSetId: "dbsset0001", backupSetDataFormat: "JSON" });
    const { id, properties } = await plugin.create(urn("refresh"), inputs);
    emulator.clearRequests();
    emulator.advance(10 * 60_000);
    const read = await plugin.read(urn("refresh"), id, properties, inputs);
    assert.deepEqual(
      emulator.requests.map((r) => r.action),
      [STATUS],
    );
    assert.equal(read.id, id);
    assert.equal(read.properties?.status, "finish");
    assert.ok(isSecret(read.properties?.internetUrl));
    assert.deepEqual(read.inputs, inputs);
    emulator.deleteTask(id);
    assert.equal((await plugin.read(urn("refresh"), id, properties, inputs)).id, "");
  });

  it("imports a task by its ID alone: its inputs come from DBS, its token is unknown and never replaces it", async () => {
    const inputs = await checked("original", { backupSetId: "dbsset0002", backupSetDataFormat: "SQL" });
    const { id } = await plugin.create(urn("original"), inputs);
    emulator.clearRequests();
    const imported = await plugin.read(urn("adopted"), id);
    assert.deepEqual(
      emulator.requests.map((r) => r.action),
      [STATUS],
    );
    assert.deepEqual(imported.inputs, { backupSetId: "dbsset0002", backupSetDataFormat: "SQL" });
    assert.equal(imported.properties?.clientTokenSource, "imported");
    assert.equal(imported.properties?.clientToken, undefined);
    assert.equal(imported.properties?.region, "cn-hangzhou");
    // What the engine does next: check the program's inputs against the read ones, then diff.
    const { inputs: news } = await plugin.check(urn("adopted"), imported.inputs ?? {}, {
      backupSetId: "dbsset0002",
      backupSetDataFormat: "SQL",
      clientToken: "mine",
    });
    const diff = await plugin.diff(urn("adopted"), id, imported.properties ?? {}, news);
    assert.deepEqual([diff.changes, diff.replaces], ["none", []]);
    assert.equal(emulator.requestsFor(CREATE).length, 0);
  });

  it("keeps a task that failed to initialize, and the next update waits for that same task", async () => {
    const inputs = await checked("slow", {
      backupSetId: SLOW_SET,
      waitForCompletion: true,
      timeoutMinutes: 0.01,
    });
    const failure = await rejection(plugin.create(urn("slow"), inputs));
    assert.ok(failure.initFailure, failure.message);
    const { id, properties, reasons } = failure.initFailure;
    assert.match(
      reasons[0],
      new RegExp(`^DBS download task ${id} did not finish within timeoutMinutes 0.01`),
    );
    assert.equal(properties.backupSetDownloadTaskId, id);
    assert.notEqual(properties.status, "finish");
    emulator.advance(SLOW_MS);
    const news = await checked("slow", {
      backupSetId: SLOW_SET,
      waitForCompletion: true,
      timeoutMinutes: 30,
    });
    const { properties: resumed } = await plugin.update(urn("slow"), id, properties, news);
    assert.equal(resumed.status, "finish");
    assert.ok(isSecret(resumed.internetUrl));
    assert.equal(emulator.requestsFor(CREATE).length, 1, "no second task");
  });

  it("ends a wait in progress on Cancel, keeping the task", async () => {
    const inputs = await checked("cancelled", {
      backupSetId: SLOW_SET,
      waitForCompletion: true,
      timeoutMinutes: 600,
    });
    emulator.advance(0);
    const pending = rejection(plugin.create(urn("cancelled"), inputs));
    while (emulator.requestsFor(STATUS).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await plugin.cancel();
    const failure = await pending;
    assert.ok(failure.initFailure, failure.message);
    assert.match(failure.initFailure.reasons[0], /the operation was cancelled/);
    assert.equal(emulator.requestsFor(CREATE).length, 1);
  });

  it("serves the incremental resource with its own kind's parameters", async () => {
    const inputs = await checked(
      "binlog",
      { backupSetId: "dbsjob0054", backupSetName: "mysql-bin.000054" },
      INCREMENT,
    );
    await plugin.create(urn("binlog", INCREMENT), inputs);
    assert.deepEqual(emulator.requestsFor("CreateIncrementBackupSetDownload")[0].params, {
      BackupSetId: "dbsjob0054",
      BackupSetName: "mysql-bin.000054",
      BackupSetDataFormat: "Native",
      ClientToken: inputs.clientToken,
    });
  });

  it("serves the three functions; bad arguments fail before any request", async () => {
    const latest = await plugin.invoke("alicloud-dbs:index:getLatestFullBackupSet", {
      backupPlanId: "dbsplan0001",
    });
    assert.deepEqual(latest.failures, []);
    assert.equal(latest.returns?.backupSetId, "dbsset0003");
    const listed = await plugin.invoke("alicloud-dbs:index:listFullBackupSets", {
      backupPlanId: "dbsplan0002",
    });
    assert.equal((listed.returns?.backupSets as unknown[]).length, 35);
    const binlogs = await plugin.invoke("alicloud-dbs:index:listIncrementBackupSets", {
      backupPlanId: "dbsplan0001",
    });
    assert.ok((binlogs.returns?.backupSets as unknown[]).length > 0);
    emulator.clearRequests();
    const bad = await plugin.invoke("alicloud-dbs:index:listFullBackupSets", {
      backupPlanId: "",
      backupSetStatus: "Finish",
    });
    assert.deepEqual(
      bad.failures.map((f) => f.property),
      ["backupPlanId", "backupSetStatus"],
    );
    assert.deepEqual(emulator.requests, []);
  });

  it("takes its configuration from an explicit provider's arguments, and an API error crosses gRPC intact", async () => {
    const denied = await startPlugin();
    try {
      await denied.configure({ args: providerArgs(emulator, DENIED) });
      const inputs = (await denied.check(urn("denied"), {}, { backupSetId: "dbsset0001" })).inputs;
      const failure = await rejection(denied.create(urn("denied"), inputs));
      assert.match(
        failure.message,
        /^DBS CreateFullBackupSetDownload failed: Request\.Forbidden \(HTTP 403, RequestId [\w-]+\): Have no Permissions\. Hint: the caller lacks the RAM permission for action dbs:CreateFullBackupSetDownload .*; grant it in a RAM policy/,
      );
      assert.equal(failure.initFailure, undefined, "no task exists");
      assert.equal(emulator.requestsFor(CREATE)[0].accessKeyId, DENIED.accessKeyId);
      assert.ok(
        !denied.output().includes(DENIED.accessKeySecret) &&
          !failure.message.includes(DENIED.accessKeySecret),
      );
    } finally {
      await denied.close();
    }
  });

  it("keeps the token of a state migrated from the dynamic face, and drops __provider on refresh", async () => {
    const dynamicState = {
      ...(await checked("migrated", { backupSetId: "dbsset0001" })),
      clientToken: "pdbs1-0123456789abcdef0123456789abcdef01234567",
      tokenScope: { project: "shop", stack: "prod", name: "migrated" },
      __provider:
        'exports.handler = require("pulumi-alicloud-dbs/dist/provider/fullBackupSetDownloadProvider.js")',
    };
    const { inputs } = await plugin.check(urn("migrated"), dynamicState, { backupSetId: "dbsset0001" });
    assert.equal(inputs.clientToken, dynamicState.clientToken);
    const { id } = await plugin.create(urn("migrated-task"), inputs);
    const diff = await plugin.diff(
      urn("migrated"),
      id,
      { ...dynamicState, backupSetDownloadTaskId: id },
      inputs,
    );
    assert.equal(diff.changes, "none");
    const read = await plugin.read(
      urn("migrated"),
      id,
      { ...dynamicState, backupSetDownloadTaskId: id },
      inputs,
    );
    assert.equal(read.properties?.__provider, undefined);
    assert.equal(read.properties?.tokenScope, undefined);
    assert.equal(read.properties?.clientToken, dynamicState.clientToken);
  });
});
