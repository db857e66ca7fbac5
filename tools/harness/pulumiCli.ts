/**
 * The Pulumi CLI for the e2e tests, the demo and the bench: found or built by
 * tools/toolchain/provision-pulumi-cli.sh (at most once per process), handed to the Automation API.
 */
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const PROVISION_SCRIPT = path.join(REPO_ROOT, "tools", "toolchain", "provision-pulumi-cli.sh");
/** The CLI must be the version of the SDK the programs and the Automation API run on. */
const SDK_VERSION = (require("@pulumi/pulumi/package.json") as { version: string }).version;

/** Language hosts besides Node.js that the provisioning script builds on request. */
export type LanguageHost = "yaml" | "go" | "python";

const commands = new Map<string, Promise<PulumiCommand>>();
let provisioningChild: ChildProcess | undefined;

/**
 * The CLI of the directory the provisioning script prints, with the Node.js host and the `hosts`
 * asked for next to it; the script runs at most once per process and set of hosts.
 */
export function pulumiCommand(hosts: LanguageHost[] = []): Promise<PulumiCommand> {
  const key = [...new Set(hosts)].sort().join(" ");
  const known = commands.get(key);
  if (known) return known;
  const command = provision(key ? key.split(" ") : []).then(async (binDir) => {
    // PulumiCommand.get takes an installation root and runs <root>/bin/pulumi.
    if (path.basename(binDir) !== "bin") {
      throw new Error(`the Pulumi CLI must sit in a directory named bin, got ${binDir}`);
    }
    const cli = await PulumiCommand.get({ root: path.dirname(binDir), skipVersionCheck: true });
    if (cli.version?.version !== SDK_VERSION) {
      throw new Error(
        `${cli.command} is version ${cli.version?.version ?? "unknown"}; @pulumi/pulumi is ${SDK_VERSION}: ` +
          "point PULUMI_CLI at a matching CLI, or unset it to let tools/toolchain/provision-pulumi-cli.sh build one",
      );
    }
    return cli;
  });
  commands.set(key, command);
  return command;
}

/** Stops a running provisioning script (and the Go build it started), e.g. on SIGINT. */
export function abortProvisioning(): void {
  if (provisioningChild?.pid) killGroup(provisioningChild.pid);
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

async function provision(hosts: string[]): Promise<string> {
  const child = spawn("bash", [PROVISION_SCRIPT, ...hosts], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "inherit"],
    // Its own process group, so that abortProvisioning also stops the Go build it runs.
    detached: true,
  });
  provisioningChild = child;
  const onExit = (): void => abortProvisioning();
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
      `Either put pulumi v${SDK_VERSION} and pulumi-language-nodejs on PATH (or set PULUMI_CLI=/path/to/bin/pulumi), ` +
      "or install Go >= 1.25 so the script can build them; `npm ci` must have been run first.",
  );
}
