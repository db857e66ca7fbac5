// The real Pulumi CLI (local file backend) against the DBS emulator: what the engine sends to the API, and what
// ends up in the state, across preview / up / no-op up / replace / refresh / destroy. Then the npm tarball,
// installed into a project outside the repository, the way a user gets the package.
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as path from "node:path";
import type { Emulator } from "../../emulator";
import { DEFAULT_CREDENTIAL } from "../../emulator";
import type { InstalledProject } from "../../scripts/installedProject";
import { createInstalledProject } from "../../scripts/installedProject";
import type { EmulatorStack } from "../support/emulatorStack";
import { startEmulatorStack } from "../support/emulatorStack";
import type { PulumiWorkspace, StackExport } from "../support/pulumiCli";
import {
  DOWNLOAD_TYPE,
  filesContaining,
  providerSize,
  resourceName,
  resourceSummary,
  resourcesOfType,
} from "../support/pulumiCli";

const CREATE = "CreateFullBackupSetDownload";
const READ = "DescribeBackupSetDownloadTaskList";
const SECRET = DEFAULT_CREDENTIAL.accessKeySecret;
/** Building the CLI on a machine that lacks it takes minutes. */
const PROVISION_TIMEOUT_MS = 30 * 60_000;

interface DownloadSpec {
  name: string;
  backupSetId: string;
  format?: string;
}

interface DownloadOutput {
  id: string;
  taskId: string;
  clientToken: string;
}

/** Resources: what the fixture program turns into FullBackupSetDownload resources (stack config `downloads`). */
const SPECS: DownloadSpec[] = [
  { name: "dl-a", backupSetId: "dbsset0001" },
  { name: "dl-b", backupSetId: "dbsset0002", format: "SQL" },
  { name: "dl-c", backupSetId: "dbsset0003", format: "JSON" },
];

/** urn, id, inputs and outputs of every resource. */
function stateSnapshot(state: StackExport): unknown[] {
  return (state.deployment.resources ?? []).map(({ urn, id, inputs, outputs }) => ({
    urn,
    id,
    inputs,
    outputs,
  }));
}

function apiCalls(emulator: Emulator): string[] {
  return emulator.requests.map((r) => `${r.action} ${r.statusCode}`);
}

async function assertSecretNowhere(ws: PulumiWorkspace, exported: StackExport): Promise<void> {
  assert.ok(!JSON.stringify(exported).includes(SECRET), "the access key secret is in `pulumi stack export`");
  assert.ok(!ws.transcript().includes(SECRET), "the access key secret is in the pulumi CLI output");
  assert.deepEqual(await filesContaining(ws.root, SECRET), [], "files holding the access key secret");
}

