// BackupSetDownloadRules through both faces as the engine drives them: the plugin alicloud-dbs (its
// bundled executable) and Pulumi's dynamic-provider host loading the package's provider module, each
// against the emulator over HTTP. Every API call is counted and every ClientToken checked.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { Emulator } from "../../packages/emulator/src";
import { DEFAULT_CREDENTIAL, startEmulator } from "../../packages/emulator/src";
import { pluginBundle } from "../../tools/harness/pluginBundle";
import { startDynamicProviderPlugin, stackConfig } from "../support/dynamicProviderPlugin";
import type { ProviderPlugin } from "../support/providerPlugin";
import { startProviderPlugin } from "../support/providerPlugin";
import { moduleProviderText } from "../support/providerModuleText";
import type { PluginCallError, PropertyBag } from "../support/providerRpc";
import { secret, urnFor } from "../support/providerRpc";

const MODIFY = "ModifyBackupSetDownloadRules";
const DESCRIBE = "DescribeBackupPlanList";
const PROJECT = "shop";
const STACK = "prod";
const PLAN = "dbsplan0001";
/** The rules a program sets: on, to a gateway and directory, SQL full backups. */
const RULES = {
  backupPlanId: PLAN,
  backupGatewayId: 20230007,
  backupSetDownloadDir: "/data/a",
  fullDataFormat: "SQL",
};
/** Every rule as the emulator keeps it once RULES are applied. */
const APPLIED = {
  openAutoDownload: true,
  backupGatewayId: 20230007,
  backupSetDownloadTargetType: "agent",
  backupSetDownloadTargetTypeLocation: "local",
  backupSetDownloadDir: "/data/a",
  fullDataFormat: "SQL",
  incrementDataFormat: "Native",
};

interface Face {
  name: string;
  type: string;
  start(emulator: Emulator): Promise<ProviderPlugin>;
  /** What a program registers for `args`: the dynamic face adds its `__provider` and token scope. */
  inputs(name: string, args: PropertyBag): PropertyBag;
}

const FACES: Face[] = [
  {
    name: "the plugin alicloud-dbs",
    type: "alicloud-dbs:index:BackupSetDownloadRules",
    async start(emulator) {
      const plugin = await startProviderPlugin({
        command: pluginBundle().executable,
        args: ["127.0.0.1:1"],
        env: { ALIBABA_CLOUD_DBS_ENDPOINT: undefined },
      });
      await plugin.configure({
        args: {
          region: "cn-hangzhou",
          endpoint: emulator.url,
          accessKey: DEFAULT_CREDENTIAL.accessKeyId,
          secretKey: secret(DEFAULT_CREDENTIAL.accessKeySecret),
          version: "0.1.0",
        },
        acceptSecrets: true,
        acceptResources: true,
      });
      return plugin;
    },
    inputs: (_name, args) => args,
  },
  {
    name: "the dynamic provider",
    type: "pulumi-nodejs:dynamic/alicloud-dbs:BackupSetDownloadRules",
    async start(emulator) {
      const plugin = await startDynamicProviderPlugin({
        project: PROJECT,
        stack: STACK,
        env: { ALIBABA_CLOUD_DBS_ENDPOINT: emulator.url },
      });
      await plugin.configure(
        stackConfig({
          "alicloud:region": "cn-hangzhou",
          "alicloud:accessKey": DEFAULT_CREDENTIAL.accessKeyId,
          "alicloud:secretKey": DEFAULT_CREDENTIAL.accessKeySecret,
        }),
      );
      return plugin;
    },
    inputs: (name, args) => ({
      __provider: moduleProviderText(
        path.resolve(__dirname, "..", "..", "provider", "backupSetDownloadRulesProvider.ts"),
      ),
      tokenScope: { project: PROJECT, stack: STACK, name },
      ...args,
    }),
  },
];

