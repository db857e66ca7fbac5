#!/usr/bin/env node
// The `pulumi-resource-alicloud-dbs` plugin process: serves the provider on a loopback port and prints
// the port as its first line, as the engine expects. The engine's address (the first argument) is
// watched: when the engine is gone, the plugin ends its waits as a cancel does and exits.
import { watchEngine } from "./engineWatch";
import { startPluginServer } from "./server";

/** How long calls still running may take to answer once the engine is gone; nothing new starts meanwhile. */
const ORPHAN_GRACE_MS = 200;

startPluginServer().then(
  (server) => {
    process.stdout.write(`${server.port}\n`);
    const stop = () => void server.close().then(() => process.exit(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    watchEngine(process.argv[2], () => {
      stop();
      setTimeout(() => process.exit(0), ORPHAN_GRACE_MS);
    });
  },
  (error: unknown) => {
    process.stderr.write(`pulumi-resource-alicloud-dbs: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
