#!/usr/bin/env node
// The `pulumi-resource-alicloud-dbs` plugin process.
import { runPluginProcess } from "./providerServer";
import { startPluginServer } from "./server";

runPluginProcess("pulumi-resource-alicloud-dbs", () => startPluginServer());