describe("e2e: pulumi CLI with the emulator, program from source", function () {
  this.timeout(120_000);
  let emulator: Emulator;
  let ws: PulumiWorkspace;
  let outputsAfterFirstUp: Record<string, DownloadOutput>;

  async function downloadOutputs(): Promise<Record<string, DownloadOutput>> {
    return (await ws.outputs()).downloads as Record<string, DownloadOutput>;
  }

  let stack: EmulatorStack | undefined;

  before(async function () {
    this.timeout(PROVISION_TIMEOUT_MS);
    stack = await startEmulatorStack({
      projectDir: path.join(__dirname, "fixtures", "multi"),
      stack: "e2e",
      settingsFrom: "config",
      config: { downloads: JSON.stringify(SPECS) },
    });
    ({ emulator, ws } = stack);
  });

  after(() => stack?.dispose());

  beforeEach(() => emulator.clearRequests());

  it("pulumi preview makes no API call", async () => {
    const result = await ws.run(["preview"]);
    assert.deepEqual(apiCalls(emulator), []);
    assert.deepEqual(resourceSummary(result.stdout), { "to create": SPECS.length + 1 });
  });

  it("pulumi up creates one task per resource, each with its own ClientToken", async () => {
    const result = await ws.run(["up"]);
    assert.deepEqual(resourceSummary(result.stdout), { created: SPECS.length + 1 });

    const creates = emulator.requestsFor(CREATE);
    assert.deepEqual(apiCalls(emulator), Array(SPECS.length).fill(`${CREATE} 200`));
    const tokens = creates.map((r) => r.params.ClientToken);
    assert.equal(new Set(tokens).size, SPECS.length, `tokens not distinct: ${tokens.join(", ")}`);

    const outputs = await downloadOutputs();
    const state = await ws.exportState();
    const resources = resourcesOfType(state, DOWNLOAD_TYPE);
    assert.deepEqual(resources.map(resourceName).sort(), SPECS.map((s) => s.name).sort());
    for (const spec of SPECS) {
      const out = outputs[spec.name];
      const sent = creates.filter((r) => r.params.ClientToken === out.clientToken);
      assert.equal(sent.length, 1, `${spec.name}: one create carries its clientToken output`);
      assert.equal(sent[0].params.BackupSetId, spec.backupSetId);
      assert.equal(sent[0].params.BackupSetDataFormat, spec.format ?? "CSV");
      const task = emulator.tasks().find((t) => t.clientToken === out.clientToken);
      assert.ok(task, `${spec.name}: the emulator has a task for its token`);
      assert.equal(out.id, task.taskId);
      assert.equal(out.taskId, task.taskId);
      const resource = resources.find((r) => resourceName(r) === spec.name);
      assert.equal(resource?.id, task.taskId);
      assert.equal(resource?.outputs?.backupSetDownloadTaskId, task.taskId);
    }
    outputsAfterFirstUp = outputs;

    const size = providerSize(resources[0]);
    console.log(
      `      __provider (program from source): ${size.bytes} bytes${size.secret ? " (secret)" : ""}, ` +
        `stored in inputs and outputs of each of ${resources.length} resources`,
    );
  });

  it("a second pulumi up with no change reports no changes and creates nothing", async () => {
    // --expect-no-changes makes pulumi exit non-zero if the engine planned or made any change.
    const result = await ws.run(["up", "--expect-no-changes"]);
    assert.deepEqual(apiCalls(emulator), []);
    assert.deepEqual(resourceSummary(result.stdout), { unchanged: SPECS.length + 1 });
    assert.deepEqual(await downloadOutputs(), outputsAfterFirstUp);
  });

  it("changing backupSetDataFormat of one resource replaces exactly that one", async () => {
    const changed = SPECS.map((s) => (s.name === "dl-a" ? { ...s, format: "Native" } : s));
    await ws.configSet("downloads", JSON.stringify(changed));
    const result = await ws.run(["up"]);
    assert.deepEqual(resourceSummary(result.stdout), { replaced: 1, unchanged: SPECS.length });
    assert.match(result.stdout, new RegExp(`${DOWNLOAD_TYPE} dl-a replaced`));

    assert.deepEqual(apiCalls(emulator), [`${CREATE} 200`]);
    const [create] = emulator.requestsFor(CREATE);
    assert.equal(create.params.BackupSetId, "dbsset0001");
    assert.equal(create.params.BackupSetDataFormat, "Native");

    const outputs = await downloadOutputs();
    assert.equal(create.params.ClientToken, outputs["dl-a"].clientToken);
    assert.notEqual(outputs["dl-a"].clientToken, outputsAfterFirstUp["dl-a"].clientToken);
    assert.notEqual(outputs["dl-a"].id, outputsAfterFirstUp["dl-a"].id);
    const task = emulator.tasks().find((t) => t.clientToken === create.params.ClientToken);
    assert.equal(outputs["dl-a"].id, task?.taskId);
    assert.deepEqual(outputs["dl-b"], outputsAfterFirstUp["dl-b"]);
    assert.deepEqual(outputs["dl-c"], outputsAfterFirstUp["dl-c"]);
  });

  // With `read`, refresh describes each task twice (in its preview and in the refresh itself); without it, the
  // engine echoes the stored state and makes no call. Either way nothing is created and each task keeps its identity.
  it("pulumi refresh creates nothing and keeps every task's id, inputs and token", async () => {
    const before = await ws.exportState();
    await ws.run(["refresh"]);
    const after = await ws.exportState();
    const calls = apiCalls(emulator);
    assert.ok(
      calls.every((c) => c === `${READ} 200`),
      `refresh may only describe tasks, got: ${calls.join(", ")}`,
    );
    const ids = new Set(resourcesOfType(before, DOWNLOAD_TYPE).map((r) => r.id));
    for (const read of emulator.requestsFor(READ)) {
      const id = read.params.BackupSetDownloadTaskId;
      assert.ok(ids.has(id), `refresh described ${id}, which is not a task of the stack`);
      const times = emulator.requestsFor(READ).filter((r) => r.params.BackupSetDownloadTaskId === id).length;
      assert.ok(times <= 2, `task ${id} was described ${times} times`);
    }
    if (calls.length === 0) {
      assert.deepEqual(stateSnapshot(after), stateSnapshot(before));
      return;
    }
    const byUrn = new Map(resourcesOfType(after, DOWNLOAD_TYPE).map((r) => [r.urn, r]));
    for (const old of resourcesOfType(before, DOWNLOAD_TYPE)) {
      const refreshed = byUrn.get(old.urn);
      assert.ok(refreshed, `${old.urn} is still in the state`);
      assert.equal(refreshed.id, old.id);
      assert.deepEqual(refreshed.inputs, old.inputs);
      for (const key of ["backupSetDownloadTaskId", "clientToken", "backupSetId", "backupSetDataFormat"]) {
        assert.deepEqual(refreshed.outputs?.[key], old.outputs?.[key], `${old.urn}: output ${key}`);
      }
    }
  });

  it("after the refresh, pulumi up still reports no changes", async () => {
    const result = await ws.run(["up", "--expect-no-changes"]);
    assert.deepEqual(apiCalls(emulator), []);
    assert.deepEqual(resourceSummary(result.stdout), { unchanged: SPECS.length + 1 });
  });

  it("the access key secret is in neither the state, the CLI output nor any file of the workspace", async () => {
    const state = await ws.exportState();
    assert.equal(resourcesOfType(state, DOWNLOAD_TYPE).length, SPECS.length);
    await assertSecretNowhere(ws, state);
  });

  it("pulumi destroy makes no API call and empties the stack", async () => {
    const result = await ws.run(["destroy"]);
    assert.deepEqual(resourceSummary(result.stdout), { deleted: SPECS.length + 1 });
    assert.deepEqual(apiCalls(emulator), []);
    const state = await ws.exportState();
    assert.deepEqual(state.deployment.resources ?? [], []);
    await assertSecretNowhere(ws, state);
  });
});

