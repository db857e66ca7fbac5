/**
 * Runs the real Pulumi CLI against a throwaway local backend: used by `npm run demo` and the e2e tests.
 *
 * A workspace owns one temp directory (PULUMI_HOME, the file backend, the stack's config file) and the
 * pulumi processes it starts. Nothing is written next to the project's Pulumi.yaml: the stack config
 * lives in the temp directory (`--config-file`), so the repository stays untouched.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync, promises as fs, readdirSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "..");
const PROVISION_SCRIPT = path.join(REPO_ROOT, "scripts", "provision-pulumi-cli.sh");

/**
 * Keep the credential chain of @alicloud/credentials off the network: no ECS metadata probe, no
 * `aliyun` CLI profile. Set for every pulumi process this module starts.
 */
export const OFFLINE_CREDENTIAL_ENV: Readonly<Record<string, string>> = Object.freeze({
  ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
  ALIBABA_CLOUD_CLI_PROFILE_DISABLED: "true",
});

/** Parent variables never passed on: a developer's real cloud credentials or Pulumi login must not leak in. */
const INHERITED_PREFIXES_DROPPED = ["PULUMI_", "ALIBABA_CLOUD_", "ALICLOUD_"];

let provisioning: Promise<string> | undefined;

/**
 * The directory holding `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs`, from
 * scripts/provision-pulumi-cli.sh (which may build the CLI once, printing progress on stderr).
 * Runs the script at most once per process.
 */
export function ensurePulumiCli(): Promise<string> {
  provisioning ??= provision();
  return provisioning;
}

let provisioningChild: ChildProcess | undefined;

/** Stops a running provisioning script (and the Go build it started), e.g. on SIGINT. */
export function abortProvisioning(): void {
  if (provisioningChild) killGroup(provisioningChild, "SIGTERM");
}

async function provision(): Promise<string> {
  const child = spawn("bash", [PROVISION_SCRIPT], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  provisioningChild = child;
  const onExit = (): void => killGroup(child, "SIGKILL");
  process.once("exit", onExit);
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  const exit = await new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once("error", (error) => resolve({ code: null, error }));
    child.once("close", (code) => resolve({ code }));
  });
  provisioningChild = undefined;
  process.off("exit", onExit);
  const binDir = stdout.trim().split("\n").pop()?.trim() ?? "";
  if (exit.code === 0 && binDir && existsSync(path.join(binDir, "pulumi"))) return binDir;
  const why = exit.error ? exit.error.message : `exited with code ${exit.code}`;
  throw new Error(
    `Could not provide the Pulumi CLI: ${PROVISION_SCRIPT} ${why} (its messages are above). ` +
      "Either put pulumi v3.248.0 and pulumi-language-nodejs on PATH (or set PULUMI_CLI=/path/to/pulumi), " +
      "or install Go >= 1.25 so the script can build them; `npm ci` must have been run first.",
  );
}

