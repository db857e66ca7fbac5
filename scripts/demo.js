#!/usr/bin/env node
// `npm run demo`: runs the root Pulumi project (examples/basic) with the real Pulumi CLI against the local
// DBS emulator: up, up again (must report no changes), destroy, stack rm. Uses a throwaway file backend
// and PULUMI_HOME in the OS temp directory; leaves nothing running and nothing in the repository.
"use strict";
const path = require("node:path");

const root = path.resolve(__dirname, "..");
require("ts-node").register({ transpileOnly: true, project: path.join(root, "tsconfig.json") });
const { DEFAULT_CREDENTIAL, startEmulator } = require("../emulator");
const { abortProvisioning, createPulumiWorkspace, ensurePulumiCli } = require("./pulumiWorkspace");

const STACK = "demo";
const REGION = "cn-hangzhou";
const CREATE_ACTION = "CreateFullBackupSetDownload";

const steps = [];
const started = Date.now();
let emulator;
let workspace;
let interrupted = false;
let signalled = false;

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const echo = (line) => console.log(`      | ${line}`);

async function step(name, fn) {
  if (interrupted) throw new Error("interrupted");
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
  const binDir = await step("Provision the Pulumi CLI (scripts/provision-pulumi-cli.sh)", ensurePulumiCli);
  console.log(`    using ${binDir}`);

  await step("Start the DBS API emulator on a free loopback port", async () => {
    emulator = await startEmulator({ port: 0 });
    console.log(`    listening on ${emulator.url}`);
  });

  await step(`Create stack "${STACK}" in a temporary file backend`, async () => {
    workspace = await createPulumiWorkspace({
      projectDir: root,
      stack: STACK,
      env: { ALIBABA_CLOUD_DBS_ENDPOINT: emulator.url },
    });
    await workspace.stackInit();
    console.log(`    backend file://${workspace.backendDir}`);
  });

  await step("Configure region and the emulator's credentials (secretKey as a secret)", async () => {
    await workspace.configSet("alicloud:region", REGION);
    await workspace.configSet("alicloud:accessKey", DEFAULT_CREDENTIAL.accessKeyId);
    await workspace.configSet("alicloud:secretKey", DEFAULT_CREDENTIAL.accessKeySecret, { secret: true });
    console.log(`    endpoint from env ALIBABA_CLOUD_DBS_ENDPOINT=${emulator.url}`);
  });

  await step("pulumi up --yes", async () => {
    const mark = emulator.requests.length;
    await workspace.run(["up"], { onLine: echo });
    const creates = createsSince(mark);
    if (creates.length !== 1)
      throw new Error(`expected 1 ${CREATE_ACTION} request, the emulator got ${creates.length}`);
  });

  await step("Read the stack outputs", async () => {
    const outputs = await workspace.outputs();
    const task = emulator.tasks().find((t) => t.taskId === outputs.taskId);
    if (!task)
      throw new Error(`output taskId ${JSON.stringify(outputs.taskId)} is not a task of the emulator`);
    if (task.clientToken !== outputs.clientToken) {
      throw new Error(
        `output clientToken ${outputs.clientToken} differs from the task's ${task.clientToken}`,
      );
    }
    console.log(`    taskId      = ${outputs.taskId}`);
    console.log(`    clientToken = ${outputs.clientToken}`);
    console.log(
      `    (emulator: task of backup set ${task.backupSetId}, format ${task.format}, status ${task.status})`,
    );
  });

  await step("pulumi up --yes --expect-no-changes (a re-run must change nothing)", async () => {
    const mark = emulator.requests.length;
    const result = await workspace.run(["up", "--expect-no-changes"], { onLine: echo, expectFailure: true });
    if (interrupted) throw new Error("pulumi up was stopped");
    if (result.code !== 0) {
      throw new Error(`the second pulumi up reported changes (exit code ${result.code})`);
    }
    const creates = createsSince(mark);
    if (creates.length !== 0)
      throw new Error(`the second pulumi up sent ${creates.length} ${CREATE_ACTION} requests`);
  });

  await step("pulumi destroy --yes", () => workspace.run(["destroy"], { onLine: echo }));
  await step(`pulumi stack rm ${STACK} --yes`, () => workspace.stackRm({ onLine: echo }));
}

async function cleanUp() {
  if (workspace) {
    const dir = workspace.root;
    await step("Delete the temporary backend, PULUMI_HOME and stack config", () => workspace.dispose());
    console.log(`    removed ${dir}`);
  }
  if (emulator) await step("Stop the emulator", () => emulator.close());
}

function onSignal(signal) {
  if (signalled) {
    workspace?.disposeSync();
    process.exit(130);
  }
  interrupted = true;
  signalled = true;
  console.error(`\n${signal}: stopping pulumi and cleaning up (again to force)`);
  // Killing the pulumi processes fails the running step; cleanUp then runs as on any failure.
  abortProvisioning();
  workspace?.dispose().catch(() => {});
}
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);
// Last resort if something exits the process early: no pulumi left running, no temp files left behind.
process.on("exit", () => workspace?.disposeSync());

(async () => {
  let failure;
  try {
    await main();
  } catch (error) {
    failure = error;
  }
  try {
    interrupted = false;
    await cleanUp();
  } catch (error) {
    failure ??= error;
  }
  console.log(`\nSteps:`);
  for (const s of steps)
    console.log(`  ${s.ok ? "ok    " : "FAILED"} ${seconds(s.ms).padStart(7)}  ${s.name}`);
  if (failure) {
    const where = failure.step ? ` at step "${failure.step}"` : "";
    // After a signal the killed command's output says nothing new: keep its first line only.
    const message = signalled ? String(failure.message).split("\n")[0] : failure.message;
    console.error(`\nDemo ${signalled ? "INTERRUPTED" : "FAILED"}${where}: ${message}`);
    process.exitCode = signalled ? 130 : 1;
  } else {
    console.log(
      `\nDemo finished in ${seconds(Date.now() - started)}: the task was created once, a re-run changed nothing.`,
    );
  }
})();
