/**
 * The `AccessDeniedDetail` object newer Alibaba Cloud gateways add to a 403 body, as the SDK models
 * and docs show it (e.g. AgentRun 2025-09-10 `AccessDeniedDetail`, RDS response examples, the Java
 * SDKs' `*ResponseBodyAccessDeniedDetail`): PolicyType, AuthAction, AuthPrincipalType,
 * AuthPrincipalOwnerId, AuthPrincipalDisplayName, NoPermissionType, EncodedDiagnosticMessage, all
 * strings. openapi-core and the Go runtime copy it into `ClientError.accessDeniedDetail`.
 * It names the RAM identity behind a key, never the key, its secret or its token.
 */
import { createHash } from "node:crypto";
import type { EmulatorCredential } from "./types";

/** The Alibaba Cloud account (UID) that owns every emulator key. */
export const ACCOUNT_ID = "1000000000000001";

export interface AccessDeniedDetail {
  PolicyType: string;
  AuthAction: string;
  AuthPrincipalType: string;
  AuthPrincipalOwnerId: string;
  AuthPrincipalDisplayName: string;
  NoPermissionType: string;
  EncodedDiagnosticMessage: string;
}

/** A stable 16-digit RAM user ID for a key, so that two denials of one key name the same user. */
function ramUserId(accessKeyId: string): string {
  const digits = BigInt(`0x${createHash("sha256").update(accessKeyId).digest("hex")}`).toString();
  return `2${digits.slice(0, 15)}`;
}

/** An action in a key's `deniedActions` has no Allow in the account's policies: an implicit deny. */
export function accessDeniedDetail(credential: EmulatorCredential, action: string): AccessDeniedDetail {
  const sts = credential.securityToken !== undefined;
  const principal = {
    AuthPrincipalType: sts ? "AssumedRoleUser" : "SubUser",
    AuthPrincipalOwnerId: ACCOUNT_ID,
    AuthPrincipalDisplayName: sts
      ? `${ramUserId(credential.accessKeyId)}:emulator-session`
      : ramUserId(credential.accessKeyId),
  };
  const authAction = `dbs:${action}`;
  const policyType = "AccountLevelIdentityBasedPolicy";
  // Real messages are opaque (RAM DecodeDiagnosticMessage decodes them); this one is base64 JSON in
  // the shape that API returns, so a test or a curious user can read it.
  const diagnostic = {
    AuthAction: authAction,
    AuthResource: "*",
    NoPermissionPolicyType: policyType,
    ExplicitDeny: false,
    AuthPrincipal: principal,
  };
  return {
    PolicyType: policyType,
    AuthAction: authAction,
    ...principal,
    NoPermissionType: "ImplicitDeny",
    EncodedDiagnosticMessage: Buffer.from(JSON.stringify(diagnostic)).toString("base64"),
  };
}
