import { strict as assert } from "node:assert";
import { allPages } from "../../provider/lib/backupSets";
import { latestFinished } from "../../provider/resources/getLatestFullBackupSet";
import type { FullBackupSet, ListFullBackupSetsArgs } from "../../provider/resources/listFullBackupSets";
import { listFullBackupSets } from "../../provider/resources/listFullBackupSets";
import { readSettings } from "../../provider/lib/settings";
import { DYNAMIC_CONFIG_KEYS } from "../../provider/dynamic/provider";

const regional = readSettings(
  DYNAMIC_CONFIG_KEYS,
  (k) => (k === "alicloud:region" ? "cn-hangzhou" : undefined),
  {},
);
const TIMESTAMP_RULE = "is not allowed: use epoch milliseconds, a whole number >= 0";

describe("lookup arguments are checked before any request", () => {
  const rows: [string, Partial<ListFullBackupSetsArgs>, RegExp][] = [
    [
      "empty backupPlanId",
      { backupPlanId: "" },
      /^backupPlanId is required: a backup plan ID such as "dbstooi\*\*\*\*"$/,
    ],
    [
      "backupPlanId with a space",
      { backupPlanId: "dbs plan" },
      /^backupPlanId "dbs plan" is not allowed: character 4 is a space;/,
    ],
    [
      "backupPlanId as a number",
      { backupPlanId: 7 as unknown as string },
      /^backupPlanId must be a string such as "dbstooi\*\*\*\*", got number 7$/,
    ],
    [
      "negative startTimestamp",
      { startTimestamp: -1 },
      new RegExp(`^startTimestamp number -1 ${TIMESTAMP_RULE}`),
    ],
    [
      "fractional endTimestamp",
      { endTimestamp: 1.5 },
      new RegExp(`^endTimestamp number 1\\.5 ${TIMESTAMP_RULE}`),
    ],
    [
      "NaN startTimestamp",
      { startTimestamp: NaN },
      new RegExp(`^startTimestamp number NaN ${TIMESTAMP_RULE}`),
    ],
    [
      "date string as endTimestamp",
      { endTimestamp: "2026-10-01" as unknown as number },
      new RegExp(`^endTimestamp "2026-10-01" ${TIMESTAMP_RULE}`),
    ],
    [
      "start after end",
      { startTimestamp: 2000, endTimestamp: 1000 },
      /^startTimestamp 2000 is after endTimestamp 1000: the range would be empty$/,
    ],
    [
      "status in the wrong case",
      { backupSetStatus: "Finish" },
      /^backupSetStatus "Finish" is not allowed: use one of schedule, running, finish, stop, pause \(values are case-sensitive: did you mean "finish"\?\)$/,
    ],
    [
      "malformed region",
      { region: "Hangzhou" },
      /^region "Hangzhou" \(from the region argument\) is not a region ID such as "cn-hangzhou"$/,
    ],
  ];
  for (const [what, change, reason] of rows) {
    it(what, () => {
      const failures = listFullBackupSets.check({ backupPlanId: "dbsplan0001", ...change }, regional);
      assert.equal(failures.length, 1, JSON.stringify(failures));
      assert.match(failures[0].reason, reason);
    });
  }

  it("reports every problem at once, and bad settings too", () => {
    const noRegion = readSettings(
      DYNAMIC_CONFIG_KEYS,
      (k) => (k === "alicloud-dbs:maxAttempts" ? "x" : undefined),
      {},
    );
    assert.deepEqual(
      listFullBackupSets.check({ backupPlanId: "", startTimestamp: -2 }, noRegion).map((f) => f.property),
      ["backupPlanId", "startTimestamp", "region", ""],
    );
  });

  it("passes valid arguments", () => {
    assert.deepEqual(
      listFullBackupSets.check(
        { backupPlanId: "dbsplan0001", startTimestamp: 0, endTimestamp: 0, backupSetStatus: "finish" },
        regional,
      ),
      [],
    );
  });
});

describe("paging", () => {
  it("reads pages until the total is reached", async () => {
    const asked: number[] = [];
    const items = await allPages(async (pageNum) => {
      asked.push(pageNum);
      return { items: [pageNum * 2, pageNum * 2 + 1].slice(0, pageNum === 2 ? 1 : 2), total: 5 };
    });
    assert.deepEqual(items, [0, 1, 2, 3, 4]);
    assert.deepEqual(asked, [0, 1, 2]);
  });

  it("stops at an empty page even when the total says more", async () => {
    const asked: number[] = [];
    const items = await allPages(async (pageNum) => {
      asked.push(pageNum);
      return { items: pageNum === 0 ? ["a"] : [], total: 10 };
    });
    assert.deepEqual([items, asked], [["a"], [0, 1]]);
  });
});

describe("the latest finished full backup set", () => {
  const set = (backupSetId: string, backupStatus: string, times: Partial<FullBackupSet>): FullBackupSet => ({
    backupSetId,
    backupStatus,
    ...times,
  });

  it("is the finished one with the newest finish time, then end, then start time", () => {
    const sets = [
      set("old", "finish", { finishTime: 100 }),
      set("newer-running", "running", { finishTime: 900 }),
      set("new", "finish", { finishTime: 500 }),
      set("by-end", "finish", { endTime: 400 }),
      set("by-start", "finish", { startTime: 450 }),
    ];
    assert.equal(latestFinished(sets)?.backupSetId, "new");
    assert.equal(latestFinished(sets.slice(3))?.backupSetId, "by-start");
  });

  it("is none when no set finished", () => {
    assert.equal(latestFinished([set("a", "running", {}), set("b", "stop", {})]), undefined);
    assert.equal(latestFinished([]), undefined);
  });
});
