/**
 * STS 2015-04-01 on the emulator's own server: AssumeRoleWithOIDC (anonymous, as the real API and
 * @alicloud/credentials call it) and AssumeRole (signed by a key the Authenticator knows). Each issued
 * key is registered with the Authenticator, so DBS requests signed with it pass until it expires.
 */
import { createHash, randomBytes } from "node:crypto";
import { ACCOUNT_ID } from "./accessDenied";
import { principalOf, type Authenticator } from "./auth";
import { missingParameter } from "./errors";
import { readOidcToken, type OidcClaims } from "./oidcToken";
import type { Params } from "./params";
import { stsErrors } from "./stsErrors";
import type { EmulatorCredential, EmulatorOidcProvider, EmulatorRole } from "./types";

export const STS_API_VERSION = "2015-04-01";
export const STS_ACTIONS: readonly string[] = ["AssumeRole", "AssumeRoleWithOIDC"];

const ROLE_ARN = /^acs:ram::(\d+):role\/[^/\s]+$/;
const PROVIDER_ARN = /^acs:ram::\d+:oidc-provider\/[^/\s]+$/;
const SESSION_NAME = /^[\w.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,96}$/;
const MIN_DURATION_S = 900;
const DEFAULT_DURATION_S = 3600;
const MAX_DURATION_S = 43200;
const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** The request log never holds the OIDC token: it is a bearer credential for the CI job. */
export function redactSecrets(params: Params): Params {
  return "OIDCToken" in params ? { ...params, OIDCToken: "<redacted>" } : params;
}

export function validateRole(role: EmulatorRole): void {
  if (typeof role?.arn !== "string" || !ROLE_ARN.test(role.arn)) {
    throw new Error(
      `role arn must look like acs:ram::<account>:role/<name>, got ${JSON.stringify(role?.arn)}`,
    );
  }
  const max = role.maxSessionDurationSeconds;
  if (max !== undefined && !(Number.isInteger(max) && max >= DEFAULT_DURATION_S && max <= MAX_DURATION_S)) {
    throw new Error(
      `role ${role.arn}: maxSessionDurationSeconds must be an integer from 3600 to 43200, got ${max}`,
    );
  }
  for (const field of ["trustedOidcProviders", "trustedPrincipals", "deniedActions"] as const) {
    const list = role[field];
    if (list !== undefined && !(Array.isArray(list) && list.every((item) => typeof item === "string"))) {
      throw new Error(`role ${role.arn}: ${field} must be an array of strings`);
    }
  }
}

export function validateOidcProvider(provider: EmulatorOidcProvider): void {
  if (typeof provider?.arn !== "string" || !PROVIDER_ARN.test(provider.arn)) {
    throw new Error(
      `OIDC provider arn must look like acs:ram::<account>:oidc-provider/<name>, got ${JSON.stringify(provider?.arn)}`,
    );
  }
  if (typeof provider.issuerUrl !== "string" || provider.issuerUrl === "") {
    throw new Error(`OIDC provider ${provider.arn}: issuerUrl must be a non-empty string`);
  }
  const ids = provider.clientIds;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === "string" && id !== "")) {
    throw new Error(`OIDC provider ${provider.arn}: clientIds must be a non-empty array of strings`);
  }
}

function byArn<T extends { arn: string }>(items: readonly T[], validate: (item: T) => void): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    validate(item);
    if (map.has(item.arn)) throw new Error(`${item.arn} is listed twice`);
    map.set(item.arn, item);
  }
  return map;
}

function required(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === "") throw missingParameter(name);
  return value;
}

function randomText(length: number): string {
  let text = "";
  for (const byte of randomBytes(length)) text += ALPHANUMERIC[byte % ALPHANUMERIC.length];
  return text;
}

/** `2026-10-01T00:00:00Z`: the second-precision form the credential libraries parse. */
const utcSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** A stable 18-digit role ID, so AssumedRoleId names the same role across sessions. */
function roleId(arn: string): string {
  return `3${BigInt(`0x${createHash("sha256").update(arn).digest("hex")}`)
    .toString()
    .slice(0, 17)}`;
}

/** The checks both actions make on RoleArn, RoleSessionName, DurationSeconds and Policy. */
function sessionRequest(params: Params): { roleArn: string; sessionName: string; durationSeconds: number } {
  const roleArn = required(params, "RoleArn");
  const sessionName = required(params, "RoleSessionName");
  if (!ROLE_ARN.test(roleArn)) throw stsErrors.roleArn();
  if (!SESSION_NAME.test(sessionName)) throw stsErrors.roleSessionName();
  const text = params["DurationSeconds"];
  let durationSeconds = DEFAULT_DURATION_S;
  if (text !== undefined && text !== "") {
    durationSeconds = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
    if (!(durationSeconds >= MIN_DURATION_S && durationSeconds <= MAX_DURATION_S)) {
      throw stsErrors.durationSeconds();
    }
  }
  const policy = params["Policy"];
  if (policy !== undefined && policy !== "") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(policy);
    } catch {
      throw stsErrors.policyGrammar();
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      throw stsErrors.policyGrammar();
  }
  return { roleArn, sessionName, durationSeconds };
}

