/** The real Pulumi CLI for e2e tests: workspace machinery (shared with `npm run demo`) plus state helpers. */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { StackExport, StateResource } from "../../scripts/pulumiWorkspace";

export {
  createPulumiWorkspace,
  ensurePulumiCli,
  OFFLINE_CREDENTIAL_ENV,
} from "../../scripts/pulumiWorkspace";
export type {
  PulumiWorkspace,
  PulumiWorkspaceOptions,
  RunOptions,
  RunResult,
  StackExport,
  StateResource,
} from "../../scripts/pulumiWorkspace";

export const DOWNLOAD_TYPE = "pulumi-nodejs:dynamic/alicloud-dbs:FullBackupSetDownload";

export function resourcesOfType(state: StackExport, type: string): StateResource[] {
  return (state.deployment.resources ?? []).filter((r) => r.type === type);
}

/** The resource's name: the last `::` segment of its URN. */
export function resourceName(resource: StateResource): string {
  return resource.urn.slice(resource.urn.lastIndexOf("::") + 2);
}

/** Size of the serialized dynamic provider stored in a resource's state; `secret` when it was encrypted. */
export function providerSize(resource: StateResource, where: "inputs" | "outputs" = "outputs") {
  const value = resource[where]?.__provider;
  if (typeof value === "string") return { bytes: Buffer.byteLength(value, "utf8"), secret: false };
  if (value && typeof value === "object" && "ciphertext" in value) {
    return { bytes: Buffer.byteLength(String(value.ciphertext), "utf8"), secret: true };
  }
  throw new Error(`${resource.urn} has no __provider in its ${where}`);
}

/**
 * Counts from the last "Resources:" summary of a pulumi run, e.g. {created: 4} or {replaced: 1, unchanged: 3}.
 */
export function resourceSummary(stdout: string): Record<string, number> {
  const lines = stdout.split("\n");
  const start = lines.map((l) => l.trim()).lastIndexOf("Resources:");
  const counts: Record<string, number> = {};
  if (start < 0) return counts;
  for (const line of lines.slice(start + 1)) {
    const match = /^\s*(?:[-+~]+\s*)?(\d+) ([a-z ]+?)\s*$/.exec(line);
    if (!match) break;
    counts[match[2]] = Number(match[1]);
  }
  return counts;
}

/** Files under dir (recursively) whose bytes contain needle. */
export async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const found: string[] = [];
  const wanted = Buffer.from(needle, "utf8");
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if ((await fs.readFile(file)).includes(wanted)) found.push(file);
  }
  return found;
}
