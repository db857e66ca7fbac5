/** Pure queries on a stack's state (Workspace.state()). */
import type { Deployment, StateResource } from "./workspace";

export const FULL_DOWNLOAD_TYPE = "pulumi-nodejs:dynamic/alicloud-dbs:FullBackupSetDownload";
export const INCREMENT_DOWNLOAD_TYPE = "pulumi-nodejs:dynamic/alicloud-dbs:IncrementBackupSetDownload";

export function resourcesOfType(state: Deployment, type: string): StateResource[] {
  return (state.resources ?? []).filter((r) => r.type === type);
}

/** The resource's name: the last `::` segment of its URN. */
export function resourceName(resource: StateResource): string {
  return resource.urn.slice(resource.urn.lastIndexOf("::") + 2);
}

/** The serialized dynamic provider stored in a resource's outputs, and whether it was stored as a secret. */
export function storedProvider(resource: StateResource): { text: string; bytes: number; secret: boolean } {
  const value = resource.outputs?.__provider;
  if (typeof value === "string")
    return { text: value, bytes: Buffer.byteLength(value, "utf8"), secret: false };
  if (value && typeof value === "object" && "ciphertext" in value) {
    const text = String(value.ciphertext);
    return { text, bytes: Buffer.byteLength(text, "utf8"), secret: true };
  }
  throw new Error(`${resource.urn} has no __provider in its outputs`);
}

/** The modules a `__provider` text requires, e.g. the package's stable provider module. */
export function requiredModules(providerText: string): string[] {
  return [...providerText.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]);
}
