// Adopting download tasks that exist in DBS but not in any stack, through the real CLI with the
// plugin: `pulumi import` with generated YAML code, and the `import` resource option. Either way the
// following `pulumi up` shows no change and makes no create.
import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import type { Emulator } from "../../packages/emulator/src";
import { DEFAULT_CREDENTIAL } from "../../packages/emulator/src";
import { createDbsClient } from "../../provider/dbs/client";
import { fixedCredentials } from "../../provider/dbs/credentials";
import { DYNAMIC_CONFIG_KEYS } from "../../provider/dynamic/provider";
import { resourcesOfType } from "../../tools/harness/deployment";
import type { EmulatorStack } from "../support/emulatorStack";
import { startEmulatorStack } from "../support/emulatorStack";
import type { Workspace } from "../../tools/harness/workspace";

const TYPE = "alicloud-dbs:index:FullBackupSetDownload";
const STATUS = "DescribeBackupSetDownloadTaskList";

describe("e2e: importing existing download tasks with the plugin", function () {
  this.timeout(180_000);
  let emulator: Emulator;
  let ws: Workspace;
  let stack: EmulatorStack | undefined;

  const actions = () => emulator.requests.map((r) => r.action);

  /** A task started outside Pulumi (the console, a script): DBS knows it, no stack does. */
  async function existingTask(backupSetId: string, format: "SQL" | "CSV"): Promise<string> {
    const client = createDbsClient({
      endpoint: { protocol: "http", host: `${emulator.host}:${emulator.port}` },
      credentials: fixedCredentials(DEFAULT_CREDENTIAL, "test"),
      credentialKeys: DYNAMIC_CONFIG_KEYS,
      regionId: "cn-hangzhou",
    });
    const created = await client.call("CreateFullBackupSetDownload", {
      BackupSetId: backupSetId,
      BackupSetDataFormat: format,
    });
    // Long finished, with its download URLs set.
    emulator.advance(10 * 60_000);
    emulator.clearRequests();
    return created.BackupSetDownloadTaskId;
  }

  async function writeProgram(resources: Record<string, unknown>): Promise<void> {
    const file = path.join(ws.projectDir, "Pulumi.yaml");
    const program = parse(await fs.readFile(file, "utf8")) as Record<string, unknown>;
    await fs.writeFile(file, stringify({ ...program, resources }));
  }

  before(async function () {
    this.timeout(30 * 60_000);
    stack = await startEmulatorStack({
      project: path.join(__dirname, "fixtures", "yaml-import"),
      stack: "import",
      hosts: ["yaml"],
      installPlugin: true,
      settingsFrom: "plugin-config",
    });
    ({ emulator, ws } = stack);
  });
  after(() => stack?.dispose());

  it("pulumi import adopts a task by its ID, generates its YAML, and the next up changes nothing", async () => {
    const taskId = await existingTask("dbsset0002", "SQL");
    const imported = await ws.stack.import({
      resources: [{ type: TYPE, name: "adopted", id: taskId }],
      generateCode: true,
      onOutput: ws.log.onOutput,
    });
    assert.equal(imported.summary.resourceChanges?.import, 1);
    assert.deepEqual(actions(), [STATUS], "one status read, no create");
    const generated = parse(imported.generatedCode) as {
      resources: Record<string, { type: string; properties: unknown; options: unknown }>;
    };
    assert.deepEqual(generated.resources.adopted, {
      type: "alicloud-dbs:FullBackupSetDownload",
      properties: { backupSetDataFormat: "SQL", backupSetId: "dbsset0002" },
      options: { protect: true },
    });
    const [resource] = resourcesOfType(await ws.state(), TYPE);
    assert.equal(resource.id, taskId);
    assert.equal(resource.outputs?.clientTokenSource, "imported");
    assert.ok(
      typeof resource.outputs?.internetUrl === "object" &&
        "ciphertext" in (resource.outputs.internetUrl as object),
      "the URL is stored encrypted",
    );

    emulator.clearRequests();
    await writeProgram(generated.resources);
    const { summary } = await ws.stack.up({ ...ws.log, expectNoChanges: true });
    assert.deepEqual(summary.resourceChanges, { same: 2 });
    assert.deepEqual(actions(), []);
    assert.equal(emulator.tasks().length, 1);
  });

  it("the import resource option adopts a task in pulumi up, and a re-run changes nothing", async () => {
    const taskId = await existingTask("dbsset0001", "CSV");
    const before = emulator.tasks().length;
    const program = parse(await fs.readFile(path.join(ws.projectDir, "Pulumi.yaml"), "utf8")) as {
      resources: Record<string, unknown>;
    };
    await writeProgram({
      ...program.resources,
      nightly: {
        type: "alicloud-dbs:FullBackupSetDownload",
        properties: { backupSetId: "dbsset0001" },
        options: { import: taskId },
      },
    });
    const first = await ws.stack.up(ws.log);
    assert.equal(first.summary.resourceChanges?.import, 1);
    assert.deepEqual(actions(), [STATUS]);
    emulator.clearRequests();
    const again = await ws.stack.up({ ...ws.log, expectNoChanges: true });
    assert.deepEqual(again.summary.resourceChanges, { same: 3 });
    assert.deepEqual(actions(), []);
    assert.equal(emulator.tasks().length, before, "no task was created");
  });
});
