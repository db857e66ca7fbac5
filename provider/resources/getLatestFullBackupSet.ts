// getLatestFullBackupSet: the newest full backup set of a backup plan with status `finish`.
import { checkLookup, LIST_INPUTS } from "../lib/backupSets";
import type { FunctionDefinition, InputsOf } from "../lib/definition";
import type { FullBackupSet } from "./listFullBackupSets";
import { FULL_BACKUP_SET, listFullBackupSets } from "./listFullBackupSets";

const inputs = { backupPlanId: LIST_INPUTS.backupPlanId, region: LIST_INPUTS.region };

export type GetLatestFullBackupSetArgs = InputsOf<typeof inputs>;

/** The newest (by finish time, then end, then start time) full backup set with status `finish`. */
export function latestFinished(sets: FullBackupSet[]): FullBackupSet | undefined {
  const key = (s: FullBackupSet) => s.finishTime ?? s.endTime ?? s.startTime ?? 0;
  return sets
    .filter((s) => s.backupStatus === "finish")
    .reduce<FullBackupSet | undefined>((best, s) => (!best || key(s) > key(best) ? s : best), undefined);
}

export const getLatestFullBackupSet: FunctionDefinition<typeof inputs, FullBackupSet> = {
  kind: "function",
  name: "getLatestFullBackupSet",
  description: "The newest full backup set of a backup plan with status `finish` (by finish time).",
  inputs,
  result: { type: FULL_BACKUP_SET },
  check: checkLookup(inputs),
  async run(settings, args) {
    const sets = await listFullBackupSets.run(settings, {
      backupPlanId: args.backupPlanId,
      region: args.region,
    });
    const latest = latestFinished(sets);
    if (!latest) {
      throw new Error(
        `backup plan ${args.backupPlanId} has no full backup set with status "finish" (it has ${sets.length} full backup sets)`,
      );
    }
    return latest;
  },
};
