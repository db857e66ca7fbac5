// The plugin's functions: the lookups of core/ behind the provider protocol's Invoke. Glue.
import type { CheckFailure } from "../core/inputs";
import * as lookups from "../core/lookups";
import type { PropertyBag } from "../core/outputs";
import type { SettingsResult } from "../core/settings";
import { PACKAGE } from "./schema";

export type InvokeResult = { outputs: PropertyBag } | { failures: CheckFailure[] };

type Lookup = (settings: SettingsResult, args: PropertyBag) => Promise<InvokeResult>;

/** Checks the arguments (every problem at once, before any request), then runs the lookup. */
function lookup<A extends lookups.ListFullBackupSetsArgs | lookups.GetLatestFullBackupSetArgs>(
  run: (settings: SettingsResult["settings"], args: A) => Promise<PropertyBag>,
): Lookup {
  return async (settings, args) => {
    const failures = lookups.checkLookup(args, settings);
    if (failures.length > 0) return { failures };
    return { outputs: await run(settings.settings, args as A) };
  };
}

export const FUNCTIONS: Record<string, Lookup> = {
  [`${PACKAGE}:index:listFullBackupSets`]: lookup(async (settings, args: lookups.ListFullBackupSetsArgs) => ({
    backupSets: await lookups.listFullBackupSets(settings, args),
  })),
  [`${PACKAGE}:index:listIncrementBackupSets`]: lookup(
    async (settings, args: lookups.ListBackupSetsArgs) => ({
      backupSets: await lookups.listIncrementBackupSets(settings, args),
    }),
  ),
  [`${PACKAGE}:index:getLatestFullBackupSet`]: lookup(
    async (settings, args: lookups.GetLatestFullBackupSetArgs) => ({
      ...(await lookups.getLatestFullBackupSet(settings, args)),
    }),
  ),
};
