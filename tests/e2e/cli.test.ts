// The real Pulumi CLI (local file backend, driven by the Automation API) against the DBS emulator: what the
// engine sends to the API, and what ends up in the state, across preview / up / no-op up / replace / refresh /
// destroy. Then region and credentials from the environment, the installed `__provider` and the package's bin.
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { strict as assert } from "node:assert";
import { execFile, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import type { Emulator } from "../../packages/emulator/src";
import { DEFAULT_CREDENTIAL } from "../../packages/emulator/src";
import {
  FULL_DOWNLOAD_TYPE,
  requiredModules,
  resourceName,
  resourcesOfType,
  storedProvider,
} from "../../tools/harness/deployment";
import type { EmulatorStack } from "../support/emulatorStack";
import { startEmulatorStack } from "../support/emulatorStack";
import { installedBase } from "../../tools/harness/installedProject";
import type { Deployment, Workspace } from "../../tools/harness/workspace";

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

/** What the fixture program turns into FullBackupSetDownload resources (stack config `downloads`). */
const SPECS: DownloadSpec[] = [
  { name: "dl-a", backupSetId: "dbsset0001" },
  { name: "dl-b", backupSetId: "dbsset0002", format: "SQL" },
  { name: "dl-c", backupSetId: "dbsset0003", format: "JSON" },
];

function apiCalls(emulator: Emulator): string[] {
  return emulator.requests.map((r) => `${r.action} ${r.statusCode}`);
}

/** Collects "<op> <resource name>" of every step that changed a download. */
function changedDownloads(into: string[]): (event: EngineEvent) => void {
  return (event) => {
    const step = event.resOutputsEvent?.metadata;
    if (step?.type === FULL_DOWNLOAD_TYPE && step.op !== "same") {
      into.push(`${step.op} ${step.urn.slice(step.urn.lastIndexOf("::") + 2)}`);
    }
  };
}

async function assertSecretNowhere(ws: Workspace, state: Deployment): Promise<void> {
  assert.ok(!JSON.stringify(state).includes(SECRET), "the access key secret is in the state");
  assert.ok(!ws.transcript().includes(SECRET), "the access key secret is in the pulumi CLI output");
  assert.deepEqual(await ws.filesContaining(SECRET), [], "files holding the access key secret");
}

describe("e2e: pulumi CLI with the emulator, from preview to destroy", function () {
  this.timeout(120_000);
  let emulator: Emulator;
  let ws: Workspace;
  let outputsAfterFirstUp: Record<string, DownloadOutput>;
  let stack: EmulatorStack | undefined;

  before(async function () {
    this.timeout(PROVISION_TIMEOUT_MS);
    stack = await startEmulatorStack({
      project: path.join(__dirname, "fixtures", "multi"),
      stack: "e2e",
      settingsFrom: "config",
      config: { downloads: JSON.stringify(SPECS) },
    });
    ({ emulator, ws } = stack);
  });

  after(() => stack?.dispose());

  beforeEach(() => emulator.clearRequests());

  const downloads = (outputs: Record<string, { value: unknown }>): Record<string, DownloadOutput> =>
    outputs.downloads.value as Record<string, DownloadOutput>;

  it("pulumi preview makes no API call", async () => {
    const { changeSummary } = await ws.stack.preview(ws.log);
    assert.deepEqual(apiCalls(emulator), []);
    assert.deepEqual(changeSummary, { create: SPECS.length + 1 });
  });

  it("pulumi up creates one task per resource, each with its own ClientToken", async () => {
    const { summary, outputs: upOutputs } = await ws.stack.up(ws.log);
    assert.deepEqual(summary.resourceChanges, { create: SPECS.length + 1 });

    const creates = emulator.requestsFor(CREATE);
    assert.deepEqual(apiCalls(emulator), Array(SPECS.length).fill(`${CREATE} 200`));
    const tokens = creates.map((r) => r.params.ClientToken);
    assert.equal(new Set(tokens).size, SPECS.length, `tokens not distinct: ${tokens.join(", ")}`);

    const outputs = downloads(upOutputs);
    const resources = resourcesOfType(await ws.state(), FULL_DOWNLOAD_TYPE);
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
  });

  it("a second pulumi up with no change reports no changes and creates nothing", async () => {
    // expectNoChanges makes pulumi exit non-zero if the engine planned or made any change.
    const { summary, outputs } = await ws.stack.up({ ...ws.log, expectNoChanges: true });
    assert.deepEqual(apiCalls(emulator), []);
    assert.deepEqual(summary.resourceChanges, { same: SPECS.length + 1 });
    assert.deepEqual(downloads(outputs), outputsAfterFirstUp);
  });

  it("changing backupSetDataFormat of one resource replaces exactly that one", async () => {
    const changed = SPECS.map((s) => (s.name === "dl-a" ? { ...s, format: "Native" } : s));
    await ws.stack.setConfig("downloads", { value: JSON.stringify(changed) });
    const steps: string[] = [];
    const { summary, outputs: upOutputs } = await ws.stack.up({
      ...ws.log,
      onEvent: changedDownloads(steps),
    });
    assert.deepEqual(summary.resourceChanges, { replace: 1, same: SPECS.length });
    assert.deepEqual(steps, ["create-replacement dl-a", "replace dl-a", "delete-replaced dl-a"]);

    assert.deepEqual(apiCalls(emulator), [`${CREATE} 200`]);
    const [create] = emulator.requestsFor(CREATE);
    assert.equal(create.params.BackupSetId, "dbsset0001");
    assert.equal(create.params.BackupSetDataFormat, "Native");

    const outputs = downloads(upOutputs);
    assert.equal(create.params.ClientToken, outputs["dl-a"].clientToken);
    assert.notEqual(outputs["dl-a"].clientToken, outputsAfterFirstUp["dl-a"].clientToken);
    assert.notEqual(outputs["dl-a"].id, outputsAfterFirstUp["dl-a"].id);
    const task = emulator.tasks().find((t) => t.clientToken === create.params.ClientToken);
    assert.equal(outputs["dl-a"].id, task?.taskId);
    assert.deepEqual(outputs["dl-b"], outputsAfterFirstUp["dl-b"]);
    assert.deepEqual(outputs["dl-c"], outputsAfterFirstUp["dl-c"]);
  });

  it("pulumi refresh reads each task once, creates nothing and keeps every task's id, inputs and token", async () => {
    const before = resourcesOfType(await ws.state(), FULL_DOWNLOAD_TYPE);
    const { summary } = await ws.stack.refresh(ws.log);
    const changes = summary.resourceChanges ?? {};
    assert.deepEqual(
      Object.keys(changes).filter((op) => op !== "same" && op !== "update"),
      [],
      `refresh may only update outputs, got ${JSON.stringify(changes)}`,
    );
    assert.deepEqual(apiCalls(emulator), Array(SPECS.length).fill(`${READ} 200`));
    assert.deepEqual(
      emulator
        .requestsFor(READ)
        .map((r) => r.params.BackupSetDownloadTaskId)
        .sort(),
      before.map((r) => r.id).sort(),
    );
    const byUrn = new Map(resourcesOfType(await ws.state(), FULL_DOWNLOAD_TYPE).map((r) => [r.urn, r]));
    for (const old of before) {
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
    const { summary } = await ws.stack.up({ ...ws.log, expectNoChanges: true });
    assert.deepEqual(apiCalls(emulator), []);
    assert.deepEqual(summary.resourceChanges, { same: SPECS.length + 1 });
  });

  it("the access key secret is in neither the state, the CLI output nor any file of the workspace", async () => {
    const state = await ws.state();
    assert.equal(resourcesOfType(state, FULL_DOWNLOAD_TYPE).length, SPECS.length);
    await assertSecretNowhere(ws, state);
  });

  it("pulumi destroy makes no API call and empties the stack", async () => {
    const { summary } = await ws.stack.destroy(ws.log);
    assert.deepEqual(summary.resourceChanges, { delete: SPECS.length + 1 });
    assert.deepEqual(apiCalls(emulator), []);
    const state = await ws.state();
    assert.deepEqual(state.resources ?? [], []);
    await assertSecretNowhere(ws, state);
  });
});

describe("e2e: settings from the environment; the installed package's __provider and bin", function () {
  this.timeout(120_000);
  let emulator: Emulator;
  let ws: Workspace;
  let stack: EmulatorStack | undefined;

  before(async function () {
    this.timeout(PROVISION_TIMEOUT_MS);
    // Credentials and region from the environment this time: the default chain of @alicloud/credentials.
    stack = await startEmulatorStack({
      project: path.join(__dirname, "fixtures", "env-settings"),
      stack: "installed",
      settingsFrom: "env",
    });
    ({ emulator, ws } = stack);
  });

  after(() => stack?.dispose());

  beforeEach(() => emulator.clearRequests());

  it("pulumi up creates the task; __provider requires the package from node_modules", async () => {
    const { outputs } = await ws.stack.up(ws.log);
    assert.deepEqual(apiCalls(emulator), [`${CREATE} 200`]);
    const [create] = emulator.requestsFor(CREATE);
    assert.equal(outputs.clientToken.value, create.params.ClientToken);
    assert.equal(outputs.taskId.value, emulator.tasks()[0].taskId);

    const state = await ws.state();
    const provider = storedProvider(resourcesOfType(state, FULL_DOWNLOAD_TYPE)[0]);
    // Existing stacks keep this path in their state: moving the file breaks their refresh and destroy.
    assert.deepEqual(requiredModules(provider.text), [
      "pulumi-alicloud-dbs/dist/provider/fullBackupSetDownloadProvider.js",
    ]);
    assert.ok(provider.bytes <= 4096, `__provider is ${provider.bytes} bytes`);
    await assertSecretNowhere(ws, state);
  });

  it("pulumi destroy makes no API call and empties the stack", async () => {
    await ws.stack.destroy(ws.log);
    assert.deepEqual(apiCalls(emulator), []);
    assert.deepEqual((await ws.state()).resources ?? [], []);
  });

  it("the package's alicloud-dbs-emulator command starts the emulator", async () => {
    const bin = path.join(await installedBase(), "node_modules", ".bin", "alicloud-dbs-emulator");
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

  it("the package holds no emulator code, and its deprecated pulumi-alicloud-dbs/emulator still starts one", async () => {
    const base = await installedBase();
    const installed = path.join(base, "node_modules", "pulumi-alicloud-dbs");
    const files = readdirSync(installed, { recursive: true, withFileTypes: true }).filter(
      (e) => e.isFile() && e.name.endsWith(".js"),
    );
    const withEmulator = files
      .filter((e) => readFileSync(path.join(e.parentPath, e.name), "utf8").includes("DBS emulator listening"))
      .map((e) => path.relative(installed, path.join(e.parentPath, e.name)));
    assert.deepEqual(withEmulator, []);
    const script = `require("pulumi-alicloud-dbs/emulator").startEmulator({ port: 0 })
      .then((e) => { console.log(e.url); return e.close(); })`;
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], { cwd: base });
    assert.match(stdout, /^http:\/\/127\.0\.0\.1:\d+\n$/);
  });
});
