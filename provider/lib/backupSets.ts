// What the lookup functions over DBS's backup-set lists share: their common arguments and checks
// (pure), paging and the time window (pure), and the list calls (I/O).
import type { DbsClient } from "../dbs/client";
import type { DbsActions } from "../dbs/types";
import { openDbsClient } from "./connection";
import type { ObjectType, PropertyTable } from "./definition";
import { checkValues, optionalInput, requiredInput } from "./definition";
import type { ProviderSettings, SettingsResult } from "./settings";
import { resolveRegion } from "./settings";
import type { CheckFailure, PropertyBag } from "./values";
import { checkIdentifier, describe } from "./values";

function checkTimestamp(property: string, value: unknown): CheckFailure | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return undefined;
  return {
    property,
    reason: `${property} ${describe(value)} is not allowed: use epoch milliseconds, a whole number >= 0 (e.g. Date.parse("2026-10-01T00:00:00Z"))`,
  };
}

/** The arguments of every list lookup, in the order the schema lists them. */
export const LIST_INPUTS = {
  /** The backup plan, e.g. "dbstooi01e****". */
  backupPlanId: requiredInput<string>({
    type: "string",
    description: "The ID of the backup plan, e.g. dbstooi01e****.",
    check: (property, value) => checkIdentifier(property, value, "dbstooi****", "a backup plan ID"),
  }),
  /** Epoch milliseconds: only sets that started at or after it. */
  startTimestamp: optionalInput<number>({
    type: "integer",
    description: "Only backup sets that started at or after this time, in epoch milliseconds.",
    check: checkTimestamp,
  }),
  /** Epoch milliseconds: only sets that started at or before it. */
  endTimestamp: optionalInput<number>({
    type: "integer",
    description: "Only backup sets that started at or before this time, in epoch milliseconds.",
    check: checkTimestamp,
  }),
  /** Default: the configured region. */
  region: optionalInput<string>({
    type: "string",
    description: "The region of the backup plan. Default: the provider's region.",
  }),
};

/** Every problem with a lookup's arguments and the settings it would run with, before any request. */
export function checkLookup(inputs: PropertyTable) {
  return (args: PropertyBag, settings: SettingsResult): CheckFailure[] => {
    const failures = [
      ...checkValues(inputs, args),
      resolveRegion(args.region, settings.settings, "the region argument").failure,
      ...settings.problems.map(({ reason }) => ({ property: "", reason })),
    ].filter((failure): failure is CheckFailure => failure !== undefined);
    const { startTimestamp: start, endTimestamp: end } = args;
    if (failures.length === 0 && typeof start === "number" && typeof end === "number" && start > end) {
      failures.push({
        property: "startTimestamp",
        reason: `startTimestamp ${start} is after endTimestamp ${end}: the range would be empty`,
      });
    }
    return failures;
  };
}

export interface TimeWindow {
  startTimestamp?: number;
  endTimestamp?: number;
}

type ListAction = "DescribeFullBackupList" | "DescribeIncrementBackupList";

/** Every page of a list action: pages of 30 until the total is reached or a page comes back empty. */
export async function allPages<T>(
  fetchPage: (pageNum: number) => Promise<{ items: T[]; total: number }>,
): Promise<T[]> {
  const all: T[] = [];
  for (let pageNum = 0; ; pageNum++) {
    const { items, total } = await fetchPage(pageNum);
    all.push(...items);
    if (items.length === 0 || all.length >= total) return all;
  }
}

/** Every item of a list action, in the region asked for (default: the configured one). */
export async function listAll<A extends ListAction, T>(
  settings: ProviderSettings,
  region: string | undefined,
  action: A,
  request: Omit<DbsActions[A][0], "PageNum" | "PageSize">,
  items: (response: DbsActions[A][1]) => T[] | undefined,
): Promise<T[]> {
  const client: DbsClient = await openDbsClient(settings, (region ?? settings.region?.value) as string);
  return allPages(async (pageNum) => {
    const response = await client.call(action, { ...request, PageNum: pageNum, PageSize: 30 });
    return { items: items(response) ?? [], total: response.TotalElements };
  });
}

/**
 * What is sent for a time window, so that the answer is a superset in either reading of the API's
 * ambiguous unit (SDK 1.0.3 documents UNIX seconds, 1.0.2 and the incremental list milliseconds): the
 * start in seconds (read as milliseconds it is a bound in 1970, which keeps everything) and no end
 * (either unit read the wrong way would drop sets). The exact window is applied on our side.
 */
export function windowBounds(args: TimeWindow): { StartTimestamp?: number } {
  return args.startTimestamp === undefined ? {} : { StartTimestamp: Math.floor(args.startTimestamp / 1000) };
}

/** Whether a set's start time lies in the window; a set with no start time is outside any window. */
export function inWindow(args: TimeWindow, startTime: number | undefined): boolean {
  if (args.startTimestamp === undefined && args.endTimestamp === undefined) return true;
  if (startTime === undefined) return false;
  return startTime >= (args.startTimestamp ?? -Infinity) && startTime <= (args.endTimestamp ?? Infinity);
}

/** A result object type whose fields come from a wire item's fields. */
export type WireObjectType<W> = ObjectType & {
  properties: Record<string, ObjectType["properties"][string] & { field: keyof W }>;
};

/** One result object from a wire item; absent and empty values are left out. */
export function fromWire<W, R>(type: WireObjectType<W>, item: W): R {
  const result: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(type.properties)) {
    const value = item[spec.field];
    if (value !== undefined && value !== null && value !== "") result[name] = value;
  }
  return result as R;
}
