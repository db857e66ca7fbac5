import { strict as assert } from "node:assert";
import type { Emulator } from "../../emulator";
import { DEFAULT_CREDENTIAL, startEmulator } from "../../emulator";
import type { Registration } from "../support/captureRegistrations";
import { captureRegistrations } from "../support/captureRegistrations";
import type { DynamicProviderPlugin, PluginCallError } from "../support/dynamicProviderPlugin";
import { startDynamicProviderPlugin, UNKNOWN, urnFor } from "../support/dynamicProviderPlugin";

const TYPE = "pulumi-nodejs:dynamic/alicloud-dbs:FullBackupSetDownload";
const PROJECT = "shop";
const STACK = "prod";
const DENIED = {
  accessKeyId: "LTAIdeniedKey",
  accessKeySecret: "denied-secret-Hh55Jk",
  deniedActions: ["CreateFullBackupSetDownload"],
};
const SECRETS = [DEFAULT_CREDENTIAL.accessKeySecret, DENIED.accessKeySecret];

function assertNoSecret(text: string, where: string): void {
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `a secret appears in ${where}`);
}

describe("FullBackupSetDownload through the real dynamic-provider plugin", function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let registrations: Registration[];
  let plugin: DynamicProviderPlugin;
  const urn = (name: string) => urnFor(TYPE, name, PROJECT, STACK);
  const creates = () => emulator.requestsFor("CreateFullBackupSetDownload");

  before(async () => {
    emulator = await startEmulator({ credentials: [DEFAULT_CREDENTIAL, DENIED] });
    registrations = await captureRegistrations(
      require.resolve("./fixtures/downloadPrograms"),
      "twoDownloads",
      {
        project: PROJECT,
        stack: STACK,
      },
    );
    plugin = await startDynamicProviderPlugin({
      project: PROJECT,
      stack: STACK,
      env: { ALIBABA_CLOUD_DBS_ENDPOINT: emulator.url },
    });
    await plugin.configure({
      "alicloud:region": "cn-hangzhou",
      "alicloud:accessKey": DEFAULT_CREDENTIAL.accessKeyId,
      "alicloud:secretKey": DEFAULT_CREDENTIAL.accessKeySecret,
    });
  });
  after(async () => {
    await plugin?.close();
    await emulator?.close();
  });
  beforeEach(() => emulator.clearRequests());

  function inputsOf(name: string): Record<string, unknown> {
    const registration = registrations.find((r) => r.name === name);
    assert.ok(registration, `program registered ${name}`);
    return registration.inputs;
  }

  it("registers the design's type token with a small, secret-free __provider", () => {
    assert.deepEqual(
      registrations.map((r) => [r.type, r.name]),
      [
        [TYPE, "nightly-sql"],
        [TYPE, "weekly-csv"],
      ],
    );
    const inputs = inputsOf("nightly-sql");
    assert.deepEqual(inputs.tokenScope, { project: PROJECT, stack: STACK, name: "nightly-sql" });
    const provider = inputs.__provider as string;
    assert.equal(typeof provider, "string");
    assertNoSecret(provider, "__provider");
    console.log(`      __provider from source: ${Buffer.byteLength(provider)} bytes`);
  });

  it("check fills defaults and derives a token without any API call", async () => {
    const { inputs, failures } = await plugin.check(urn("nightly-sql"), {}, inputsOf("nightly-sql"));
    assert.deepEqual(failures, []);
    assert.equal(inputs.backupSetDataFormat, "SQL");
    assert.equal(inputs.region, "cn-hangzhou");
    assert.match(inputs.clientToken as string, /^pdbs1-[0-9a-f]{40}$/);
    const other = await plugin.check(urn("weekly-csv"), {}, inputsOf("weekly-csv"));
    assert.equal(other.inputs.backupSetDataFormat, "CSV");
    assert.notEqual(other.inputs.clientToken, inputs.clientToken);
    assert.equal(emulator.requests.length, 0);
  });

  it("check reports bad input as failures naming the property, still without API calls", async () => {
    const news = {
      ...inputsOf("nightly-sql"),
      backupSetId: "",
      backupSetDataFormat: "Sql",
      clientToken: "x".repeat(65),
    };
    const { failures } = await plugin.check(urn("nightly-sql"), {}, news);
    assert.deepEqual(
      failures.map((f) => f.property),
      ["backupSetId", "backupSetDataFormat", "clientToken"],
    );
    assert.match(failures[1].reason, /did you mean "SQL"\?/);
    assert.equal(emulator.requests.length, 0);
  });

  it("check passes preview's unknown values through", async () => {
    const news = { ...inputsOf("nightly-sql"), backupSetId: UNKNOWN };
    const { inputs, failures } = await plugin.check(urn("nightly-sql"), {}, news);
    assert.deepEqual(failures, []);
    assert.equal(inputs.backupSetId, UNKNOWN);
    assert.equal(emulator.requests.length, 0);
  });

  it("create sends exactly one signed request with the derived token and returns the task", async () => {
    const { inputs } = await plugin.check(urn("nightly-sql"), {}, inputsOf("nightly-sql"));
    const { id, properties } = await plugin.create(urn("nightly-sql"), inputs);
    assert.equal(creates().length, 1);
    assert.deepEqual(creates()[0].params, {
      BackupSetId: "dbsset0001",
      BackupSetDataFormat: "SQL",
      ClientToken: inputs.clientToken,
    });
    assert.equal(creates()[0].signatureVersion, "v3");
    const task = emulator.tasks().find((t) => t.taskId === id);
    assert.ok(task, "the id is the emulator's task id");
    assert.equal(properties.backupSetDownloadTaskId, id);
    assert.equal(properties.clientToken, inputs.clientToken);
    assert.equal(properties.__provider, inputs.__provider);
    assertNoSecret(JSON.stringify(properties), "the outputs");

    // A create re-run after a crash (same checked inputs) gets the same task back, not a second one.
    const again = await plugin.create(urn("nightly-sql"), inputs);
    assert.equal(again.id, id);
    assert.equal(emulator.tasks().filter((t) => t.clientToken === inputs.clientToken).length, 1);

    // The stored outputs against the same inputs re-checked: no change; another format: replace.
    const rechecked = await plugin.check(urn("nightly-sql"), inputs, inputsOf("nightly-sql"));
    assert.equal(rechecked.inputs.clientToken, inputs.clientToken);
    assert.deepEqual(
      (await plugin.diff(urn("nightly-sql"), id, properties, rechecked.inputs)).changes,
      "none",
    );
    const csv = await plugin.check(urn("nightly-sql"), inputs, {
      ...inputsOf("nightly-sql"),
      backupSetDataFormat: "CSV",
    });
    const diff = await plugin.diff(urn("nightly-sql"), id, properties, csv.inputs);
    assert.equal(diff.changes, "some");
    assert.deepEqual(diff.replaces, ["backupSetDataFormat"]);
    assert.notEqual(csv.inputs.clientToken, inputs.clientToken);

    emulator.clearRequests();
    await plugin.delete(urn("nightly-sql"), id, properties);
    assert.equal(emulator.requests.length, 0, "delete makes no API call");
    assertNoSecret(plugin.output(), "the plugin's output");
  });

  it("a transient failure is retried with the same token and still makes one task", async () => {
    const { inputs } = await plugin.check(urn("weekly-csv"), {}, inputsOf("weekly-csv"));
    emulator.injectFault({ kind: "actThenDrop", count: 1, action: "CreateFullBackupSetDownload" });
    const { id } = await plugin.create(urn("weekly-csv"), inputs);
    assert.equal(creates().length, 2);
    assert.deepEqual([...new Set(creates().map((r) => r.params.ClientToken))], [inputs.clientToken]);
    assert.deepEqual(
      emulator
        .tasks()
        .filter((t) => t.clientToken === inputs.clientToken)
        .map((t) => t.taskId),
      [id],
    );
  });

  describe("with credentials from the environment", () => {
    let envPlugin: DynamicProviderPlugin;
    before(async () => {
      envPlugin = await startDynamicProviderPlugin({
        project: PROJECT,
        stack: STACK,
        env: {
          ALIBABA_CLOUD_DBS_ENDPOINT: emulator.url,
          ALIBABA_CLOUD_REGION_ID: "cn-hangzhou",
          ALIBABA_CLOUD_ACCESS_KEY_ID: DENIED.accessKeyId,
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: DENIED.accessKeySecret,
        },
      });
      await envPlugin.configure({});
    });
    after(() => envPlugin?.close());

    it("fails a forbidden create at once with the code, status, RequestId and RAM action", async () => {
      const { inputs } = await envPlugin.check(urn("nightly-sql"), {}, inputsOf("nightly-sql"));
      const error = await envPlugin.create(urn("nightly-sql"), inputs).then(
        () => assert.fail("expected a failure"),
        (err: PluginCallError) => err,
      );
      assert.equal(creates().length, 1);
      assert.equal(
        error.message,
        `DBS CreateFullBackupSetDownload failed: Request.Forbidden (HTTP 403, RequestId ${creates()[0].requestId}): Have no Permissions. ` +
          `Hint: the caller lacks the RAM permission for action dbs:CreateFullBackupSetDownload; grant it in a RAM policy ("Action": "dbs:CreateFullBackupSetDownload").`,
      );
      assertNoSecret(envPlugin.output(), "the plugin's output");
    });
  });

  describe("without any credentials", () => {
    let bare: DynamicProviderPlugin;
    before(async () => {
      bare = await startDynamicProviderPlugin({
        project: PROJECT,
        stack: STACK,
        env: { ALIBABA_CLOUD_DBS_ENDPOINT: emulator.url },
      });
      await bare.configure({ "alicloud:region": "cn-hangzhou" });
    });
    after(() => bare?.close());

    it("fails create with the list of ways to provide them, before any request", async () => {
      const { inputs } = await bare.check(urn("nightly-sql"), {}, inputsOf("nightly-sql"));
      const error = await bare.create(urn("nightly-sql"), inputs).then(
        () => assert.fail("expected a failure"),
        (err: PluginCallError) => err,
      );
      assert.match(
        error.message,
        /^No Alibaba Cloud credentials found: set Pulumi config alicloud:accessKey and alicloud:secretKey .*ALIBABA_CLOUD_ACCESS_KEY_ID.*ALIBABA_CLOUD_ROLE_ARN/,
      );
      assert.equal(emulator.requests.length, 0);
    });
  });
});
