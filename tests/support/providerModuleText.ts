import * as path from "path";

const PROVIDER_DIR = path.resolve(__dirname, "..", "..", "provider");

/**
 * A `__provider` text that requires the provider module, as the installed package's does, but from
 * the TypeScript sources. For tests of creates that fail after the task exists: the engine gets the
 * whole state back in a gRPC trailer, and Node's HTTP/2 client (unlike the engine's Go client) drops
 * a trailer that large when `__provider` is the ~60 KB by-value copy of the sources.
 */
export function providerModuleText(kind: "full" | "increment"): string {
  const file = path.join(PROVIDER_DIR, `${kind}BackupSetDownloadProvider.ts`);
  return (
    `exports.handler = () => { require("ts-node").register({ transpileOnly: true }); ` +
    `return require(${JSON.stringify(file)}); };`
  );
}
