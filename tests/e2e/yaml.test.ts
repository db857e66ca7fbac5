// examples/yaml through the real CLI and the YAML language host, with the provider plugin installed
// from its tarball into PULUMI_HOME as a user installs it (no node_modules anywhere near it), against
// the emulator: what each command sends to the API, and what the state holds.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import type { Emulator } from "../../packages/emulator/src";
import { resourcesOfType } from "../../tools/harness/deployment";
import type { EmulatorStack } from "../support/emulatorStack";
import { startEmulatorStack } from "../support/emulatorStack";
import { pluginBundle } from "../../tools/harness/pluginBundle";
import { pulumiCommand } from "../../tools/harness/pulumiCli";
import type { Workspace } from "../../tools/harness/workspace";

const TYPE = "alicloud-dbs:index:FullBackupSetDownload";
const CREATE = "CreateFullBackupSetDownload";
const STATUS = "DescribeBackupSetDownloadTaskList";
const LIST = "DescribeFullBackupList";
const TIME_SCALE = 600;
const REPO_ROOT = path.resolve(__dirname, "../..");

describe("e2e: examples/yaml with the alicloud-dbs plugin", function () {
  this.timeout(180_000);
  let emulator: Emulator;
  let ws: Workspace;
  let stack: EmulatorStack | undefined;

  const actions = () => emulator.requests.map((r) => r.action);

  before(async function () {
    this.timeout(30 * 60_000);
    stack = await startEmulatorStack({
      project: path.join(REPO_ROOT, "examples", "yaml"),
      stack: "yaml",
      hosts: ["yaml"],
      installPlugin: true,
      emulator: { timeScale: TIME_SCALE },
      settingsFrom: "plugin-config",
      env: { ALIBABA_CLOUD_DBS_POLL_SCALE: String(1 / TIME_SCALE) },
    });
    ({ emulator, ws } = stack);
  });
  after(() => stack?.dispose());
  beforeEach(() => emulator.clearRequests());

  it("pulumi preview makes no provider call: only the function's list request", async () => {
    await ws.stack.preview(ws.log);
    assert.deepEqual(actions(), [LIST]);
  });

  it("pulumi up creates exactly one task with the derived token, waits for it, and exports the URL as a secret", async () => {
    const { outputs, summary } = await ws.stack.up(ws.log);
    assert.deepEqual(summary.resourceChanges, { create: 2 });
    const creates = emulator.requestsFor(CREATE);
    assert.equal(creates.length, 1);
    const [task] = emulator.tasks();
    assert.equal(emulator.tasks().length, 1);
    assert.deepEqual(task.params, {
      BackupSetId: "dbsset0003",
      BackupSetDataFormat: "SQL",
      ClientToken: task.clientToken,
    });
    assert.match(task.clientToken ?? "", /^pdbs1-[0-9a-f]{40}$/);
    assert.equal(outputs.taskId.value, task.taskId);
    assert.equal(outputs.status.value, "finish");
    assert.equal(outputs.downloadUrl.secret, true);
    assert.match(String(outputs.downloadUrl.value), new RegExp(`${task.taskId}.*Signature=`));
    assert.ok(actions().every((a) => [LIST, CREATE, STATUS].includes(a)));
  });

  it("stores the URLs encrypted, the task ID as the resource ID, and no serialized provider", async () => {
    const [resource] = resourcesOfType(await ws.state(), TYPE);
    const outputs = resource.outputs ?? {};
    assert.equal(resource.id, emulator.tasks()[0].taskId);
    for (const url of ["internetUrl", "intranetUrl"]) {
      assert.ok(
        typeof outputs[url] === "object" && outputs[url] !== null && "ciphertext" in outputs[url],
        url,
      );
    }
    assert.equal(outputs.__provider, undefined);
    assert.equal(resource.inputs?.__provider, undefined);
    assert.match(
      String(resource.provider),
      /^urn:pulumi:yaml::alicloud-dbs-yaml::pulumi:providers:alicloud-dbs::default::/,
    );
  });

  it("a second pulumi up changes nothing and makes no provider call", async () => {
    const { summary } = await ws.stack.up({ ...ws.log, expectNoChanges: true });
    assert.deepEqual(summary.resourceChanges, { same: 2 });
    assert.deepEqual(actions(), [LIST]);
  });

  it("pulumi refresh --skip-preview reads the task once and changes nothing", async () => {
    const { summary } = await ws.stack.refresh(ws.log);
    assert.deepEqual(summary.resourceChanges, { same: 2 });
    assert.deepEqual(actions(), [STATUS]);
  });

  it("pulumi destroy forgets the task without an API call", async () => {
    const { summary } = await ws.stack.destroy(ws.log);
    assert.deepEqual(summary.resourceChanges, { delete: 2 });
    assert.deepEqual(actions(), []);
    assert.deepEqual(resourcesOfType(await ws.state(), TYPE), []);
  });

  it("pulumi package get-schema reads the schema from the checkout's bin/pulumi-resource-alicloud-dbs", async () => {
    pluginBundle();
    const cli = await pulumiCommand();
    const { stdout } = await promisify(execFile)(
      cli.command,
      ["package", "get-schema", path.join(REPO_ROOT, "bin", "pulumi-resource-alicloud-dbs")],
      { env: { ...process.env, PULUMI_HOME: ws.homeDir, PULUMI_SKIP_UPDATE_CHECK: "true" } },
    );
    const schema = JSON.parse(stdout) as { name: string; resources: Record<string, unknown> };
    assert.equal(schema.name, "alicloud-dbs");
    assert.ok(schema.resources[TYPE]);
  });
});
