// What every e2e test starts from: the Pulumi CLI, an emulator on a free loopback port, and a stack
// in a throwaway backend whose provider settings point at that emulator.
import type { Emulator, EmulatorCredential, EmulatorOptions } from "../../emulator";
import { DEFAULT_CREDENTIAL, startEmulator } from "../../emulator";
import type { PulumiWorkspace } from "./pulumiCli";
import { createPulumiWorkspace, ensurePulumiCli } from "./pulumiCli";

export const REGION = "cn-hangzhou";

export interface EmulatorStackOptions {
  projectDir: string;
  stack: string;
  /** Besides `port: 0`. Its credentials default to `[credential]`. */
  emulator?: EmulatorOptions;
  /** Default DEFAULT_CREDENTIAL. */
  credential?: EmulatorCredential;
  /**
   * Where the provider finds region and credentials: stack config (`alicloud:*`, the secret ones set
   * with --secret) or the environment (`ALIBABA_CLOUD_REGION_ID`, `ALIBABA_CLOUD_ACCESS_KEY_*`).
   */
  settingsFrom: "config" | "env";
  /** More environment for every pulumi command. */
  env?: Record<string, string>;
  /** More stack config, set after the settings. */
  config?: Record<string, string>;
}

export interface EmulatorStack {
  emulator: Emulator;
  ws: PulumiWorkspace;
  dispose(): Promise<void>;
}

export async function startEmulatorStack(options: EmulatorStackOptions): Promise<EmulatorStack> {
  await ensurePulumiCli();
  const credential = options.credential ?? DEFAULT_CREDENTIAL;
  const emulator = await startEmulator({ credentials: [credential], ...options.emulator, port: 0 });
  const fromEnv = options.settingsFrom === "env";
  const ws = await createPulumiWorkspace({
    projectDir: options.projectDir,
    stack: options.stack,
    env: {
      ALIBABA_CLOUD_DBS_ENDPOINT: emulator.url,
      ...(fromEnv && {
        ALIBABA_CLOUD_REGION_ID: REGION,
        ALIBABA_CLOUD_ACCESS_KEY_ID: credential.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: credential.accessKeySecret,
        ...(credential.securityToken && { ALIBABA_CLOUD_SECURITY_TOKEN: credential.securityToken }),
      }),
      ...options.env,
    },
  });
  const dispose = async (): Promise<void> => {
    await ws.dispose();
    await emulator.close();
  };
  try {
    await ws.stackInit();
    if (!fromEnv) {
      await ws.configSet("alicloud:region", REGION);
      await ws.configSet("alicloud:accessKey", credential.accessKeyId);
      await ws.configSet("alicloud:secretKey", credential.accessKeySecret, { secret: true });
      if (credential.securityToken) {
        await ws.configSet("alicloud:securityToken", credential.securityToken, { secret: true });
      }
    }
    for (const [key, value] of Object.entries(options.config ?? {})) await ws.configSet(key, value);
  } catch (error) {
    await dispose();
    throw error;
  }
  return { emulator, ws, dispose };
}
