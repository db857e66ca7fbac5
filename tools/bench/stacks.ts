/**
 * Glue: fresh stacks of the bench program (tools/bench/program) and of YAML programs of N plugin
 * resources, pointed at an emulator, and the pulumi commands timed on them, run as a user runs them.
 */
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import type { Emulator } from "../../packages/emulator/src";
import { DEFAULT_CREDENTIAL } from "../../packages/emulator/src";
import type { Workspace } from "../harness/workspace";
import { createWorkspace } from "../harness/workspace";
import type { NoopBundle } from "./noopPlugin/bundle";
import { installNoopPlugin } from "./noopPlugin/bundle";
import { NOOP_PACKAGE, RESOURCE } from "./noopPlugin/definition";

const PROGRAM_DIR = path.join(__dirname, "program");
const REGION = "cn-hangzhou";
const execFileAsync = promisify(execFile);
const live = new Set<Workspace>();

export interface CliRun {
  durationMs: number;
  stdout: string;
}

/**
 * `pulumi <args> --stack <stack>` in the workspace, timed. Not through the Automation API, which cannot
 * time what a user runs: its up always skips the preview, and its up, refresh and destroy each run three
 * more pulumi commands afterwards.
 */
export async function runCli(ws: Workspace, args: string[]): Promise<CliRun> {
  const cli = ws.stack.workspace.pulumiCommand.command;
  const confirm = ["up", "refresh", "destroy"].includes(args[0]) ? ["--yes"] : [];
  const started = Date.now();
  const { stdout } = await execFileAsync(
    cli,
    [...args, ...confirm, "--stack", ws.stack.name, "--non-interactive"],
    {
      cwd: ws.projectDir,
      // The workspace's variables (undefined ones keep the parent's PULUMI_* and ALIBABA_CLOUD_* out).
      env: {
        ...process.env,
        ...ws.stack.workspace.envVars,
        PULUMI_HOME: ws.homeDir,
        PATH: `${path.dirname(cli)}${path.delimiter}${process.env.PATH ?? ""}`,
      },
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  return { durationMs: Date.now() - started, stdout };
}

const settingsEnv = (emulator: Emulator): Record<string, string> => ({
  ALIBABA_CLOUD_DBS_ENDPOINT: emulator.url,
  ALIBABA_CLOUD_REGION_ID: REGION,
  ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_CREDENTIAL.accessKeyId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_CREDENTIAL.accessKeySecret,
});

const configMap = (config: Record<string, string>): ConfigMap =>
  Object.fromEntries(Object.entries(config).map(([key, value]) => [key, { value }]));

/**
 * A new stack "bench" of a program (by default the bench program, see program/index.ts) with this
 * config, settings from the env.
 */
export async function freshStack(
  emulator: Emulator,
  config: Record<string, string>,
  env: Record<string, string> = {},
  project = PROGRAM_DIR,
): Promise<Workspace> {
  const ws = await createWorkspace({
    project,
    stack: "bench",
    env: { ...settingsEnv(emulator), ...env },
    config: configMap(config),
  });
  live.add(ws);
  return ws;
}

/** The type token of the YAML program's resources: the alicloud-dbs plugin's, or the no-op plugin's. */
export const pluginType = (noop: boolean): string =>
  `${noop ? NOOP_PACKAGE : "alicloud-dbs"}:index:${RESOURCE}`;

function yamlProgram(type: string, n: number): string {
  const resources = Array.from(
    { length: n },
    (_, i) =>
      `  r${String(i).padStart(3, "0")}:\n    type: ${type}\n    properties:\n      backupSetId: dbsset0001\n`,
  );
  return `name: alicloud-dbs-bench-yaml\nruntime: yaml\nresources:\n${resources.join("")}`;
}

/**
 * A new stack "bench" of a YAML program of n resources of one plugin, installed into the stack's
 * PULUMI_HOME from its tarball: `noop` the no-op plugin, else alicloud-dbs. Settings from the env.
 */
export async function freshYamlStack(
  emulator: Emulator,
  n: number,
  noop: NoopBundle | undefined,
  config: Record<string, string> = {},
): Promise<Workspace> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "alicloud-dbs-bench-yaml-"));
  try {
    await fs.writeFile(path.join(dir, "Pulumi.yaml"), yamlProgram(pluginType(Boolean(noop)), n));
    const ws = await createWorkspace({
      project: dir,
      stack: "bench",
      hosts: ["yaml"],
      installPlugin: !noop,
      env: settingsEnv(emulator),
      config: configMap(config),
    });
    live.add(ws);
    if (noop) await installNoopPlugin(ws, noop);
    return ws;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export function disposeStack(ws: Workspace): void {
  ws.dispose();
  live.delete(ws);
}

/** Kills what every live stack runs and deletes their directories (also from signal and exit handlers). */
export function disposeAllStacks(): void {
  live.forEach(disposeStack);
}