for (const face of FACES) {
  describe(`BackupSetDownloadRules through ${face.name}`, function () {
    this.timeout(60_000);
    let emulator: Emulator;
    let plugin: ProviderPlugin;
    const urn = urnFor(face.type, "nightly", PROJECT, STACK);
    const calls = () => emulator.requests.map((r) => `${r.action} ${r.statusCode}`);
    const modifies = () => emulator.requestsFor(MODIFY);
    const plan = (id = PLAN) => emulator.backupPlans().find((p) => p.backupPlanId === id);
    /** The state between steps, as the engine keeps it: checked inputs and outputs. */
    let inputs: PropertyBag;
    let outputs: PropertyBag;

    before(async () => {
      emulator = await startEmulator({ credentials: [DEFAULT_CREDENTIAL] });
      plugin = await face.start(emulator);
    });
    after(async () => {
      await plugin?.close();
      await emulator?.close();
    });
    beforeEach(() => emulator.clearRequests());

    async function checked(args: PropertyBag, olds: PropertyBag = {}): Promise<PropertyBag> {
      const result = await plugin.check(urn, olds, face.inputs("nightly", args));
      assert.deepEqual(result.failures, []);
      return result.inputs;
    }

    async function update(args: PropertyBag): Promise<PropertyBag> {
      const news = await checked(args, inputs);
      const diff = await plugin.diff(urn, PLAN, outputs, news, { oldInputs: inputs });
      assert.equal(diff.changes, "some");
      assert.deepEqual(diff.replaces, [], "a rule changes in place");
      const { properties } = await plugin.update(urn, PLAN, outputs, news);
      return properties;
    }

    it("bad inputs fail check naming field, value and allowed values, with 0 API calls", async () => {
      const args = { backupPlanId: "", fullDataFormat: "csv", backupSetDownloadTargetTypeLocation: "oss" };
      const { failures } = await plugin.check(urn, {}, face.inputs("nightly", args));
      assert.deepEqual(
        failures.map((f) => f.property),
        ["backupPlanId", "backupSetDownloadTargetTypeLocation", "fullDataFormat", "backupGatewayId"],
      );
      assert.match(failures[1].reason, /"oss" is not allowed: use one of local, nas, ftp, minio/);
      assert.deepEqual(calls(), []);
    });

    it("create: one Modify with every rule and a derived token, one Describe reading it back; ID = plan ID", async () => {
      inputs = await checked(RULES);
      assert.deepEqual(calls(), [], "check makes no call");
      const created = await plugin.create(urn, inputs);
      assert.equal(created.id, PLAN);
      assert.deepEqual(calls(), [`${MODIFY} 200`, `${DESCRIBE} 200`]);
      const token = modifies()[0].params.ClientToken;
      assert.match(token, /^pdbs1-[0-9a-f]{40}$/);
      assert.deepEqual(modifies()[0].params, {
        BackupPlanId: PLAN,
        OpenAutoDownload: "true",
        BackupGatewayId: "20230007",
        BackupSetDownloadTargetType: "agent",
        BackupSetDownloadTargetTypeLocation: "local",
        BackupSetDownloadDir: "/data/a",
        FullDataFormat: "SQL",
        IncrementDataFormat: "Native",
        ClientToken: token,
      });
      assert.deepEqual(plan(), { backupPlanId: PLAN, downloadRules: APPLIED, downloadRulesChanges: 1 });
      assert.equal(created.properties.clientToken, token);
      assert.equal(created.properties.backupPlanId, PLAN);
      outputs = created.properties;
    });

    it("no change: check and diff say none, with 0 API calls", async () => {
      const news = await checked(RULES, inputs);
      assert.equal((await plugin.diff(urn, PLAN, outputs, news, { oldInputs: inputs })).changes, "none");
      assert.deepEqual(calls(), []);
    });

    it("a changed rule updates in place: one Modify with a token chained from the previous one, one Describe", async () => {
      const before = outputs.clientToken;
      const news = { ...RULES, backupSetDownloadDir: "/data/b" };
      outputs = await update(news);
      inputs = await checked(news, inputs);
      assert.deepEqual(calls(), [`${MODIFY} 200`, `${DESCRIBE} 200`]);
      assert.notEqual(modifies()[0].params.ClientToken, before);
      assert.equal(outputs.clientToken, modifies()[0].params.ClientToken);
      assert.deepEqual(plan()?.downloadRules, { ...APPLIED, backupSetDownloadDir: "/data/b" });
      assert.equal(plan()?.downloadRulesChanges, 2);
    });

    it("an update retried after a lost answer sends the same token and leaves one change; a re-run sends it again and changes nothing", async () => {
      const news = { ...RULES, backupSetDownloadDir: "/data/c" };
      emulator.injectFault({ kind: "actThenDrop", count: 1, action: MODIFY });
      const stored = { inputs, outputs };
      const first = await update(news);
      assert.deepEqual(calls(), [`${MODIFY} 0`, `${MODIFY} 200`, `${DESCRIBE} 200`]);
      const [lost, retried] = modifies();
      assert.equal(retried.params.ClientToken, lost.params.ClientToken);
      assert.equal(plan()?.downloadRulesChanges, 3);

      // The engine re-runs the update from the same stored state (as after a crash before it saved).
      emulator.clearRequests();
      ({ inputs, outputs } = stored);
      const again = await update(news);
      assert.deepEqual(calls(), [`${MODIFY} 200`, `${DESCRIBE} 200`]);
      assert.equal(modifies()[0].params.ClientToken, lost.params.ClientToken);
      assert.equal(plan()?.downloadRulesChanges, 3, "the replay changed nothing");
      assert.equal(again.clientToken, first.clientToken);
      outputs = again;
      inputs = await checked(news, inputs);
    });

    it("going back to earlier rules (A → B → A) sends a new token, so DBS applies it", async () => {
      const tokens = new Set(emulator.requests.map((r) => r.params.ClientToken));
      outputs = await update({ ...RULES, backupSetDownloadDir: "/data/b" });
      inputs = await checked({ ...RULES, backupSetDownloadDir: "/data/b" }, inputs);
      assert.equal(calls().length, 2);
      assert.ok(!tokens.has(modifies()[0].params.ClientToken));
      assert.equal(plan()?.downloadRules.backupSetDownloadDir, "/data/b");
      assert.equal(plan()?.downloadRulesChanges, 4);
    });

    it("refresh reads the rules back from the plan, so a console change shows as drift to update", async () => {
      emulator.addBackupPlan({
        backupPlanId: PLAN,
        downloadRules: { ...APPLIED, backupSetDownloadDir: "/console", incrementDataFormat: "SQL" },
      });
      const read = await plugin.read(urn, PLAN, outputs, inputs);
      assert.deepEqual(calls(), [`${DESCRIBE} 200`]);
      assert.equal(read.id, PLAN);
      assert.equal(read.properties?.backupSetDownloadDir, "/console");
      assert.equal(read.properties?.incrementDataFormat, "SQL");
      assert.equal(read.properties?.clientToken, outputs.clientToken);
      const diff = await plugin.diff(urn, PLAN, read.properties ?? {}, inputs, { oldInputs: inputs });
      assert.deepEqual([diff.changes, diff.replaces], ["some", []]);
      // The dynamic host answers whether and what replaces, not which properties changed.
      const named = face.type.startsWith("pulumi-nodejs")
        ? []
        : ["backupSetDownloadDir", "incrementDataFormat"];
      assert.deepEqual(diff.diffs.sort(), named);
      outputs = read.properties ?? {};
    });

    it("import: Read with only the plan ID adopts the rules the plan reports", async () => {
      // The dynamic host needs the `__provider` to load, which `get` registers; the plugin gets nothing.
      const given = face.type.startsWith("pulumi-nodejs")
        ? { __provider: face.inputs("x", {}).__provider }
        : undefined;
      const read = await plugin.read(urn, "dbsplan0002", given);
      assert.deepEqual(calls(), [`${DESCRIBE} 200`]);
      assert.equal(read.id, "dbsplan0002");
      const rules = {
        backupPlanId: "dbsplan0002",
        openAutoDownload: true,
        backupGatewayId: 20230001,
        backupSetDownloadTargetType: "agent",
        backupSetDownloadDir: "/data/dbs",
        fullDataFormat: "SQL",
        incrementDataFormat: "Native",
      };
      const { __provider: _code, ...props } = read.properties ?? {};
      assert.deepEqual(props, {
        ...rules,
        backupSetDownloadTargetTypeLocation: "local",
        region: "cn-hangzhou",
      });
      if (!given) assert.deepEqual(read.inputs, rules);
      const gone = await plugin.read(urn, "dbsnoplan", given);
      assert.equal(gone.id, "");
    });

    it("delete turns automatic download off: one Modify with OpenAutoDownload false", async () => {
      await plugin.delete(urn, PLAN, outputs);
      assert.deepEqual(calls(), [`${MODIFY} 200`]);
      const { ClientToken, ...params } = modifies()[0].params;
      assert.deepEqual(params, { BackupPlanId: PLAN, OpenAutoDownload: "false" });
      assert.match(ClientToken, /^pdbs1-/);
      assert.equal(plan()?.downloadRules.openAutoDownload, false);
    });

    it("create after delete with the first rules: DBS replays the first token, so the read-back sends them once more with a fresh one", async () => {
      const first = await plugin.create(urn, await checked(RULES));
      assert.deepEqual(calls(), [`${MODIFY} 200`, `${DESCRIBE} 200`, `${MODIFY} 200`]);
      const [replayed, fresh] = modifies();
      assert.notEqual(fresh.params.ClientToken, replayed.params.ClientToken);
      assert.equal(first.properties.clientToken, fresh.params.ClientToken);
      assert.deepEqual(plan()?.downloadRules, APPLIED);
    });

    it("a plan whose backups are in the user's own bucket: create fails with one Modify and the storage hint", async () => {
      const error = await plugin.create(urn, await checked({ ...RULES, backupPlanId: "dbsplan0003" })).then(
        () => assert.fail("expected a failure"),
        (e: PluginCallError) => e,
      );
      assert.deepEqual(calls(), [`${MODIFY} 200`]);
      assert.match(
        error.message,
        /BackupPlan\.StorageTypeNotSupported .*Hint: automatic download needs the plan's backups on DBS's built-in storage/,
      );
      assert.equal(plan("dbsplan0003")?.downloadRulesChanges, 0);
    });

    it("a plan DBS does not know: create fails with the plan hint; delete takes it as already gone", async () => {
      const missing = { ...RULES, backupPlanId: "dbsnoplan" };
      const error = await plugin.create(urn, await checked(missing)).then(
        () => assert.fail("expected a failure"),
        (e: PluginCallError) => e,
      );
      assert.match(
        error.message,
        /^DBS ModifyBackupSetDownloadRules failed: Param\.NotFound .*Hint: check the backup plan ID and that it exists in this account and region \(DescribeBackupPlanList\)/,
      );
      emulator.clearRequests();
      await plugin.delete(urn, "dbsnoplan", { ...outputs, backupPlanId: "dbsnoplan" });
      assert.deepEqual(calls(), [`${MODIFY} 200`]);
    });
  });
}
