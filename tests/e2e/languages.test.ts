// examples/go, examples/python and examples/typescript-plugin through the real CLI and each language's
// host, on the generated SDKs (sdk/), with the provider plugin installed from its tarball, against the
// emulator. Each program is examples/yaml in its language, so each run must send the same requests:
// the function getLatestFullBackupSet is an invoke, answered with one DescribeFullBackupList at every
// preview and update (that is how invokes work in every language); the resource costs one create and
// the status requests of its wait, once.
import { strict as assert } from "node:assert";
import type { Emulator } from "../../packages/emulator/src";
import { resourcesOfType } from "../../tools/harness/deployment";
import type { EmulatorStack } from "../support/emulatorStack";
import { startEmulatorStack } from "../support/emulatorStack";
import {
  GO_EXAMPLE,
  goProgram,
  nodeSdkBase,
  pointGoSdkReplace,
  PYTHON_EXAMPLE,
  pythonWithSdk,
  TYPESCRIPT_EXAMPLE,
} from "../support/languageSdks";
import type { LanguageHost } from "../../tools/harness/pulumiCli";
import type { Workspace } from "../../tools/harness/workspace";

const TYPE = "alicloud-dbs:index:FullBackupSetDownload";
const CREATE = "CreateFullBackupSetDownload";
const STATUS = "DescribeBackupSetDownloadTaskList";
const LIST = "DescribeFullBackupList";
const TIME_SCALE = 600;

interface Language {
  name: string;
  project: string;
  hosts: LanguageHost[];
  /** Builds or installs what the program needs: the stack's base and environment. */
  prepare(): Promise<{ base?: string; env?: Record<string, string> }>;
  /** Fixes up the workspace's copy of the project. */
  adjust?(projectDir: string): Promise<void>;
}

const LANGUAGES: Language[] = [
  {
    name: "Go",
    project: GO_EXAMPLE,
    hosts: ["go"],
    prepare: async () => ({ env: { PULUMI_LANGUAGE_GO_BINARY: await goProgram() } }),
    adjust: pointGoSdkReplace,
  },
  {
    name: "Python",
    project: PYTHON_EXAMPLE,
    hosts: ["python"],
    // The host of sdk v3.67.1 reads no runtime options: it runs PULUMI_PYTHON_CMD, not `virtualenv`.
    prepare: async () => ({ env: { PULUMI_PYTHON_CMD: await pythonWithSdk() } }),
  },
  {
    name: "TypeScript",
    project: TYPESCRIPT_EXAMPLE,
    hosts: [],
    prepare: async () => ({ base: await nodeSdkBase() }),
  },
];

for (const language of LANGUAGES) {
  describe(`e2e: a ${language.name} program on the generated SDK and the alicloud-dbs plugin`, function () {
    this.timeout(180_000);
    let emulator: Emulator;
    let ws: Workspace;
    let stack: EmulatorStack | undefined;
    let downloadUrl = "";

    const actions = () => emulator.requests.map((r) => r.action);

    before(async function () {
      this.timeout(30 * 60_000);
      const { base, env } = await language.prepare();
      stack = await startEmulatorStack({
        project: language.project,
        stack: language.name.toLowerCase(),
        base,
        hosts: language.hosts,
        installPlugin: true,
        emulator: { timeScale: TIME_SCALE },
        settingsFrom: "plugin-config",
        env: { ALIBABA_CLOUD_DBS_POLL_SCALE: String(1 / TIME_SCALE), ...env },
      });
      ({ emulator, ws } = stack);
      await language.adjust?.(ws.projectDir);
    });
    after(() => stack?.dispose());
    beforeEach(() => emulator.clearRequests());

    it("pulumi preview makes no provider call: only the invoke's list request", async () => {
      await ws.stack.preview(ws.log);
      assert.deepEqual(actions(), [LIST]);
    });

    it("pulumi up creates exactly one task, waits for it and exports its ID and the URL as a secret", async () => {
      const { outputs, summary } = await ws.stack.up(ws.log);
      assert.deepEqual(summary.resourceChanges, { create: 2 });
      assert.equal(emulator.requestsFor(CREATE).length, 1);
      assert.equal(emulator.tasks().length, 1);
      const [task] = emulator.tasks();
      assert.deepEqual(task.params, {
        BackupSetId: "dbsset0003",
        BackupSetDataFormat: "SQL",
        ClientToken: task.clientToken,
      });
      assert.match(task.clientToken ?? "", /^pdbs1-[0-9a-f]{40}$/);
      assert.deepEqual(
        actions().filter((a) => a !== STATUS),
        [LIST, CREATE],
      );
      assert.equal(outputs.backupSetId.value, "dbsset0003");
      assert.equal(outputs.taskId.value, task.taskId);
      assert.equal(outputs.taskId.secret, false);
      assert.equal(outputs.status.value, "finish");
      assert.equal(outputs.downloadUrl.secret, true);
      downloadUrl = String(outputs.downloadUrl.value);
      assert.match(downloadUrl, new RegExp(`^https://.*${task.taskId}.*Signature=`));
    });

    it("stores the task ID as the resource ID and the URLs encrypted: no file holds the URL in plaintext", async () => {
      const [resource] = resourcesOfType(await ws.state(), TYPE);
      assert.equal(resource.id, emulator.tasks()[0].taskId);
      for (const url of ["internetUrl", "intranetUrl"]) {
        const value = resource.outputs?.[url];
        assert.ok(typeof value === "object" && value !== null && "ciphertext" in value, url);
      }
      assert.ok(downloadUrl, "pulumi up exported downloadUrl");
      assert.deepEqual(await ws.filesContaining(downloadUrl), []);
    });

    it("a second pulumi up changes nothing: only the invoke's list request", async () => {
      const { summary } = await ws.stack.up({ ...ws.log, expectNoChanges: true });
      assert.deepEqual(summary.resourceChanges, { same: 2 });
      assert.deepEqual(actions(), [LIST]);
    });

    it("pulumi destroy forgets the task without an API call", async () => {
      const { summary } = await ws.stack.destroy(ws.log);
      assert.deepEqual(summary.resourceChanges, { delete: 2 });
      assert.deepEqual(actions(), []);
      assert.deepEqual(resourcesOfType(await ws.state(), TYPE), []);
    });
  });
}
