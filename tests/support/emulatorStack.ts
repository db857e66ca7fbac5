// What every e2e test starts from: an emulator on a free loopback port and a stack in a throwaway
// backend whose provider settings point at that emulator.
import type { ConfigMap } from "@pulumi/pulumi/automation";
import type { Emulator, EmulatorCredential, EmulatorOptions } from "../../packages/emulator/src";
import { DEFAULT_CREDENTIAL, startEmulator } from "../../packages/emulator/src";
import type { LanguageHost } from "../../tools/harness/pulumiCli";
import type { Workspace } from "../../tools/harness/workspace";
import { createWorkspace } from "../../tools/harness/workspace";

export const REGION = "cn-hangzhou";

export interface EmulatorStackOptions {
  /** The project directory (a fixture or an example): copied into an installed base. */
  project: string;
  stack: string;
  /** Default: the base of installedProject.ts that every project of the process shares. */
  base?: string;
  /** Besides `port: 0`. Its credentials default to `[credential]`. */
  emulator?: EmulatorOptions;
  /** Default DEFAULT_CREDENTIAL. */
  credential?: EmulatorCredential;
  /**
   * Where the provider finds region and credentials: the dynamic resources' stack config
   * (`alicloud:*`, the secret ones encrypted), the plugin's (`alicloud-dbs:*`), or the environment
   * (`ALIBABA_CLOUD_REGION_ID`, `ALIBABA_CLOUD_ACCESS_KEY_*`), which both read; or only the region
   * from the environment, the credentials being the test's business (OIDC).
   */
  settingsFrom: "config" | "plugin-config" | "env" | "region-only";
  /** More environment for every pulumi command. */
  env?: Record<string, string>;
  /** More stack config (plaintext). */
  config?: Record<string, string>;
  echo?: (text: string) => void;
  /** Language hosts the project needs besides Node.js. */
  hosts?: LanguageHost[];
  /** Installs the alicloud-dbs plugin from its tarball into the stack's PULUMI_HOME. */
  installPlugin?: boolean;
}

export interface EmulatorStack {
  emulator: Emulator;
  ws: Workspace;
  dispose(): Promise<void>;
}

function settingsConfig(credential: EmulatorCredential, namespace: string): ConfigMap {
  return {
    [`${namespace}:region`]: { value: REGION },
    [`${namespace}:accessKey`]: { value: credential.accessKeyId },
    [`${namespace}:secretKey`]: { value: credential.accessKeySecret, secret: true },
    ...(credential.securityToken && {
      [`${namespace}:securityToken`]: { value: credential.securityToken, secret: true },
    }),
  };
}

function settingsEnv(credential: EmulatorCredential): Record<string, string> {
  return {
    ALIBABA_CLOUD_REGION_ID: REGION,
    ALIBABA_CLOUD_ACCESS_KEY_ID: credential.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: credential.accessKeySecret,
    ...(credential.securityToken && { ALIBABA_CLOUD_SECURITY_TOKEN: credential.securityToken }),
  };
}

export async function startEmulatorStack(options: EmulatorStackOptions): Promise<EmulatorStack> {
  const credential = options.credential ?? DEFAULT_CREDENTIAL;
  const emulator = await startEmulator({ credentials: [credential], ...options.emulator, port: 0 });
  const { settingsFrom } = options;
  const fromEnv = settingsFrom === "env" || settingsFrom === "region-only";
  const plain = Object.fromEntries(Object.entries(options.config ?? {}).map(([k, value]) => [k, { value }]));
  try {
    const ws = await createWorkspace({
      project: options.project,
      stack: options.stack,
      base: options.base,
      env: {
        ALIBABA_CLOUD_DBS_ENDPOINT: emulator.url,
        ...(settingsFrom === "env" && settingsEnv(credential)),
        ...(settingsFrom === "region-only" && { ALIBABA_CLOUD_REGION_ID: REGION }),
        ...options.env,
      },
      config: {
        ...(!fromEnv && settingsConfig(credential, settingsFrom === "config" ? "alicloud" : "alicloud-dbs")),
        ...plain,
      },
      echo: options.echo,
      hosts: options.hosts,
      installPlugin: options.installPlugin,
    });
    return {
      emulator,
      ws,
      async dispose() {
        ws.dispose();
        await emulator.close();
      },
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}