export class Sts {
  private readonly roles: Map<string, EmulatorRole>;
  private readonly providers: Map<string, EmulatorOidcProvider>;

  constructor(
    roles: readonly EmulatorRole[],
    providers: readonly EmulatorOidcProvider[],
    private readonly auth: Authenticator,
    /** Tests: overrides every issued key's lifetime (real ms). */
    private readonly keyLifetimeMs?: number,
  ) {
    this.roles = byArn(roles, validateRole);
    this.providers = byArn(providers, validateOidcProvider);
  }

  assumeRoleWithOidc(params: Params, now = Date.now()): Record<string, unknown> {
    const providerArn = required(params, "OIDCProviderArn");
    const token = params["OIDCToken"];
    if (token === undefined) throw missingParameter("OIDCToken");
    const request = sessionRequest(params);
    const provider = this.providers.get(providerArn);
    if (!provider) throw stsErrors.providerNotFound();
    const role = this.role(request.roleArn);
    if (!role.trustedOidcProviders?.includes(provider.arn)) throw stsErrors.roleDoesNotTrustProvider();
    const claims = readOidcToken(token);
    if (claims.iss !== provider.issuerUrl) throw stsErrors.issuerNotMatch();
    if (!claims.aud.some((aud) => provider.clientIds.includes(aud))) throw stsErrors.audienceNotMatch();
    if (claims.exp * 1000 <= now) throw stsErrors.tokenExpired();
    return { OIDCTokenInfo: tokenInfo(claims), ...this.issue(role, request, now) };
  }

  /** `caller` is the credential the Authenticator verified the request with. */
  assumeRole(params: Params, caller: EmulatorCredential, now = Date.now()): Record<string, unknown> {
    const request = sessionRequest(params);
    const externalId = params["ExternalId"];
    if (externalId !== undefined && externalId !== "" && !EXTERNAL_ID.test(externalId)) {
      throw stsErrors.externalId();
    }
    const role = this.role(request.roleArn);
    const trusted = role.trustedPrincipals
      ? role.trustedPrincipals.includes(caller.accessKeyId) ||
        role.trustedPrincipals.includes(principalOf(caller))
      : ROLE_ARN.exec(role.arn)?.[1] === ACCOUNT_ID;
    if (!trusted) throw stsErrors.roleDoesNotTrustCaller();
    return this.issue(role, request, now);
  }

  private role(arn: string): EmulatorRole {
    const role = this.roles.get(arn);
    if (!role) throw stsErrors.roleNotFound(arn);
    return role;
  }

  private issue(
    role: EmulatorRole,
    request: { sessionName: string; durationSeconds: number },
    now: number,
  ): Record<string, unknown> {
    if (request.durationSeconds > (role.maxSessionDurationSeconds ?? DEFAULT_DURATION_S)) {
      throw stsErrors.durationSeconds();
    }
    const lifetimeMs = this.keyLifetimeMs ?? request.durationSeconds * 1000;
    // Rounded up to the second the answer can state, so that Expiration is exactly when it expires.
    const expiresAt = Math.ceil((now + lifetimeMs) / 1000) * 1000;
    const credential: EmulatorCredential = {
      accessKeyId: `STS.${randomText(25)}`,
      accessKeySecret: randomText(44),
      securityToken: `CAIS${randomBytes(300).toString("base64")}`,
      expiresAt,
      roleArn: role.arn,
    };
    if (role.deniedActions) credential.deniedActions = [...role.deniedActions];
    this.auth.register(credential, now);
    return {
      AssumedRoleUser: {
        Arn: `${role.arn}/${request.sessionName}`,
        AssumedRoleId: `${roleId(role.arn)}:${request.sessionName}`,
      },
      Credentials: {
        AccessKeyId: credential.accessKeyId,
        AccessKeySecret: credential.accessKeySecret,
        SecurityToken: credential.securityToken,
        Expiration: utcSeconds(expiresAt),
      },
    };
  }
}

function tokenInfo(claims: OidcClaims): Record<string, string> {
  const info: Record<string, string> = {
    Subject: claims.sub,
    Issuer: claims.iss,
    ClientIds: claims.aud.join(","),
    ExpirationTime: utcSeconds(claims.exp * 1000),
  };
  if (claims.iat !== undefined) info.IssuanceTime = utcSeconds(claims.iat * 1000);
  return info;
}
