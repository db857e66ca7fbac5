// Property values: the engine's unknown, and checks of single input values, each naming the property,
// the value and what is allowed. Pure.
import type { BackupSetDataFormat } from "../dbs/types";
import { CLIENT_TOKEN_MAX_LENGTH } from "./clientToken";
import { disallowedCharacter, quoted } from "./identifier";

export type PropertyBag = Record<string, unknown>;

/** The engine's placeholder for a value not known yet (preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface CheckFailure {
  property: string;
  reason: string;
}

export const DATA_FORMATS: readonly BackupSetDataFormat[] = ["Native", "SQL", "CSV", "JSON"];

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

export function describe(value: unknown): string {
  if (typeof value === "string") return quoted(value);
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

/** An identifier (backup set, plan, binlog name): 1 to 128 printable ASCII characters without spaces. */
export function checkIdentifier(
  property: string,
  value: unknown,
  example: string,
  what = "a backup set ID",
): CheckFailure | undefined {
  if (value === UNKNOWN) return undefined;
  if (value === undefined || value === null || value === "") {
    return { property, reason: `${property} is required: ${what} such as "${example}"` };
  }
  if (typeof value !== "string") {
    return { property, reason: `${property} must be a string such as "${example}", got ${describe(value)}` };
  }
  const disallowed = disallowedCharacter(value);
  if (disallowed) {
    const allowed = `use printable ASCII characters without spaces (letters, digits, punctuation) such as "${example}"`;
    return { property, reason: `${property} ${describe(value)} is not allowed: ${disallowed}; ${allowed}` };
  }
  if (value.length > 128) {
    return {
      property,
      reason: `${property} ${describe(value)} is ${value.length} characters long; at most 128 are allowed`,
    };
  }
  return undefined;
}

/**
 * The API's format values are case-sensitive, so a wrong case is rejected (with the right spelling
 * suggested) rather than silently corrected: what is in the program is what is sent.
 */
export function checkDataFormat(property: string, value: unknown): CheckFailure | undefined {
  if (value === undefined || value === UNKNOWN) return undefined;
  const allowed = DATA_FORMATS.join(", ");
  if (typeof value === "string" && DATA_FORMATS.includes(value as BackupSetDataFormat)) return undefined;
  const match =
    typeof value === "string"
      ? DATA_FORMATS.find((f) => f.toLowerCase() === value.trim().toLowerCase())
      : undefined;
  const suggestion = match ? ` (values are case-sensitive: did you mean "${match}"?)` : "";
  return {
    property,
    reason: `${property} ${describe(value)} is not allowed: use one of ${allowed}${suggestion}`,
  };
}

export function checkClientToken(property: string, value: unknown): CheckFailure | undefined {
  if (value === undefined || value === UNKNOWN) return undefined;
  if (typeof value !== "string") {
    return { property, reason: `${property} must be a string, got ${describe(value)}` };
  }
  if (value.length === 0 || value.length > CLIENT_TOKEN_MAX_LENGTH || !/^[\x21-\x7e]+$/.test(value)) {
    return {
      property,
      reason:
        `${property} ${describe(value)} is not allowed: use 1 to ${CLIENT_TOKEN_MAX_LENGTH} printable ASCII ` +
        `characters without spaces (got ${value.length} characters), or leave it unset to derive one`,
    };
  }
  return undefined;
}

export function checkTriggers(property: string, value: unknown): CheckFailure | undefined {
  if (value === undefined || value === null || containsUnknown(value)) return undefined;
  if (typeof value !== "object") {
    return {
      property,
      reason: `${property} must be an array or an object of values, got ${describe(value)}`,
    };
  }
  return undefined;
}

export function checkBoolean(property: string, value: unknown): CheckFailure | undefined {
  if (value === undefined || value === UNKNOWN || typeof value === "boolean") return undefined;
  return { property, reason: `${property} must be true or false, got ${JSON.stringify(value)}` };
}

/** A number greater than 0 and at most `max` (minutes, seconds…). */
export function checkPositiveNumber(property: string, value: unknown, max: number, unit: string) {
  if (value === undefined || value === UNKNOWN) return undefined;
  if (typeof value === "number" && Number.isFinite(value) && value > 0 && value <= max) return undefined;
  return {
    property,
    reason: `${property} must be a number of ${unit} greater than 0 and at most ${max}, got ${JSON.stringify(value)}`,
  };
}
