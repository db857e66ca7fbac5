import { createHash } from "node:crypto";

/** What a derived ClientToken depends on. Everything else (provider code, endpoint, credentials) does not. */
export interface ClientTokenSeed {
  /** The action the token is sent with, so a full and an incremental download never share a token. */
  action: string;
  project: string;
  stack: string;
  resourceName: string;
  region: string;
  /** The action's parameters as sent (e.g. BackupSetId, BackupSetDataFormat). */
  params: Record<string, string | undefined>;
  triggers?: unknown;
}

/**
 * What the token of a change to a setting depends on (BackupSetDownloadRules): the request, and the
 * token of the change it follows, so that going back to an earlier setting never reuses its token.
 */
export interface ChangeTokenSeed {
  action: string;
  region: string;
  params: Record<string, string | undefined>;
  operation: "create" | "update" | "delete" | "reapply";
  previous?: string;
  /** Set only when DBS replayed a stale token: a fresh token for the one request that follows. */
  nonce?: string;
}

/**
 * The derivation scheme is versioned: its prefix is stored with the token in state, and a stored token
 * is never recomputed, so a later scheme only applies to tasks created after it ships.
 */
export const CLIENT_TOKEN_SCHEME = "pdbs1";
export const CLIENT_TOKEN_MAX_LENGTH = 64;

/** `pdbs1-` + 40 hex characters of SHA-256 over a canonical JSON of the seed: 46 ASCII characters. */
export function deriveClientToken(seed: ClientTokenSeed | ChangeTokenSeed): string {
  const digest = createHash("sha256").update(canonicalJson(seed)).digest("hex");
  return `${CLIENT_TOKEN_SCHEME}-${digest.slice(0, 40)}`;
}

/** JSON with object keys sorted at every depth, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const entry = (value as Record<string, unknown>)[key];
      if (entry !== undefined) sorted[key] = sortKeys(entry);
    }
    return sorted;
  }
  return value;
}
