/**
 * OIDC tokens (JWTs) as AssumeRoleWithOIDC reads them, and a maker of test tokens.
 * The emulator checks the form and the claims but cannot check the signature: it has no JWKS of the
 * issuer to fetch. Any signature part is accepted, so a token made by `emulatorOidcToken` passes.
 */
import { randomBytes } from "node:crypto";
import { DEFAULT_OIDC_PROVIDER } from "./seed";
import { stsErrors } from "./stsErrors";

/** The asymmetric algorithms an OIDC provider signs with; STS refuses HS256 and "none" by name. */
const ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export interface OidcClaims {
  iss: string;
  sub: string;
  /** `aud` as a list, whether the token had a string or an array. */
  aud: string[];
  /** UNIX seconds. */
  exp: number;
  iat?: number;
}

function decodeJson(part: string): Record<string, unknown> {
  if (!BASE64URL.test(part)) throw stsErrors.tokenEncoding();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    throw stsErrors.tokenContent();
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw stsErrors.tokenContent();
  return value as Record<string, unknown>;
}

const isString = (value: unknown): value is string => typeof value === "string" && value !== "";
/** UNIX seconds that a Date can hold. */
const isTime = (value: unknown): value is number =>
  typeof value === "number" && Number.isFinite(value) && Math.abs(value) <= 8.64e12;

/** The token's claims, or the ApiError STS answers for a malformed token. Expiry is checked by the caller. */
export function readOidcToken(token: string): OidcClaims {
  if (token === "") throw stsErrors.tokenEmpty();
  const parts = token.trim().split(".");
  if (parts.length !== 3) throw stsErrors.tokenParts();
  const header = decodeJson(parts[0]);
  const payload = decodeJson(parts[1]);
  if (!BASE64URL.test(parts[2])) throw stsErrors.tokenEncoding();
  const alg = header["alg"];
  if (typeof alg !== "string" || !ALGORITHMS.includes(alg)) throw stsErrors.tokenAlgorithm(String(alg));
  const { iss, sub, aud, exp, iat } = payload;
  const audience = typeof aud === "string" ? [aud] : aud;
  if (
    !isString(iss) ||
    !isString(sub) ||
    !isTime(exp) ||
    (iat !== undefined && !isTime(iat)) ||
    !Array.isArray(audience) ||
    audience.length === 0 ||
    !audience.every(isString)
  ) {
    throw stsErrors.tokenContent();
  }
  return { iss, sub, aud: audience, exp, iat };
}

export interface OidcTokenOptions {
  /** Default: DEFAULT_OIDC_PROVIDER's issuer, https://token.actions.githubusercontent.com. */
  issuer?: string;
  /** Default "sts.aliyuncs.com". */
  audience?: string | string[];
  /** Default "repo:example/infra:ref:refs/heads/main". */
  subject?: string;
  /** Default 300; negative for a token that has already expired. */
  expiresInSeconds?: number;
  /** Default "RS256". */
  algorithm?: string;
  /** Default: real now. */
  now?: number;
}

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A well-formed OIDC token with a random (unverifiable) signature, for AssumeRoleWithOIDC tests. */
export function emulatorOidcToken(options: OidcTokenOptions = {}): string {
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const header = { alg: options.algorithm ?? "RS256", typ: "JWT", kid: "alicloud-dbs-emulator" };
  const payload = {
    iss: options.issuer ?? DEFAULT_OIDC_PROVIDER.issuerUrl,
    aud: options.audience ?? DEFAULT_OIDC_PROVIDER.clientIds[0],
    sub: options.subject ?? "repo:example/infra:ref:refs/heads/main",
    iat: now,
    nbf: now,
    exp: now + (options.expiresInSeconds ?? 300),
  };
  return `${base64url(header)}.${base64url(payload)}.${randomBytes(64).toString("base64url")}`;
}