export interface RunOptions {
  /** Resolve instead of rejecting when pulumi exits non-zero. */
  expectFailure?: boolean;
  /** Extra environment for this command only. */
  env?: Record<string, string>;
  /** Called with every line of stdout and stderr as it arrives (e.g. to echo it). */
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
  /** Default 240 s; the process group is killed after it. */
  timeoutMs?: number;
  /** Default: the workspace's project directory. */
  cwd?: string;
  /** Aborting it SIGKILLs pulumi and everything it started, like a CI runner killing a job. */
  kill?: AbortSignal;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** One resource of `pulumi stack export` (the fields we read). */
export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  custom?: boolean;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface StackExport {
  version: number;
  deployment: {
    resources?: StateResource[];
    secrets_providers?: { type: string };
    [key: string]: unknown;
  };
}

export interface PulumiWorkspaceOptions {
  /** The directory holding the project's Pulumi.yaml. */
  projectDir: string;
  /** Added to every pulumi process's environment (after the isolation variables, so it wins). */
  env?: Record<string, string>;
  /** Default "dev". */
  stack?: string;
  /** Passphrase of the stack's secrets provider. Default: a fixed throwaway one. */
  passphrase?: string;
}

export interface PulumiWorkspace {
  readonly projectDir: string;
  readonly stack: string;
  /** The temp directory that holds everything below. */
  readonly root: string;
  readonly homeDir: string;
  readonly backendDir: string;
  readonly configFile: string;
  readonly env: Readonly<Record<string, string>>;
  /** Every line pulumi printed so far, both streams, in order. */
  transcript(): string;
  /** Runs `pulumi <args>` with --non-interactive, --color never and the stack flags the command takes. */
  run(args: string[], options?: RunOptions): Promise<RunResult>;
  stackInit(options?: RunOptions): Promise<void>;
  configSet(key: string, value: string, options?: { secret?: boolean } & RunOptions): Promise<void>;
  exportState(): Promise<StackExport>;
  outputs(): Promise<Record<string, unknown>>;
  stackRm(options?: RunOptions): Promise<void>;
  /** Kills any pulumi process still running and deletes the temp directory. Safe to call twice. */
  dispose(): Promise<void>;
  /** The synchronous part of dispose, for process exit handlers. */
  disposeSync(): void;
}

/** Commands that operate on a stack and read its config. */
const CONFIG_COMMANDS = new Set(["up", "update", "preview", "refresh", "destroy", "config"]);
/** Commands that run without asking only with --yes. */
const YES_COMMANDS = new Set(["up", "update", "refresh", "destroy"]);
const STACK_SUBCOMMANDS = new Set(["export", "import", "output", "rm", "history", "select", "tag"]);

function stackFlags(args: string[], stack: string, configFile: string): string[] {
  const [command, sub] = args;
  const flags: string[] = [];
  if (CONFIG_COMMANDS.has(command)) flags.push("--stack", stack, "--config-file", configFile);
  else if (command === "stack" && STACK_SUBCOMMANDS.has(sub)) flags.push("--stack", stack);
  if (YES_COMMANDS.has(command) || (command === "stack" && sub === "rm")) flags.push("--yes");
  return flags;
}

function isolatedEnv(parent: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(parent)) {
    if (value === undefined || INHERITED_PREFIXES_DROPPED.some((prefix) => key.startsWith(prefix))) continue;
    env[key] = value;
  }
  return env;
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    // Negative pid: the whole process group, so the language host and the provider go too.
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Plugins run in process groups of their own, so a pulumi killed with SIGKILL (as a CI runner does)
 * leaves them running: find them by the workspace's PULUMI_HOME in their environment.
 */
function killStrays(homeDir: string): void {
  if (process.platform !== "linux") return;
  const marker = Buffer.from(`PULUMI_HOME=${homeDir}\0`);
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`).includes(marker)) process.kill(Number(pid), "SIGKILL");
    } catch {
      // Gone already, or not ours to read.
    }
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.exitCode === null && child.signalCode === null) signalGroup(child.pid, signal);
}

export async function createPulumiWorkspace(options: PulumiWorkspaceOptions): Promise<PulumiWorkspace> {
  const binDir = await ensurePulumiCli();
  const projectDir = path.resolve(options.projectDir);
  const projectFile = path.join(projectDir, "Pulumi.yaml");
  if (!existsSync(projectFile)) throw new Error(`${projectFile} does not exist`);
  const stack = options.stack ?? "dev";
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "pulumi-alicloud-dbs-"));
  const homeDir = path.join(root, "home");
  const backendDir = path.join(root, "state");
  // `pulumi stack init` always writes Pulumi.<stack>.yaml next to the Pulumi.yaml it finds, so it runs in
  // this copy of the project file; the file it writes is then moved to configFile.
  const shadowDir = path.join(root, "project");
  // The language host leaves its pipe directories in TMPDIR when an update is cancelled: keep them in root.
  const tmpDir = path.join(root, "tmp");
  const configFile = path.join(root, `Pulumi.${stack}.yaml`);
  await Promise.all(
    [homeDir, backendDir, shadowDir, tmpDir].map((dir) => fs.mkdir(dir, { recursive: true })),
  );
  await fs.copyFile(projectFile, path.join(shadowDir, "Pulumi.yaml"));

  const env: Record<string, string> = {
    ...isolatedEnv(process.env),
    PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ""}`,
    TMPDIR: tmpDir,
    PULUMI_HOME: homeDir,
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: options.passphrase ?? "pulumi-alicloud-dbs-throwaway-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    // The programs are type-checked by `tsc --noEmit` in npm test; type-checking them again in every
    // pulumi run costs ~10 s each.
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    ...OFFLINE_CREDENTIAL_ENV,
    ...options.env,
  };

  const running = new Set<ChildProcess>();
  const lines: string[] = [];
  let disposed = false;

