#!/usr/bin/env node
// The `pulumi-resource-alicloud-dbs` plugin process: serves the provider on a loopback port and prints
// the port as its first line, as the engine expects. The engine's address (the first argument) is not
// needed: the provider logs nothing through it.
import { startPluginServer } from "./server";

startPluginServer().then(
  (server) => {
    process.stdout.write(`${server.port}\n`);
    const stop = () => void server.close().then(() => process.exit(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  },
  (error: unknown) => {
    process.stderr.write(`pulumi-resource-alicloud-dbs: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
