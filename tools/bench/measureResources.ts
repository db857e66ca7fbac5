/**
 * `npm run bench -- --api-calls`: the emulator's requests per operation on one fresh stack of N
 * AdvancedDownload (each its own task: distinct backup sets of a bench instance) and one of N
 * BackupSetDownloadRules (distinct bench plans), through the real Pulumi CLI.
 */
import * as path from "node:path";
import type { Emulator } from "../../packages/emulator/src";
import { DEFAULT_BACKUP_PLANS, DEFAULT_INSTANCES, startEmulator } from "../../packages/emulator/src";
import { progress } from "./progress";
import type { MeasuredResource, ResourceApiCalls } from "./resourceCalls";
import { floorVerdict, RESOURCE_STEPS } from "./resourceCalls";
import { countBy, seconds } from "./results";
import { disposeStack, freshStack, runCli } from "./stacks";

const PROGRAM_DIR = path.join(__dirname, "resourcesProgram");
const INSTANCE = "rm-emulbench01";
const ids = (prefix: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(2, "0")}`);

async function measureResource(
  emulator: Emulator,
  resource: MeasuredResource,
  config: Record<string, string>,
  n: number,
): Promise<ResourceApiCalls> {
  const ws = await freshStack(emulator, config, {}, PROGRAM_DIR);
  try {
    const operations = [];
    for (const step of RESOURCE_STEPS[resource]) {
      for (const [key, value] of Object.entries(step.config ?? {})) await ws.stack.setConfig(key, { value });
      emulator.clearRequests();
      const result = await runCli(ws, step.args);
      const byAction = countBy(emulator.requests, (r) => `${r.action} ${r.statusCode}`);
      const op = { ...step, calls: emulator.requests.length, byAction };
      progress(
        `api calls, ${resource}, N=${n}: ${step.operation}: ${op.calls} calls, ${floorVerdict(op, n)} ` +
          `(${seconds(result.durationMs)})`,
      );
      operations.push(op);
    }
    return { resource, n, operations };
  } finally {
    disposeStack(ws);
  }
}

export async function measureResourceApiCalls(n: number): Promise<ResourceApiCalls[]> {
  const setIds = ids("14600700", n);
  const planIds = ids("dbsbenchplan", n);
  const emulator = await startEmulator({
    port: 0,
    instances: [
      ...DEFAULT_INSTANCES,
      {
        instanceName: INSTANCE,
        regionCode: "cn-hangzhou",
        engine: "MySQL",
        backupSets: setIds.map((backupSetId, i) => ({
          backupSetId,
          time: Date.UTC(2026, 9, 1 + i),
          size: 200 * 1024 * 1024,
        })),
      },
    ],
    backupPlans: [...DEFAULT_BACKUP_PLANS, ...planIds.map((backupPlanId) => ({ backupPlanId }))],
  });
  try {
    return [
      await measureResource(
        emulator,
        "AdvancedDownload",
        { resource: "advanced", instanceName: INSTANCE, ids: JSON.stringify(setIds) },
        n,
      ),
      await measureResource(
        emulator,
        "BackupSetDownloadRules",
        { resource: "rules", ids: JSON.stringify(planIds) },
        n,
      ),
    ];
  } finally {
    await emulator.close();
  }
}
