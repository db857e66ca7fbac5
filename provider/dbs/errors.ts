import type { SettingNames } from "./credentials";

/**
 * Turns whatever a DBS call failed with into a plain `Error` (subclasses lose their message when the
 * provider is serialized) carrying `code`, `statusCode`, `requestId`, `action`, `attempts` and
 * `transient`, with a message that names them all and a hint.
 */
export interface DbsError extends Error {
  action: string;
  code: string;
  /** The HTTP status received, and the one a `Success: false` body reported. */
  statusCode?: number;
  bodyStatusCode?: number;
  requestId?: string;
  attempts: number;
  transient: boolean;
}

/** What a single failed attempt looked like, before retry decisions. */
export interface AttemptFailure {
  code: string;
  message: string;
  /** The HTTP status received. */
  statusCode?: number;
  /** The status a 200 answer with `Success: false` reports in its body (`HttpStatusCode`). */
  bodyStatusCode?: number;
  requestId?: string;
  transient: boolean;
  /** Rate limiting (Throttling*): retried for a time budget rather than a number of attempts. */
  throttled?: boolean;
  /** How long the server asked to wait before the next request (header x-acs-retry-after, ms). */
  retryAfterMs?: number;
  /** A pacer spaces the retry of this throttled attempt, so the retry loop adds no wait of its own. */
  paced?: boolean;
  /** From a 403's `AccessDeniedDetail` (newer gateways): what RAM denied and by which kind of policy. */
  denied?: { action?: string; policyType?: string; reason?: string };
}

// An array, not a Set: see LOOPBACK_HOSTS in endpoints.ts.
const TRANSIENT_NETWORK_CODES = [
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
];

function field(err: unknown, name: string): unknown {
  return err !== null && typeof err === "object" ? (err as Record<string, unknown>)[name] : undefined;
}

function isThrottledOrUnavailable(code: string): boolean {
  return code.startsWith("Throttling") || code === "ServiceUnavailable";
}

/** Classifies an exception thrown by the OpenAPI runtime during one attempt. */
export function classifyFailure(err: unknown): AttemptFailure {
  const statusCode = field(err, "statusCode");
  const code = field(err, "code");
  const rawMessage = err instanceof Error ? err.message : String(err);
  if (typeof statusCode === "number") {
    const data = field(err, "data");
    const requestId = (field(err, "requestId") ?? field(data, "RequestId")) as string | undefined;
    const apiCode = typeof code === "string" && code ? code : `HTTP${statusCode}`;
    const apiMessage = (field(data, "Message") as string | undefined) ?? stripRuntimePrefix(rawMessage);
    const retryAfter = field(err, "retryAfter");
    const failure: AttemptFailure = {
      code: apiCode,
      message: apiMessage,
      statusCode,
      requestId: requestId && requestId !== "undefined" ? requestId : undefined,
      transient: statusCode >= 500 || isThrottledOrUnavailable(apiCode),
      throttled: apiCode.startsWith("Throttling"),
    };
    if (typeof retryAfter === "number" && Number.isFinite(retryAfter) && retryAfter > 0) {
      failure.retryAfterMs = retryAfter;
    }
    const detail = field(err, "accessDeniedDetail") ?? field(data, "AccessDeniedDetail");
    if (detail !== null && typeof detail === "object") {
      const text = (name: string) => {
        const value = field(detail, name);
        return typeof value === "string" && value ? value : undefined;
      };
      failure.denied = {
        action: text("AuthAction"),
        policyType: text("PolicyType"),
        reason: text("NoPermissionType"),
      };
    }
    return failure;
  }
  if (err instanceof SyntaxError) {
    return { code: "InvalidResponse", message: `the response was not JSON (${rawMessage})`, transient: true };
  }
  const name = field(err, "name");
  if (name === "RequestTimeoutError" || /timeout/i.test(String(code)) || /timed? ?out/i.test(rawMessage)) {
    return { code: "RequestTimeout", message: rawMessage, transient: true };
  }
  if (typeof code === "string" && TRANSIENT_NETWORK_CODES.includes(code)) {
    return { code, message: rawMessage, transient: true };
  }
  if (/socket hang up|ECONNRESET|network/i.test(rawMessage)) {
    return { code: "ConnectionError", message: rawMessage, transient: true };
  }
  return {
    code: typeof code === "string" && code ? code : "UnknownError",
    message: rawMessage,
    transient: false,
  };
}

/** An answer with `Success: false` and HTTP status `statusCode`: DBS reports business errors in the body. */
export function businessFailure(
  body: {
    ErrCode?: string;
    ErrMessage?: string;
    HttpStatusCode?: number;
    RequestId?: string;
  },
  statusCode = 200,
): AttemptFailure {
  const code = body.ErrCode || "Unsuccessful";
  return {
    code,
    message: body.ErrMessage || "the API answered Success: false without a message",
    statusCode,
    ...(body.HttpStatusCode !== undefined && { bodyStatusCode: body.HttpStatusCode }),
    requestId: body.RequestId,
    transient: isThrottledOrUnavailable(code) || (body.HttpStatusCode ?? 0) >= 500,
    throttled: code.startsWith("Throttling"),
  };
}

// openapi-core prefixes "code: <status>, " and appends " request id: <id>"; the error fields carry both.
function stripRuntimePrefix(message: string): string {
  return message.replace(/^([\w.]+: )?code: \d+, /, "").replace(/ request id: \S*$/, "");
}

