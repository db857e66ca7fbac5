// The lookup functions for TypeScript programs: they run in the program's process (not in the provider),
// with the same settings as the resources: the stack config (alicloud:*, alicloud-dbs:*), then the env.
import * as pulumi from "@pulumi/pulumi";
import type {
  FullBackupSet,
  GetLatestFullBackupSetArgs,
  IncrementBackupSet,
  ListBackupSetsArgs,
  ListFullBackupSetsArgs,
} from "../core/lookups";
import * as lookups from "../core/lookups";
import type { ProviderSettings } from "../core/settings";
import { readSettings } from "../core/settings";
import { DYNAMIC_CONFIG_KEYS } from "./provider";

type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** The settings a lookup runs with, once its arguments passed every check (all problems at once). */
function checkedSettings(fn: string, args: Partial<ListFullBackupSetsArgs>): ProviderSettings {
  const configs: Record<string, pulumi.Config> = {};
  const result = readSettings(
    DYNAMIC_CONFIG_KEYS,
    (key) => {
      const [namespace, name] = key.split(":");
      configs[namespace] ??= new pulumi.Config(namespace);
      return configs[namespace].get(name);
    },
    process.env,
  );
  const failures = lookups.checkLookup(args, result);
  if (failures.length > 0) throw new Error(`${fn}: ${failures.map((f) => f.reason).join("; ")}`);
  return result.settings;
}

/** All full backup sets of a plan (DescribeFullBackupList, every page). */
export async function listFullBackupSets(args: ListFullBackupSetsArgs): Promise<FullBackupSet[]> {
  return lookups.listFullBackupSets(checkedSettings("listFullBackupSets", args), args);
}

/** All incremental backup sets of a plan (DescribeIncrementBackupList, every page). */
export async function listIncrementBackupSets(args: ListBackupSetsArgs): Promise<IncrementBackupSet[]> {
  return lookups.listIncrementBackupSets(checkedSettings("listIncrementBackupSets", args), args);
}

/** The newest (by finish time) full backup set of a plan with status `finish`. */
export async function getLatestFullBackupSet(args: GetLatestFullBackupSetArgs): Promise<FullBackupSet> {
  const settings = checkedSettings("getLatestFullBackupSet", {
    backupPlanId: args.backupPlanId,
    region: args.region,
  });
  return lookups.getLatestFullBackupSet(settings, args);
}

export function listFullBackupSetsOutput(
  args: Inputs<ListFullBackupSetsArgs>,
): pulumi.Output<FullBackupSet[]> {
  return pulumi.output(args).apply((a) => listFullBackupSets(a as ListFullBackupSetsArgs));
}

export function listIncrementBackupSetsOutput(
  args: Inputs<ListBackupSetsArgs>,
): pulumi.Output<IncrementBackupSet[]> {
  return pulumi.output(args).apply((a) => listIncrementBackupSets(a as ListBackupSetsArgs));
}

export function getLatestFullBackupSetOutput(
  args: Inputs<GetLatestFullBackupSetArgs>,
): pulumi.Output<FullBackupSet> {
  return pulumi.output(args).apply((a) => getLatestFullBackupSet(a as GetLatestFullBackupSetArgs));
}
