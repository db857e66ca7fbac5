import { spawn } from "child_process";
import * as path from "path";

import { RESULT_MARKER } from "./captureProtocol";
import { DEFAULT_PROJECT, DEFAULT_STACK } from "./dynamicProviderPlugin";

export interface Registration {
  type: string;
  name: string;
  /** As the mock monitor saw them: includes the `__provider` text; secrets keep their signature wrapper. */
  inputs: Record<string, unknown>;
  custom: boolean;
}

export interface CaptureOptions {
  project?: string;
  stack?: string;
  /** Kill the runner if it has not finished by then (default 60 s). */
  timeoutMs?: number;
  /** Over the test process's environment: e.g. secrets the program must not capture into `__provider`. */
  env?: Record<string, string>;
}

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const RUNNER = path.join(__dirname, "captureRunner.ts");

/**
 * Runs `require(modulePath)[exportName]()` under `pulumi.runtime.setMocks` in a child process (so
 * the global mock runtime cannot leak into the calling test process) and returns every resource it
 * registered, in registration order. `modulePath` is resolved against the current directory.
 */
export function captureRegistrations(
  modulePath: string,
  exportName: string,
  options: CaptureOptions = {},
): Promise<Registration[]> {
  const args = [
    "-r",
    "ts-node/register/transpile-only",
    RUNNER,
    path.resolve(modulePath),
    exportName,
    options.project ?? DEFAULT_PROJECT,
    options.stack ?? DEFAULT_STACK,
  ];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const timeoutMs = options.timeoutMs ?? 60_000;

  return new Promise<Registration[]>((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);

    child.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      const describe = (what: string): Error =>
        new Error(`captureRegistrations(${modulePath}, ${exportName}) ${what}\n--- stderr ---\n${stderr}`);
      if (timedOut) {
        reject(describe(`did not finish within ${timeoutMs} ms (does the program keep handles open?)`));
        return;
      }
      const line = stdout.split("\n").find((l) => l.startsWith(RESULT_MARKER));
      if (code !== 0 || line === undefined) {
        reject(describe(`failed (exit ${signal ?? code})`));
        return;
      }
      try {
        resolve(JSON.parse(line.slice(RESULT_MARKER.length)) as Registration[]);
      } catch (err) {
        reject(describe(`printed unparsable output: ${String(err)}`));
      }
    });
  });
}
