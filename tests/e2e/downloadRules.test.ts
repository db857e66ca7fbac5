// examples/download-rules (TypeScript, the dynamic resource from the installed package) and
// examples/download-rules-yaml (YAML, the plugin installed from its tarball) through the real CLI against
// the emulator: the API calls of preview, create, an in-place update, a no-op up, a refresh that finds a
// console change, and destroy turning automatic download off.
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { Emulator } from "../../packages/emulator/src";
import { requiredModules, resourcesOfType, storedProvider } from "../../tools/harness/deployment";
import type { LanguageHost } from "../../tools/harness/pulumiCli";
import type { Workspace } from "../../tools/harness/workspace";
import type { EmulatorStack, EmulatorStackOptions } from "../support/emulatorStack";
import { startEmulatorStack } from "../support/emulatorStack";

const MODIFY = "ModifyBackupSetDownloadRules";
const DESCRIBE = "DescribeBackupPlanList";
const PLAN = "dbsplan0001";
const EXAMPLES = path.resolve(__dirname, "..", "..", "examples");
/** The rules the examples set, as the emulator keeps them. */
const APPLIED = {
  openAutoDownload: true,
  backupGatewayId: 20230007,
  backupSetDownloadTargetType: "agent",
  backupSetDownloadTargetTypeLocation: "local",
  backupSetDownloadDir: "/data/dbs",
  fullDataFormat: "SQL",
  incrementDataFormat: "Native",
};

interface Language {
  name: string;
  project: string;
  type: string;
  settingsFrom: EmulatorStackOptions["settingsFrom"];
  hosts?: LanguageHost[];
  installPlugin?: boolean;
}

const LANGUAGES: Language[] = [
  {
    name: "TypeScript, the dynamic resource",
    project: path.join(EXAMPLES, "download-rules"),
    type: "pulumi-nodejs:dynamic/alicloud-dbs:BackupSetDownloadRules",
    settingsFrom: "config",
  },
  {
    name: "YAML, the plugin",
    project: path.join(EXAMPLES, "download-rules-yaml"),
    type: "alicloud-dbs:index:BackupSetDownloadRules",
    settingsFrom: "plugin-config",
    hosts: ["yaml"],
    installPlugin: true,
  },
];

for (const language of LANGUAGES) {
  describe(`e2e: BackupSetDownloadRules in ${language.name}`, function () {
    this.timeout(180_000);
    let emulator: Emulator;
    let ws: Workspace;
    let stack: EmulatorStack | undefined;
    const calls = () => emulator.requests.map((r) => `${r.action} ${r.statusCode}`);
    const plan = () => emulator.backupPlans().find((p) => p.backupPlanId === PLAN);

    /** Collects the op of every step of the rules resource that is not "same". */
    function steps(into: string[]): (event: EngineEvent) => void {
      return (event) => {
        const step = event.resourcePreEvent?.metadata;
        if (step?.type === language.type && step.op !== "same") into.push(step.op);
      };
    }

    before(async function () {
      this.timeout(30 * 60_000);
      stack = await startEmulatorStack({
        project: language.project,
        stack: "rules",
        settingsFrom: language.settingsFrom,
        hosts: language.hosts,
        installPlugin: language.installPlugin,
      });
      ({ emulator, ws } = stack);
    });
    after(() => stack?.dispose());
    beforeEach(() => emulator.clearRequests());

    it("pulumi preview makes no API call", async () => {
      const { changeSummary } = await ws.stack.preview(ws.log);
      assert.deepEqual(changeSummary, { create: 2 });
      assert.deepEqual(calls(), []);
    });

    it("pulumi up sets the rules: one Modify, one Describe reading them back; ID = plan ID", async () => {
      const { outputs } = await ws.stack.up(ws.log);
      assert.deepEqual(calls(), [`${MODIFY} 200`, `${DESCRIBE} 200`]);
      assert.deepEqual(plan(), { backupPlanId: PLAN, downloadRules: APPLIED, downloadRulesChanges: 1 });
      assert.equal(outputs.backupPlanId.value, PLAN);
      const [resource] = resourcesOfType(await ws.state(), language.type);
      assert.equal(resource.id, PLAN);
      assert.equal(resource.outputs?.clientToken, emulator.requestsFor(MODIFY)[0]?.params.ClientToken);
      if (language.type.startsWith("pulumi-nodejs")) {
        // Existing stacks keep this path in their state: moving the file breaks their refresh and destroy.
        const provider = storedProvider(resource);
        assert.deepEqual(requiredModules(provider.text), [
          "pulumi-alicloud-dbs/dist/provider/backupSetDownloadRulesProvider.js",
        ]);
        assert.ok(provider.bytes < 1024, `__provider is ${provider.bytes} bytes`);
      }
    });

    it("a changed rule is an update, not a replace, with exactly one Modify", async () => {
      await ws.stack.setConfig("downloadDir", { value: "/backups" });
      const previewed: string[] = [];
      await ws.stack.preview({ ...ws.log, onEvent: steps(previewed) });
      assert.deepEqual(previewed, ["update"]);
      assert.deepEqual(calls(), [], "preview makes no call");
      const done: string[] = [];
      const { outputs } = await ws.stack.up({ ...ws.log, onEvent: steps(done) });
      assert.deepEqual(done, ["update"]);
      assert.deepEqual(calls(), [`${MODIFY} 200`, `${DESCRIBE} 200`]);
      assert.equal(outputs.downloadDir.value, "/backups");
      assert.deepEqual(plan()?.downloadRules, { ...APPLIED, backupSetDownloadDir: "/backups" });
      assert.equal(plan()?.downloadRulesChanges, 2);
    });

    it("a second pulumi up changes nothing and makes no API call", async () => {
      const { summary } = await ws.stack.up({ ...ws.log, expectNoChanges: true });
      assert.deepEqual(summary.resourceChanges, { same: 2 });
      assert.deepEqual(calls(), []);
    });

    it("pulumi preview --refresh shows a console change as an update, reading the plan once", async () => {
      emulator.addBackupPlan({
        backupPlanId: PLAN,
        downloadRules: { ...APPLIED, backupSetDownloadDir: "/backups", fullDataFormat: "CSV" },
      });
      const { changeSummary } = await ws.stack.preview({ ...ws.log, refresh: true });
      assert.deepEqual(changeSummary, { same: 1, update: 1 });
      assert.deepEqual(calls(), [`${DESCRIBE} 200`]);
      emulator.clearRequests();
      const { summary } = await ws.stack.up({ ...ws.log, refresh: true });
      assert.deepEqual(summary.resourceChanges, { same: 1, update: 1 });
      assert.deepEqual(calls(), [`${DESCRIBE} 200`, `${MODIFY} 200`, `${DESCRIBE} 200`]);
      assert.equal(plan()?.downloadRules.fullDataFormat, "SQL");
    });

    it("pulumi destroy turns automatic download off with one Modify", async () => {
      const { summary } = await ws.stack.destroy(ws.log);
      assert.deepEqual(summary.resourceChanges, { delete: 2 });
      assert.deepEqual(calls(), [`${MODIFY} 200`]);
      assert.equal(emulator.requestsFor(MODIFY)[0].params.OpenAutoDownload, "false");
      assert.equal(plan()?.downloadRules.openAutoDownload, false);
      assert.deepEqual(resourcesOfType(await ws.state(), language.type), []);
    });
  });
}