function hintFor(
  action: string,
  failure: AttemptFailure,
  keys: SettingNames,
  fromChain: boolean,
): string | undefined {
  const { code } = failure;
  const statusCode = failure.bodyStatusCode ?? failure.statusCode;
  if (statusCode === 403 || code === "Request.Forbidden" || code.startsWith("Forbidden")) {
    // The gateway's AccessDeniedDetail names the action RAM denied and the kind of policy that denied
    // it (the principal's IDs are left out of messages).
    const denied = failure.denied;
    const ramAction = denied?.action ?? `dbs:${action}`;
    if (denied?.reason === "ExplicitDeny") {
      const where = denied.policyType ? ` of type ${denied.policyType}` : "";
      return `an explicit Deny in a RAM policy${where} blocks action ${ramAction}; remove or narrow that Deny`;
    }
    const by = denied?.policyType ? ` (denied by ${denied.policyType})` : "";
    return `the caller lacks the RAM permission for action ${ramAction}${by}; grant it in a RAM policy ("Action": "${ramAction}")`;
  }
  if (code === "InvalidAccessKeyId.NotFound" || code === "InvalidAccessKeyId") {
    return `the access key ID is unknown: check ${keys.accessKey} or ALIBABA_CLOUD_ACCESS_KEY_ID`;
  }
  if (code === "SignatureDoesNotMatch" || code === "IncompleteSignature") {
    return `the access key secret does not match the access key ID: check ${keys.secretKey} or ALIBABA_CLOUD_ACCESS_KEY_SECRET`;
  }
  if (code === "InvalidSecurityToken.Expired" && fromChain) {
    return "the temporary credentials of the default chain expired before it renewed them: check this machine's clock (requests are signed with its time)";
  }
  if (code === "InvalidSecurityToken.Expired") {
    return `the STS security token has expired: get a new STS credential and set its token as ${keys.securityToken} or ALIBABA_CLOUD_SECURITY_TOKEN (with its access key pair)`;
  }
  if (code === "InvalidSecurityToken.MismatchWithAccessKey") {
    return `the STS security token does not belong to this access key ID (or is missing): set ${keys.accessKey}, ${keys.secretKey} and ${keys.securityToken} (or the ALIBABA_CLOUD_* variables) from the same STS credential`;
  }
  if (code.startsWith("InvalidSecurityToken")) {
    return `the STS security token is invalid: refresh ${keys.securityToken} or ALIBABA_CLOUD_SECURITY_TOKEN`;
  }
  if (code === "CredentialsUnavailable") {
    return `the credential chain could not renew its temporary credentials: check the OIDC variables and token file, and the STS endpoint (${keys.stsEndpoint})`;
  }
  if (isThrottledOrUnavailable(code)) {
    return "the API is throttling or unavailable; retry later, or lower the parallelism (pulumi up --parallel N)";
  }
  if (code === "IdempotentParameterMismatch") {
    return "this ClientToken was already used with other parameters; set a different clientToken or change triggers";
  }
  const badParameter =
    code === "Param.NotFound" || code === "InvalidParameter" || code === "MissingParameter";
  if (badParameter && (action === "ModifyBackupSetDownloadRules" || action === "DescribeBackupPlanList")) {
    return "check the backup plan ID and that it exists in this account and region (DescribeBackupPlanList), and the backup gateway ID";
  }
  if (code === "BackupPlan.StorageTypeNotSupported") {
    return "automatic download needs the plan's backups on DBS's built-in storage (BackupStorageType system in DescribeBackupPlanList)";
  }
  if (badParameter) {
    return "check the backup set ID and that it exists in this account and region (DescribeFullBackupList)";
  }
  if (code === "RequestTimeout" || code === "InvalidResponse" || TRANSIENT_NETWORK_CODES.includes(code)) {
    return `the endpoint did not answer properly: check ${keys.endpoint} and the network`;
  }
  return undefined;
}

/** Removes every known secret value from a message. */
function redact(text: string, secrets: (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) result = result.split(secret).join("***");
  }
  return result;
}

/** The status as received: "HTTP 200, HttpStatusCode 404 in the body" for a business error in a 200 answer. */
export function statusText({ statusCode, bodyStatusCode }: AttemptFailure): string {
  if (statusCode === undefined) return "no HTTP response";
  const body =
    bodyStatusCode !== undefined && bodyStatusCode !== statusCode
      ? `, HttpStatusCode ${bodyStatusCode} in the body`
      : "";
  return `HTTP ${statusCode}${body}`;
}

export function toDbsError(
  action: string,
  failure: AttemptFailure,
  attempts: number,
  secrets: (string | undefined)[],
  keys: SettingNames,
  /** The credentials come from the default chain (which renews temporary ones), not from config. */
  fromChain = false,
): DbsError {
  const status = statusText(failure);
  const request = failure.requestId ? `, RequestId ${failure.requestId}` : "";
  const hint = hintFor(action, failure, keys, fromChain);
  const tries = attempts > 1 ? ` Gave up after ${attempts} attempts.` : "";
  const message = redact(
    `DBS ${action} failed: ${failure.code} (${status}${request}): ${failure.message.trim().replace(/\.$/, "")}` +
      (hint ? `. Hint: ${hint}.` : ".") +
      tries,
    secrets,
  );
  const error = new Error(message) as DbsError;
  error.action = action;
  error.code = failure.code;
  if (failure.statusCode !== undefined) error.statusCode = failure.statusCode;
  if (failure.bodyStatusCode !== undefined) error.bodyStatusCode = failure.bodyStatusCode;
  if (failure.requestId) error.requestId = failure.requestId;
  error.attempts = attempts;
  error.transient = failure.transient;
  return error;
}
