// A FullBackupSetDownload as a program from source registers it, through the real dynamic-provider
// plugin process against the emulator over HTTP: check, create, diff and delete, and the failures that
// must cross gRPC intact (bad input, a bad provider setting, DBS refusing, no credentials at all).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_CREDENTIAL } from "../../packages/emulator/src";
import type { Registration } from "../support/captureRegistrations";
import { captureRegistrations } from "../support/captureRegistrations";
import type { PluginCallError } from "../support/providerRpc";
import { UNKNOWN } from "../support/providerRpc";
import type { PluginSuite } from "./fixtures/pluginSuite";
import { PROJECT, STACK, startPluginSuite, TYPES, urn } from "./fixtures/pluginSuite";

const CREATE = "CreateFullBackupSetDownload";
const DENIED = {
  accessKeyId: "LTAIdeniedKey",
  accessKeySecret: "denied-secret-Hh55Jk",
  deniedActions: [CREATE],
};
// Held by the process that runs the program, where a provider that read them at load time would
// capture them into `__provider`.
const PROGRAM_ENV_SECRET = "program-env-secret-Ww31";
const PROGRAM_CONFIG_SECRET = "program-config-secret-Qq72";
const SECRETS = [
  DEFAULT_CREDENTIAL.accessKeySecret,
  DENIED.accessKeySecret,
  PROGRAM_ENV_SECRET,
  PROGRAM_CONFIG_SECRET,
];
const NO_KEYS = { "alicloud:accessKey": undefined, "alicloud:secretKey": undefined };

function assertNoSecret(text: string, where: string): void {
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `a secret appears in ${where}`);
}

function failure(promise: Promise<unknown>): Promise<PluginCallError> {
  return promise.then(
    () => assert.fail("expected a failure"),
    (error: PluginCallError) => error,
  );
}

function sourceBytes(dir: string): number {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .reduce((total, file) => total + fs.statSync(path.join(dir, file)).size, 0);
}