  async function run(args: string[], runOptions: RunOptions = {}): Promise<RunResult> {
    if (disposed) throw new Error("the Pulumi workspace was disposed");
    const flags = [...stackFlags(args, stack, configFile), "--non-interactive", "--color", "never"];
    // Flags go before a `--`, after which pulumi takes everything as positional arguments.
    const split = args.includes("--") ? args.indexOf("--") : args.length;
    const fullArgs = [...args.slice(0, split), ...flags, ...args.slice(split)];
    const started = Date.now();
    const child = spawn(path.join(binDir, "pulumi"), fullArgs, {
      cwd: runOptions.cwd ?? projectDir,
      env: { ...env, ...runOptions.env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    running.add(child);
    const output = { stdout: "", stderr: "" };
    for (const stream of ["stdout", "stderr"] as const) {
      let partial = "";
      const emit = (line: string): void => {
        lines.push(line);
        runOptions.onLine?.(line, stream);
      };
      child[stream].setEncoding("utf8").on("data", (chunk: string) => {
        output[stream] += chunk;
        const parts = (partial + chunk).split("\n");
        partial = parts.pop() ?? "";
        parts.forEach(emit);
      });
      child[stream].on("end", () => partial && emit(partial));
    }
    const timeoutMs = runOptions.timeoutMs ?? 240_000;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child, "SIGKILL");
    }, timeoutMs);
    runOptions.kill?.addEventListener("abort", () => killGroup(child, "SIGKILL"), { once: true });
    const code = await new Promise<number>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (exitCode, signal) => resolve(exitCode ?? (signal ? 128 : 1)));
    }).finally(() => {
      clearTimeout(timer);
      running.delete(child);
      // Anything pulumi left behind in its process group (a plugin it could not stop) goes with it.
      signalGroup(child.pid, "SIGKILL");
    });
    const result = { code, ...output, durationMs: Date.now() - started };
    const label = `pulumi ${fullArgs.join(" ")}`;
    if (timedOut)
      throw new Error(
        `${label} did not finish within ${timeoutMs / 1000} s\n${result.stdout}${result.stderr}`,
      );
    if (code !== 0 && !runOptions.expectFailure) {
      throw new Error(
        `${label} exited with code ${code}\n--- stdout\n${result.stdout}--- stderr\n${result.stderr}`,
      );
    }
    return result;
  }

  function disposeSync(): void {
    if (disposed) return;
    disposed = true;
    for (const child of running) killGroup(child, "SIGKILL");
    killStrays(homeDir);
    rmSync(root, { recursive: true, force: true });
  }

  return {
    projectDir,
    stack,
    root,
    homeDir,
    backendDir,
    configFile,
    env,
    transcript: () => lines.join("\n"),
    run,
    async stackInit(runOptions = {}) {
      await run(["stack", "init", stack], { ...runOptions, cwd: shadowDir });
      await fs.rename(path.join(shadowDir, `Pulumi.${stack}.yaml`), configFile);
    },
    async configSet(key, value, { secret, ...runOptions } = {}) {
      // `--` so that values starting with "-" are not taken for flags.
      await run(
        ["config", "set", ...(secret ? ["--secret"] : ["--plaintext"]), key, "--", value],
        runOptions,
      );
    },
    async exportState() {
      return JSON.parse((await run(["stack", "export"])).stdout) as StackExport;
    },
    async outputs() {
      return JSON.parse((await run(["stack", "output", "--json", "--show-secrets"])).stdout) as Record<
        string,
        unknown
      >;
    },
    async stackRm(runOptions = {}) {
      // From the copy of the project: `stack rm` also deletes a Pulumi.<stack>.yaml beside Pulumi.yaml.
      await run(["stack", "rm"], { ...runOptions, cwd: shadowDir });
    },
    async dispose() {
      if (disposed) return;
      const children = [...running].filter((child) => child.exitCode === null && child.signalCode === null);
      // pulumi alone first: on SIGTERM it cancels the update and shuts its plugins down itself.
      children.forEach((child) => child.kill("SIGTERM"));
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              const timer = setTimeout(() => {
                killGroup(child, "SIGKILL");
                resolve();
              }, 5000);
              child.once("close", () => {
                clearTimeout(timer);
                resolve();
              });
            }),
        ),
      );
      disposeSync();
    },
    disposeSync,
  };
}
