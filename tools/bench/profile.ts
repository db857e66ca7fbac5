/**
 * Where the time of `pulumi up` goes: its preview and its update measured apart on a fresh stack, with
 * the CPU time of each process role and of the bench process (the emulator), for ours, the baseline and
 * our resource's own registration behind a no-op provider ("wide"); and the time to load the package.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Emulator } from "../../packages/emulator/src";
import { FULL_DOWNLOAD_TYPE } from "../harness/deployment";
import { installedBase } from "../harness/installedProject";
import type { Workspace } from "../harness/workspace";
import { progress } from "./progress";
import type { PhaseProfile, ProfileVariant, Registration, Role, UpProfile } from "./results";
import { median, PROFILE_VARIANTS, ROLES, seconds } from "./results";
import { ProcessSampler } from "./sampler";
import { disposeStack, freshStack, runCli } from "./stacks";

const execFileAsync = promisify(execFile);
const CREATE = "CreateFullBackupSetDownload";
/** The package's entry, and the module each provider process loads (a stable path, see README). */
const MODULES = ["pulumi-alicloud-dbs", "pulumi-alicloud-dbs/dist/provider/fullBackupSetDownloadProvider.js"];

/** Median ms to require each module in a fresh node in the installed base, after @pulumi/pulumi. */
async function requireTimes(): Promise<Record<string, number>> {
  const base = await installedBase();
  const times: Record<string, number> = {};
  for (const module of MODULES) {
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const script =
        "require('@pulumi/pulumi'); const t = process.hrtime.bigint(); " +
        `require(${JSON.stringify(module)}); console.log(Number(process.hrtime.bigint() - t) / 1e6);`;
      samples.push(Number((await execFileAsync("node", ["-e", script], { cwd: base })).stdout));
    }
    times[module] = median(samples);
  }
  return times;
}

/** What one FullBackupSetDownload registers, read from its `pulumi up`: the shape of the "wide" variant. */
async function realRegistration(emulator: Emulator): Promise<Registration> {
  const ws = await freshStack(emulator, { variant: "ours", count: "1" });
  try {
    await runCli(ws, ["up"]);
    const outputs = JSON.parse((await runCli(ws, ["stack", "output", "--json"])).stdout) as {
      declaredProperties: string[];
    };
    const resource = (await ws.state()).resources?.find((r) => r.type === FULL_DOWNLOAD_TYPE);
    if (!resource) throw new Error(`no ${FULL_DOWNLOAD_TYPE} in the state`);
    // The engine records a dependency list for every property registered with a value.
    const withValue = Object.keys((resource.propertyDependencies ?? {}) as object).filter(
      (key) => key !== "__provider",
    );
    return {
      properties: outputs.declaredProperties,
      inputs: Object.fromEntries(withValue.map((key) => [key, resource.inputs?.[key]])),
      secretOutputs: (resource.additionalSecretOutputs ?? []) as string[],
    };
  } finally {
    disposeStack(ws);
  }
}

export async function profileUp(emulator: Emulator, n: number, runs: number): Promise<UpProfile> {
  const raw: Record<ProfileVariant, Record<string, number[]>> = { ours: {}, baseline: {}, wide: {} };
  const add = (variant: ProfileVariant, key: string, value: number): void =>
    void (raw[variant][key] = [...(raw[variant][key] ?? []), value]);
  const phase = async (
    ws: Workspace,
    variant: ProfileVariant,
    name: string,
    args: string[],
  ): Promise<number> => {
    const sampler = new ProcessSampler(ws.homeDir);
    sampler.start();
    const result = await runCli(ws, args);
    const { cpuSeconds } = sampler.stop();
    add(variant, `${name}.wallMs`, result.durationMs);
    for (const role of ROLES) add(variant, `${name}.${role}`, cpuSeconds[role]);
    return result.durationMs;
  };
  const registration = await realRegistration(emulator);
  progress(
    `profile: FullBackupSetDownload declares ${registration.properties.length} properties, registers ` +
      `${Object.keys(registration.inputs).join(", ")} with a value, secret outputs ${registration.secretOutputs.join(", ")}`,
  );
  for (let run = 0; run < runs; run++) {
    for (const variant of PROFILE_VARIANTS) {
      const config = { variant, count: String(n), registration: JSON.stringify(registration) };
      const ws = await freshStack(emulator, config);
      try {
        const previewMs = await phase(ws, variant, "preview", ["preview"]);
        emulator.clearRequests();
        const cpuBefore = process.cpuUsage();
        const updateMs = await phase(ws, variant, "update", ["up", "--skip-preview"]);
        const cpu = process.cpuUsage(cpuBefore);
        add(variant, "emulatorCpuSeconds", (cpu.user + cpu.system) / 1e6);
        const at = emulator.requestsFor(CREATE).map((r) => r.at);
        add(variant, "createWindowMs", at.length ? Math.max(...at) - Math.min(...at) : 0);
        await runCli(ws, ["destroy"]);
        progress(
          `profile N=${n} run ${run + 1}/${runs} ${variant}: preview ${seconds(previewMs)}, ` +
            `up --skip-preview ${seconds(updateMs)}`,
        );
      } finally {
        disposeStack(ws);
      }
    }
  }
  const medians = (variant: ProfileVariant): UpProfile["variants"][ProfileVariant] => {
    const m = (key: string): number => median(raw[variant][key]);
    const phaseOf = (name: string): PhaseProfile => ({
      wallMs: m(`${name}.wallMs`),
      cpuSeconds: Object.fromEntries(ROLES.map((role) => [role, m(`${name}.${role}`)])) as Record<
        Role,
        number
      >,
    });
    return {
      preview: phaseOf("preview"),
      update: phaseOf("update"),
      emulatorCpuSeconds: m("emulatorCpuSeconds"),
      createWindowMs: m("createWindowMs"),
    };
  };
  return {
    n,
    runs,
    registration: {
      properties: registration.properties,
      withValue: Object.keys(registration.inputs),
      secretOutputs: registration.secretOutputs,
    },
    variants: { ours: medians("ours"), baseline: medians("baseline"), wide: medians("wide") },
    requireMs: await requireTimes(),
  };
}