describe("FullBackupSetDownload through the real dynamic-provider plugin", function () {
  this.timeout(60_000);
  let suite: PluginSuite<"main" | "denied" | "bare" | "badSetting"> | undefined;
  let registrations: Registration[];
  const emulator = () => suite!.emulator;
  const plugins = () => suite!.plugins;
  const creates = () => emulator().requestsFor(CREATE);

  before(async () => {
    const [started, captured] = await Promise.allSettled([
      startPluginSuite(
        {
          main: {},
          // The default chain reads the plugin's environment; DBS refuses this key the create.
          denied: {
            config: { ...NO_KEYS, "alicloud:region": undefined },
            env: {
              ALIBABA_CLOUD_REGION_ID: "cn-hangzhou",
              ALIBABA_CLOUD_ACCESS_KEY_ID: DENIED.accessKeyId,
              ALIBABA_CLOUD_ACCESS_KEY_SECRET: DENIED.accessKeySecret,
            },
          },
          bare: { config: NO_KEYS, isolated: true },
          badSetting: { config: { "alicloud-dbs:maxAttempts": "abc" } },
        },
        { credentials: [DEFAULT_CREDENTIAL, DENIED] },
      ),
      captureRegistrations(require.resolve("./fixtures/downloadPrograms"), "downloads", {
        project: PROJECT,
        stack: STACK,
        env: {
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: PROGRAM_ENV_SECRET,
          PULUMI_CONFIG: JSON.stringify({ "alicloud:secretKey": PROGRAM_CONFIG_SECRET }),
        },
      }),
    ]);
    if (started.status === "fulfilled") suite = started.value;
    if (started.status === "rejected") throw started.reason;
    if (captured.status === "rejected") throw captured.reason;
    registrations = captured.value;
  });
  after(() => suite?.close());
  beforeEach(() => emulator().clearRequests());

  function inputsOf(name: string): Record<string, unknown> {
    const registration = registrations.find((r) => r.name === name);
    assert.ok(registration, `program registered ${name}`);
    return registration.inputs;
  }

  it("registers the design's type tokens and only the arguments given, with a small, secret-free __provider", () => {
    assert.deepEqual(Object.fromEntries(registrations.map((r) => [r.name, r.type])), {
      "nightly-sql": TYPES.full,
      "weekly-csv": TYPES.full,
      binlog: TYPES.increment,
      adopted: TYPES.full,
    });
    // Outputs are declared with no value, so they are not sent; `get` sends nothing but the scope.
    const withoutCode = (name: string) => ({ ...inputsOf(name), __provider: "<code>" });
    assert.deepEqual(withoutCode("nightly-sql"), {
      __provider: "<code>",
      backupSetId: "dbsset0001",
      backupSetDataFormat: "SQL",
      tokenScope: { project: PROJECT, stack: STACK, name: "nightly-sql" },
    });
    assert.deepEqual(withoutCode("adopted"), {
      __provider: "<code>",
      tokenScope: { project: PROJECT, stack: STACK, name: "adopted" },
    });
    // From source, Pulumi copies the provider's own modules into `__provider` and requires every
    // dependency by name, so the text cannot outgrow the sources under provider/. Any dependency
    // copied by value (the smallest, @darabonba/typescript, is 208 KB) breaks this bound; the state
    // holds the text twice per resource (inputs and outputs).
    const bound = sourceBytes(path.resolve(__dirname, "..", "..", "provider"));
    for (const { name, inputs } of registrations) {
      const text = inputs.__provider as string;
      assert.equal(typeof text, "string");
      assert.ok(
        Buffer.byteLength(text) < bound,
        `__provider of ${name}: ${Buffer.byteLength(text)} bytes >= ${bound}`,
      );
      assertNoSecret(text, `the __provider of ${name}`);
    }
  });

  it("check fills defaults and derives a token without any API call", async () => {
    const { inputs, failures } = await plugins().main.check(
      urn("full", "nightly-sql"),
      {},
      inputsOf("nightly-sql"),
    );
    assert.deepEqual(failures, []);
    assert.equal(inputs.backupSetDataFormat, "SQL");
    assert.equal(inputs.region, "cn-hangzhou");
    assert.match(inputs.clientToken as string, /^pdbs1-[0-9a-f]{40}$/);
    const other = await plugins().main.check(urn("full", "weekly-csv"), {}, inputsOf("weekly-csv"));
    assert.equal(other.inputs.backupSetDataFormat, "CSV");
    assert.notEqual(other.inputs.clientToken, inputs.clientToken);
    assert.equal(emulator().requests.length, 0);
  });

  it("check failures cross gRPC intact: every bad input with its property and reason", async () => {
    const news = {
      ...inputsOf("nightly-sql"),
      backupSetId: "",
      backupSetDataFormat: "Sql",
      clientToken: "x".repeat(65),
    };
    const { failures } = await plugins().main.check(urn("full", "nightly-sql"), {}, news);
    assert.deepEqual(failures, [
      { property: "backupSetId", reason: 'backupSetId is required: a backup set ID such as "dbs1hv****"' },
      {
        property: "backupSetDataFormat",
        reason:
          'backupSetDataFormat "Sql" is not allowed: use one of Native, SQL, CSV, JSON (values are case-sensitive: did you mean "SQL"?)',
      },
      {
        property: "clientToken",
        reason: `clientToken "${"x".repeat(65)}" is not allowed: use 1 to 64 printable ASCII characters without spaces (got 65 characters), or leave it unset to derive one`,
      },
    ]);
    assert.equal(emulator().requests.length, 0);
  });

  it("a bad provider setting fails check naming the key, the value and what is allowed, and no create runs with it", async () => {
    const { badSetting, main } = plugins();
    const setting = 'config alicloud-dbs:maxAttempts "abc" must be a whole number from 1 to 20';
    const { failures } = await badSetting.check(urn("full", "nightly-sql"), {}, inputsOf("nightly-sql"));
    assert.deepEqual(failures, [{ property: "", reason: setting }]);
    // A create the engine sends anyway (inputs checked elsewhere) refuses the setting rather than
    // falling back to the default, before any request.
    const { inputs } = await main.check(urn("full", "nightly-sql"), {}, inputsOf("nightly-sql"));
    assert.equal((await failure(badSetting.create(urn("full", "nightly-sql"), inputs))).message, setting);
    assert.equal(emulator().requests.length, 0);
  });

  it("check passes preview's unknown values through", async () => {
    const news = { ...inputsOf("nightly-sql"), backupSetId: UNKNOWN };
    const { inputs, failures } = await plugins().main.check(urn("full", "nightly-sql"), {}, news);
    assert.deepEqual(failures, []);
    assert.equal(inputs.backupSetId, UNKNOWN);
    assert.equal(emulator().requests.length, 0);
  });

  it("create sends exactly one signed request with the derived token and returns the task", async () => {
    const { main } = plugins();
    const name = urn("full", "nightly-sql");
    const { inputs } = await main.check(name, {}, inputsOf("nightly-sql"));
    const { id, properties } = await main.create(name, inputs);
    assert.equal(creates().length, 1);
    assert.deepEqual(creates()[0].params, {
      BackupSetId: "dbsset0001",
      BackupSetDataFormat: "SQL",
      ClientToken: inputs.clientToken,
    });
    assert.equal(creates()[0].signatureVersion, "v3");
    const task = emulator()
      .tasks()
      .find((t) => t.taskId === id);
    assert.ok(task, "the id is the emulator's task id");
    assert.equal(properties.backupSetDownloadTaskId, id);
    assert.equal(properties.clientToken, inputs.clientToken);
    assert.equal(properties.__provider, inputs.__provider);
    assertNoSecret(JSON.stringify(properties), "the outputs");

    // A create re-run after a crash (same checked inputs) gets the same task back, not a second one.
    const again = await main.create(name, inputs);
    assert.equal(again.id, id);
    assert.equal(
      emulator()
        .tasks()
        .filter((t) => t.clientToken === inputs.clientToken).length,
      1,
    );

    // The stored outputs against the same inputs re-checked: no change; another format: replace.
    const rechecked = await main.check(name, inputs, inputsOf("nightly-sql"));
    assert.equal(rechecked.inputs.clientToken, inputs.clientToken);
    assert.equal(
      (await main.diff(name, id, properties, rechecked.inputs, { oldInputs: inputs })).changes,
      "none",
    );
    const csv = await main.check(name, inputs, { ...inputsOf("nightly-sql"), backupSetDataFormat: "CSV" });
    const diff = await main.diff(name, id, properties, csv.inputs, { oldInputs: inputs });
    assert.equal(diff.changes, "some");
    assert.deepEqual(diff.replaces, ["backupSetDataFormat"]);
    assert.notEqual(csv.inputs.clientToken, inputs.clientToken);

    emulator().clearRequests();
    await main.delete(name, id, properties);
    assert.equal(emulator().requests.length, 0, "delete makes no API call");
  });

  it("a create retried after a server error and after a lost answer sends the same token every time and makes one task", async () => {
    const name = urn("full", "weekly-csv");
    const { inputs } = await plugins().main.check(name, {}, inputsOf("weekly-csv"));
    emulator().injectFault({ kind: "unavailable", count: 1, action: CREATE });
    // Acts (creates the task), then drops the connection: the retry must find that task.
    emulator().injectFault({ kind: "actThenDrop", count: 1, action: CREATE });
    const { id } = await plugins().main.create(name, inputs);
    assert.deepEqual(
      creates().map((r) => (r.code ? `${r.statusCode} ${r.code}` : String(r.statusCode))),
      ["503 ServiceUnavailable", "0", "200"],
    );
    for (const attempt of creates()) {
      assert.deepEqual(attempt.params, {
        BackupSetId: "dbsset0002",
        BackupSetDataFormat: "CSV",
        ClientToken: inputs.clientToken,
      });
    }
    assert.deepEqual(
      emulator()
        .tasks()
        .filter((t) => t.clientToken === inputs.clientToken)
        .map((t) => t.taskId),
      [id],
    );
  });

  it("a create DBS refuses (403, credentials from the plugin's environment) fails at once with the code, RequestId and RAM action", async () => {
    const { denied } = plugins();
    const name = urn("full", "nightly-sql");
    const { inputs } = await denied.check(name, {}, inputsOf("nightly-sql"));
    const error = await failure(denied.create(name, inputs));
    assert.equal(creates().length, 1);
    assert.equal(creates()[0].accessKeyId, DENIED.accessKeyId);
    assert.equal(
      error.message,
      `DBS ${CREATE} failed: Request.Forbidden (HTTP 403, RequestId ${creates()[0].requestId}): Have no Permissions. ` +
        `Hint: the caller lacks the RAM permission for action dbs:${CREATE} (denied by AccountLevelIdentityBasedPolicy); grant it in a RAM policy ("Action": "dbs:${CREATE}").`,
    );
    assert.equal(error.initFailure, undefined);
  });

  it("with no credentials anywhere (an isolated plugin), create names every way to provide them, before any request", async () => {
    const { bare } = plugins();
    const name = urn("full", "nightly-sql");
    const { inputs, failures } = await bare.check(name, {}, inputsOf("nightly-sql"));
    assert.deepEqual(failures, [], "check needs no credentials");
    const error = await failure(bare.create(name, inputs));
    assert.match(
      error.message,
      /^No Alibaba Cloud credentials found: set Pulumi config alicloud:accessKey and alicloud:secretKey .*ALIBABA_CLOUD_ACCESS_KEY_ID.*ALIBABA_CLOUD_ROLE_ARN.*~\/\.aliyun\/config\.json.*an ECS RAM role\. \(default chain: /s,
    );
    assert.equal(emulator().requests.length, 0);
  });

  it("no plugin printed a secret", () => {
    for (const [name, plugin] of Object.entries(plugins()))
      assertNoSecret(plugin.output(), `the output of plugin ${name}`);
  });
});
