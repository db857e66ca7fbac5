import * as path from "path";

const PROVIDER_DIR = path.resolve(__dirname, "..", "..", "provider");

/**
 * A `__provider` text that loads a provider object from a TypeScript module (through ts-node), as the
 * installed package's text requires its compiled module: `member` of the module, or the module itself.
 */
export function moduleProviderText(file: string, member?: string): string {
  const loaded = `require(${JSON.stringify(file)})${member ? `[${JSON.stringify(member)}]` : ""}`;
  return `exports.handler = () => { require("ts-node").register({ transpileOnly: true }); return ${loaded}; };`;
}

/**
 * The short `__provider` of a download kind, from the sources. For tests that write a resource's inputs
 * instead of running a program, and for creates that fail after the task exists: the engine gets the
 * whole state back in a gRPC trailer, and Node's HTTP/2 client (unlike the engine's Go client) drops a
 * trailer that large when `__provider` is the ~60 KB by-value copy of the sources.
 */
export function providerModuleText(kind: "full" | "increment"): string {
  return moduleProviderText(path.join(PROVIDER_DIR, `${kind}BackupSetDownloadProvider.ts`));
}
