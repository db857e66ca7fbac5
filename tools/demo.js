#!/usr/bin/env node
// `npm run demo`: runs examples/basic, with this package installed from its `npm pack` tarball the way a user
// gets it, through the real Pulumi CLI (Automation API) against the local DBS emulator: up, up again (must
// report no changes), destroy, stack rm. Uses a throwaway file backend and PULUMI_HOME in the OS temp
// directory; leaves nothing running and nothing in the repository.
"use strict";
const path = require("node:path");

const root = path.resolve(__dirname, "..");
require("ts-node").register({ transpileOnly: true, project: path.join(root, "tsconfig.json") });
const { DEFAULT_CREDENTIAL, startEmulator } = require("../packages/emulator/src");
const { installedBase, removeInstalled } = require("./harness/installedProject");
const { abortProvisioning, pulumiCommand } = require("./harness/pulumiCli");
const { createWorkspace } = require("./harness/workspace");

const STACK = "demo";
const REGION = "cn-hangzhou";
const CREATE_ACTION = "CreateFullBackupSetDownload";

const steps = [];
const started = Date.now();
const stop = new AbortController();
let emulator;
let workspace;
let installed = false;
let signalled = false;
let cleaningUp = false;

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Echoes pulumi's output line by line, indented under the step. */
function lineEcho() {
  let partial = "";
  return (text) => {
    const lines = (partial + text).split("\n");
    partial = lines.pop();
    for (const line of lines) console.log(`      | ${line}`);
  };
}

async function step(name, fn) {
  if (stop.signal.aborted && !cleaningUp) throw new Error("interrupted");
  console.log(`\n[${steps.length + 1}] ${name}`);
  const stepStarted = Date.now();
  const entry = { name, ms: 0, ok: false };
  steps.push(entry);
  try {
    const result = await fn();
    entry.ok = true;
    return result;
  } catch (error) {
    error.step ??= name;
    throw error;
  } finally {
    entry.ms = Date.now() - stepStarted;
    console.log(`    ${entry.ok ? "done" : "FAILED"} in ${seconds(entry.ms)}`);
  }
}

function createsSince(mark) {
  return emulator.requests.slice(mark).filter((r) => r.action === CREATE_ACTION);
}

async function main() {
  const cli = await step("Provision the Pulumi CLI (tools/toolchain/provision-pulumi-cli.sh)", pulumiCommand);
  console.log(`    using ${cli.command} ${cli.version}`);

  await step("Pack this package (npm pack) and install it into a temporary project directory", async () => {
    installed = true;
    console.log(`    installed in ${await installedBase()}`);
  });

  await step("Start the DBS API emulator on a free loopback port", async () => {
    emulator = await startEmulator({ port: 0 });
    console.log(`    listening on ${emulator.url}`);
  });

  await step(`Create stack "${STACK}" of examples/basic in a temporary file backend`, async () => {
    workspace = await createWorkspace({
      project: path.join(root, "examples", "basic"),
      stack: STACK,
      env: { ALIBABA_CLOUD_DBS_ENDPOINT: emulator.url },
      echo: lineEcho(),
    });
    console.log(`    backend file://${workspace.backendDir}`);
  });

  await step("Configure region and the emulator's credentials (secretKey as a secret)", async () => {
    await workspace.stack.setAllConfig({
      "alicloud:region": { value: REGION },
      "alicloud:accessKey": { value: DEFAULT_CREDENTIAL.accessKeyId },
      "alicloud:secretKey": { value: DEFAULT_CREDENTIAL.accessKeySecret, secret: true },
    });
    console.log(`    endpoint from env ALIBABA_CLOUD_DBS_ENDPOINT=${emulator.url}`);
  });

  const outputs = await step("pulumi up --yes", async () => {
    const mark = emulator.requests.length;
    const result = await workspace.stack.up({ ...workspace.log, signal: stop.signal });
    const creates = createsSince(mark);
    if (creates.length !== 1)
      throw new Error(`expected 1 ${CREATE_ACTION} request, the emulator got ${creates.length}`);
    return result.outputs;
  });

  await step("Check the stack outputs against the emulator's task", async () => {
    const taskId = outputs.taskId?.value;
    const clientToken = outputs.clientToken?.value;
    const task = emulator.tasks().find((t) => t.taskId === taskId);
    if (!task) throw new Error(`output taskId ${JSON.stringify(taskId)} is not a task of the emulator`);
    if (task.clientToken !== clientToken) {
      throw new Error(`output clientToken ${clientToken} differs from the task's ${task.clientToken}`);
    }
    console.log(`    taskId      = ${taskId}`);
    console.log(`    clientToken = ${clientToken}`);
    console.log(
      `    (emulator: task of backup set ${task.backupSetId}, format ${task.format}, status ${task.status})`,
    );
  });

  await step("pulumi up --yes --expect-no-changes (a re-run must change nothing)", async () => {
    const mark = emulator.requests.length;
    try {
      await workspace.stack.up({ ...workspace.log, expectNoChanges: true, signal: stop.signal });
    } catch (error) {
      if (stop.signal.aborted) throw new Error("pulumi up was stopped");
      throw new Error(`the second pulumi up reported changes or failed: ${error.message}`);
    }
    const creates = createsSince(mark);
    if (creates.length !== 0)
      throw new Error(`the second pulumi up sent ${creates.length} ${CREATE_ACTION} requests`);
  });

  await step("pulumi destroy --yes", () =>
    workspace.stack.destroy({ ...workspace.log, signal: stop.signal }),
  );
  await step(`pulumi stack rm ${STACK} --yes`, () => workspace.stack.workspace.removeStack(STACK));
}

async function cleanUp() {
  cleaningUp = true;
  if (workspace) {
    const dir = workspace.root;
    await step("Delete the temporary backend, PULUMI_HOME and project copy", () => workspace.dispose());
    console.log(`    removed ${dir}`);
  }
  if (installed) await step("Delete the packed tarball and its installation", removeInstalled);
  if (emulator) await step("Stop the emulator", () => emulator.close());
}

function onSignal(signal) {
  if (signalled) {
    workspace?.dispose();
    removeInstalled();
    process.exit(130);
  }
  signalled = true;
  console.error(`\n${signal}: stopping pulumi and cleaning up (again to force)`);
  // Pulumi cancels the running operation on SIGINT; the failed step then runs cleanUp as on any failure.
  stop.abort();
  abortProvisioning();
}
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);
// Last resort if something exits the process early: no pulumi left running, no temp files left behind.
process.on("exit", () => workspace?.dispose());

(async () => {
  let failure;
  try {
    await main();
  } catch (error) {
    failure = error;
  }
  try {
    await cleanUp();
  } catch (error) {
    failure ??= error;
  }
  console.log(`\nSteps:`);
  for (const s of steps)
    console.log(`  ${s.ok ? "ok    " : "FAILED"} ${seconds(s.ms).padStart(7)}  ${s.name}`);
  if (failure) {
    const where = failure.step ? ` at step "${failure.step}"` : "";
    // After a signal the stopped command's output says nothing new: keep its first line only.
    const message = signalled ? String(failure.message).split("\n")[0] : failure.message;
    console.error(`\nDemo ${signalled ? "INTERRUPTED" : "FAILED"}${where}: ${message}`);
    process.exitCode = signalled ? 130 : 1;
  } else {
    console.log(
      `\nDemo finished in ${seconds(Date.now() - started)}: the task was created once, a re-run changed nothing.`,
    );
  }
})();
