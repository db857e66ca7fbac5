/**
 * A Pulumi stack on the Automation API in a throwaway setup: used by the e2e tests, `npm run demo` and
 * `npm run bench`.
 *
 * A workspace owns one temp directory inside a base of installedProject.ts, holding a copy of the
 * project (the Automation API writes Pulumi.<stack>.yaml next to Pulumi.yaml: the repository's copy
 * stays untouched), PULUMI_HOME and a file backend. The pulumi processes get none of the parent's
 * PULUMI_*, ALIBABA_CLOUD_* and ALICLOUD_* variables: a developer's cloud credentials or Pulumi login
 * must not leak in.
 */
import type { ConfigMap, Stack } from "@pulumi/pulumi/automation";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { execFile } from "node:child_process";
import { existsSync, promises as fs, rmSync } from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { sweepStrays } from "./hardKill";
import { installedBase } from "./installedProject";
import { pluginBundle } from "./pluginBundle";
import type { LanguageHost } from "./pulumiCli";
import { pulumiCommand } from "./pulumiCli";

/**
 * Keeps the credential chain of @alicloud/credentials off the network: no ECS metadata probe, no
 * `aliyun` CLI profile.
 */
export const OFFLINE_CREDENTIAL_ENV: Readonly<Record<string, string>> = Object.freeze({
  ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
  ALIBABA_CLOUD_CLI_PROFILE_DISABLED: "true",
});

const DROPPED_PREFIXES = ["PULUMI_", "ALIBABA_CLOUD_", "ALICLOUD_"];

/** Written into a project copy that has none: ts-node's defaults would compile classes to ES5. */
const DEFAULT_TSCONFIG = {
  compilerOptions: { strict: true, target: "ES2022", module: "commonjs", moduleResolution: "node" },
};

export interface WorkspaceOptions {
  /** A directory holding Pulumi.yaml and the program's files (its top level is copied). */
  project: string;
  stack: string;
  /** The directory whose node_modules the program resolves from. Default: installedBase(). */
  base?: string;
  /** Added to every pulumi process's environment, after the isolation variables (so it wins). */
  env?: Record<string, string>;
  config?: ConfigMap;
  /** Gets everything pulumi prints during operations run with `log`, as it arrives. */
  echo?: (text: string) => void;
  /** Language hosts the project needs besides Node.js (built once by the provisioning script). */
  hosts?: LanguageHost[];
  /**
   * Installs the provider plugin alicloud-dbs into the workspace's PULUMI_HOME from the tarball that
   * `npm run build` makes, as a user does (`pulumi plugin install resource … --file …`).
   */
  installPlugin?: boolean;
}

/** One resource of the state (the fields the tests read). */
export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  custom?: boolean;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface Deployment {
  resources?: StateResource[];
  pending_operations?: { type: string; resource: StateResource }[];
  secrets_providers?: { type: string };
  [key: string]: unknown;
}

export interface Workspace {
  readonly stack: Stack;
  /** The temp directory holding everything below. */
  readonly root: string;
  readonly projectDir: string;
  readonly homeDir: string;
  readonly backendDir: string;
  /** Callbacks for an operation's options (`stack.up(ws.log)`): they feed the transcript and echo. */
  readonly log: { onOutput(text: string): void; onError(text: string): void };
  /** Everything pulumi printed so far in operations run with `log`. */
  transcript(): string;
  /** The state as the backend stores it (secrets encrypted), read from its file: no pulumi process. */
  state(): Promise<Deployment>;
  /** Files under root whose bytes contain needle. */
  filesContaining(needle: string): Promise<string[]>;
  /** Kills what pulumi left running and deletes root. Safe to call twice. */
  dispose(): void;
}

function isolatedEnv(): Record<string, string> {
  // LocalWorkspace lays envVars over the parent's environment, and Node's spawn leaves out variables
  // whose value is undefined: that is how a parent variable is kept from the pulumi processes.
  const dropped: Record<string, string | undefined> = {};
  for (const key of Object.keys(process.env)) {
    if (DROPPED_PREFIXES.some((prefix) => key.startsWith(prefix))) dropped[key] = undefined;
  }
  return dropped as Record<string, string>;
}

