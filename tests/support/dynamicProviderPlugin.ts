// Pulumi's dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`, the plugin behind every
// `pulumi.dynamic.Resource`) as a provider plugin process, started the way `pulumi-resource-pulumi-nodejs`
// starts it. Glue over providerPlugin.ts.
import * as path from "path";

import type { ProviderPlugin } from "./providerPlugin";
import { startProviderPlugin } from "./providerPlugin";
import type { ConfigureOptions } from "./providerRpc";

export const DEFAULT_PROJECT = "test-project";
export const DEFAULT_STACK = "test";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface DynamicPluginOptions {
  /** Over the test process's environment (see ProviderPluginOptions.env). */
  env?: Record<string, string | undefined>;
  /** False: the plugin sees only `env` (plus the project and stack). */
  inheritEnv?: boolean;
  /** Working directory of the plugin; defaults to the repo root so that `@pulumi/pulumi` resolves. */
  cwd?: string;
  project?: string;
  stack?: string;
}

export function startDynamicProviderPlugin(options: DynamicPluginOptions = {}): Promise<ProviderPlugin> {
  const cwd = options.cwd ?? REPO_ROOT;
  const host = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [cwd] });
  return startProviderPlugin({
    command: process.execPath,
    // The engine address is required but never dialled.
    args: [host, "127.0.0.1:1"],
    cwd,
    inheritEnv: options.inheritEnv,
    // The engine's language plumbing exports these; the host reads the project to namespace
    // un-prefixed keys in `req.config.get()`.
    env: {
      PULUMI_NODEJS_PROJECT: options.project ?? DEFAULT_PROJECT,
      PULUMI_NODEJS_STACK: options.stack ?? DEFAULT_STACK,
      ...options.env,
    },
  });
}

/**
 * The Configure request the engine sends a dynamic provider: the whole stack config, namespaced, as
 * strings. The host reads `args` and hands the provider's `configure()` that config once, on the
 * first call that loads a given `__provider`: configure before any other call.
 */
export function stackConfig(config: Record<string, string>): ConfigureOptions {
  return { variables: config, args: config };
}