describe("e2e: the npm tarball installed in a project outside the repository", function () {
  this.timeout(120_000);
  let emulator: Emulator;
  let ws: PulumiWorkspace;
  let project: InstalledProject | undefined;

  let stack: EmulatorStack | undefined;

  before(async function () {
    this.timeout(PROVISION_TIMEOUT_MS);
    project = await createInstalledProject({
      program: [
        'import { FullBackupSetDownload } from "pulumi-alicloud-dbs";',
        "",
        'const download = new FullBackupSetDownload("installed", { backupSetId: "dbsset0001" });',
        "export const taskId = download.backupSetDownloadTaskId;",
        "export const clientToken = download.clientToken;",
        "",
      ].join("\n"),
    });

    // Credentials and region from the environment this time: the default chain of @alicloud/credentials.
    stack = await startEmulatorStack({ projectDir: project.dir, stack: "installed", settingsFrom: "env" });
    ({ emulator, ws } = stack);
  });

  after(async () => {
    await stack?.dispose();
    await project?.dispose();
  });

  beforeEach(() => emulator.clearRequests());

  it("pulumi up creates the task; __provider requires the package from node_modules", async () => {
    await ws.run(["up"]);
    assert.deepEqual(apiCalls(emulator), [`${CREATE} 200`]);
    const [create] = emulator.requestsFor(CREATE);
    const outputs = await ws.outputs();
    assert.equal(outputs.clientToken, create.params.ClientToken);
    assert.equal(outputs.taskId, emulator.tasks()[0].taskId);

    const state = await ws.exportState();
    const [resource] = resourcesOfType(state, DOWNLOAD_TYPE);
    const size = providerSize(resource);
    console.log(`      __provider (installed tarball): ${size.bytes} bytes${size.secret ? " (secret)" : ""}`);
    const text = String(resource.outputs?.__provider);
    // Existing stacks keep this path in their state: moving the file breaks their refresh and destroy.
    assert.deepEqual(text.match(/require\("[^"]+"\)/g), [
      'require("pulumi-alicloud-dbs/dist/provider/fullBackupSetDownloadProvider.js")',
    ]);
    assert.ok(size.bytes <= 4096, `__provider is ${size.bytes} bytes`);
    await assertSecretNowhere(ws, state);
  });

  it("pulumi destroy makes no API call and empties the stack", async () => {
    await ws.run(["destroy"]);
    assert.deepEqual(apiCalls(emulator), []);
    assert.deepEqual((await ws.exportState()).deployment.resources ?? [], []);
  });

  it("the package's alicloud-dbs-emulator command starts the emulator", async () => {
    const bin = path.join(project!.dir, "node_modules", ".bin", "alicloud-dbs-emulator");
    const child = spawn(bin, ["--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        child.once("error", reject);
        child.stdout.setEncoding("utf8").once("data", (chunk: string) => resolve(chunk.split("\n")[0]));
      });
      assert.match(firstLine, /^DBS emulator listening on http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      child.kill("SIGTERM");
    }
  });
});
