/** Validation of DBS request parameters; each failure is the gateway's 400 error. */
import { invalidParameter, missingParameter } from "./errors";

export type Params = Record<string, string>;

export const DATA_FORMATS = ["Native", "SQL", "CSV", "JSON"] as const;
const PAGE_SIZES = [30, 50, 100];
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function required(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === "") throw missingParameter(name);
  return value;
}

/** One of `allowed` (case-sensitive, like the documented enums), or undefined when absent or empty. */
export function choice(params: Params, name: string, allowed: readonly string[]): string | undefined {
  const value = params[name];
  if (value === undefined || value === "") return undefined;
  if (!allowed.includes(value)) throw invalidParameter(name, value, `Valid values: ${allowed.join(", ")}.`);
  return value;
}

export function dataFormat(params: Params, fallback: (typeof DATA_FORMATS)[number]): string {
  return choice(params, "BackupSetDataFormat", DATA_FORMATS) ?? fallback;
}

/** "true" or "false", as the SDK sends a boolean; undefined when absent or empty. */
export function flag(params: Params, name: string): boolean | undefined {
  const value = choice(params, name, ["true", "false"]);
  return value === undefined ? undefined : value === "true";
}

/** An empty ClientToken counts as absent. */
export function clientToken(params: Params): string | undefined {
  const value = params["ClientToken"];
  if (value === undefined || value === "") return undefined;
  if (value.length > 64 || !PRINTABLE_ASCII.test(value)) {
    throw invalidParameter("ClientToken", value, "It must be at most 64 printable ASCII characters.");
  }
  return value;
}

/** A non-negative integer, or undefined when absent. */
export function wholeNumber(params: Params, name: string): number | undefined {
  const value = params[name];
  if (value === undefined || value === "") return undefined;
  if (!/^\d{1,15}$/.test(value)) throw invalidParameter(name, value);
  return Number(value);
}

export function paging(params: Params): { pageNum: number; pageSize: number } {
  const pageNum = wholeNumber(params, "PageNum") ?? 0;
  const pageSize = wholeNumber(params, "PageSize") ?? 30;
  if (!PAGE_SIZES.includes(pageSize)) {
    throw invalidParameter("PageSize", params["PageSize"], "Valid values: 30, 50, 100.");
  }
  return { pageNum, pageSize };
}

export function page<T>(items: T[], pageNum: number, pageSize: number) {
  return {
    PageNum: pageNum,
    PageSize: pageSize,
    TotalElements: items.length,
    TotalPages: Math.ceil(items.length / pageSize),
    items: items.slice(pageNum * pageSize, (pageNum + 1) * pageSize),
  };
}