async function copyProject(from: string, to: string): Promise<void> {
  if (!existsSync(path.join(from, "Pulumi.yaml"))) throw new Error(`${from} has no Pulumi.yaml`);
  await fs.mkdir(to);
  for (const entry of await fs.readdir(from, { withFileTypes: true })) {
    // A developer's own stack settings (Pulumi.dev.yaml) stay behind.
    if (entry.isFile() && !/^Pulumi\..+\.yaml$/.test(entry.name)) {
      await fs.copyFile(path.join(from, entry.name), path.join(to, entry.name));
    }
  }
  const tsconfig = path.join(to, "tsconfig.json");
  if (!existsSync(tsconfig)) await fs.writeFile(tsconfig, JSON.stringify(DEFAULT_TSCONFIG));
}

export async function createWorkspace(options: WorkspaceOptions): Promise<Workspace> {
  const [cli, base] = await Promise.all([pulumiCommand(options.hosts), options.base ?? installedBase()]);
  const root = await fs.mkdtemp(path.join(base, `${options.stack}-`));
  const projectDir = path.join(root, "project");
  const homeDir = path.join(root, "home");
  const backendDir = path.join(root, "state");
  // The language host leaves its pipe directories in TMPDIR when an update is cancelled: keep them in root.
  const tmpDir = path.join(root, "tmp");
  let disposed = false;
  const dispose = (): void => {
    if (disposed) return;
    disposed = true;
    sweepStrays(homeDir);
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await copyProject(options.project, projectDir);
    await Promise.all([homeDir, backendDir, tmpDir].map((dir) => fs.mkdir(dir)));
    const stack = await LocalWorkspace.createStack(
      { stackName: options.stack, workDir: projectDir },
      {
        pulumiCommand: cli,
        pulumiHome: homeDir,
        envVars: {
          ...isolatedEnv(),
          TMPDIR: tmpDir,
          PULUMI_BACKEND_URL: `file://${backendDir}`,
          PULUMI_CONFIG_PASSPHRASE: "pulumi-alicloud-dbs-throwaway-passphrase",
          PULUMI_SKIP_UPDATE_CHECK: "true",
          PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
          // The programs are fixture files that `tsc --noEmit` type-checks; doing it again in every
          // pulumi run costs seconds.
          PULUMI_NODEJS_TRANSPILE_ONLY: "true",
          ...OFFLINE_CREDENTIAL_ENV,
          ...options.env,
        },
      },
    );
    if (Object.keys(options.config ?? {}).length) await stack.setAllConfig(options.config ?? {});
    if (options.installPlugin) {
      const { tarball, version } = pluginBundle();
      const args = ["plugin", "install", "resource", "alicloud-dbs", version, "--file", tarball];
      await promisify(execFile)(cli.command, args, {
        env: { ...process.env, PULUMI_HOME: homeDir, PULUMI_SKIP_UPDATE_CHECK: "true" },
      });
    }
    const { name: project } = await stack.workspace.projectSettings();
    const stateFile = path.join(backendDir, ".pulumi", "stacks", project, `${options.stack}.json`);
    const chunks: string[] = [];
    const record = (text: string): void => {
      chunks.push(text);
      options.echo?.(text);
    };
    return {
      stack,
      root,
      projectDir,
      homeDir,
      backendDir,
      log: { onOutput: record, onError: record },
      transcript: () => chunks.join(""),
      async state() {
        const file = JSON.parse(await fs.readFile(stateFile, "utf8")) as {
          checkpoint: { latest?: Deployment };
        };
        return file.checkpoint.latest ?? {};
      },
      async filesContaining(needle) {
        const found: string[] = [];
        const wanted = Buffer.from(needle, "utf8");
        for (const entry of await fs.readdir(root, { withFileTypes: true, recursive: true })) {
          const file = path.join(entry.parentPath, entry.name);
          if (entry.isFile() && (await fs.readFile(file)).includes(wanted)) found.push(file);
        }
        return found;
      },
      dispose,
    };
  } catch (error) {
    dispose();
    throw error;
  }
}
