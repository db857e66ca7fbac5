// The lookup functions as a program calls them: bad arguments are refused in the program's process,
// before any client exists, with every problem in one message that names the function.
import { strict as assert } from "node:assert";
import { getLatestFullBackupSet, listFullBackupSets, listIncrementBackupSets } from "../../provider";

describe("lookup functions refuse bad arguments, naming themselves", () => {
  before(() => (process.env.ALIBABA_CLOUD_REGION_ID = "cn-hangzhou"));
  after(() => delete process.env.ALIBABA_CLOUD_REGION_ID);

  const rows: [string, () => Promise<unknown>, string][] = [
    [
      "listFullBackupSets",
      () => listFullBackupSets({ backupPlanId: "" }),
      'listFullBackupSets: backupPlanId is required: a backup plan ID such as "dbstooi****"',
    ],
    [
      "listIncrementBackupSets",
      () => listIncrementBackupSets({ backupPlanId: "dbs plan" }),
      'listIncrementBackupSets: backupPlanId "dbs plan" is not allowed: character 4 is a space; ' +
        'use printable ASCII characters without spaces (letters, digits, punctuation) such as "dbstooi****"',
    ],
    [
      "getLatestFullBackupSet",
      () => getLatestFullBackupSet({ backupPlanId: 7 as unknown as string }),
      'getLatestFullBackupSet: backupPlanId must be a string such as "dbstooi****", got number 7',
    ],
    [
      "every problem at once",
      () => listFullBackupSets({ backupPlanId: "", startTimestamp: -2, region: "Hangzhou" }),
      'listFullBackupSets: backupPlanId is required: a backup plan ID such as "dbstooi****"; ' +
        'startTimestamp number -2 is not allowed: use epoch milliseconds, a whole number >= 0 (e.g. Date.parse("2026-10-01T00:00:00Z")); ' +
        'region "Hangzhou" (from the region argument) is not a region ID such as "cn-hangzhou"',
    ],
  ];
  for (const [what, call, message] of rows) {
    it(what, async () => {
      await assert.rejects(call(), { message });
    });
  }
});
