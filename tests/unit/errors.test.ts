import { strict as assert } from "node:assert";
import type { AttemptFailure } from "../../provider/dbs/errors";
import { businessFailure, classifyFailure, statusText, toDbsError } from "../../provider/dbs/errors";

// dbs/ knows no config keys: the caller names its settings for the messages.
const KEYS = {
  accessKey: "alicloud:accessKey",
  secretKey: "alicloud:secretKey",
  securityToken: "alicloud:securityToken",
  endpoint: "alicloud-dbs:endpoint / ALIBABA_CLOUD_DBS_ENDPOINT",
  stsEndpoint: "alicloud-dbs:stsEndpoint / ALIBABA_CLOUD_STS_ENDPOINT",
};

/** An error shaped as @alicloud/openapi-core's ClientError for an HTTP error answer. */
function apiError(statusCode: number, code: string, message: string, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(`${code}: code: ${statusCode}, ${message} request id: r-1`), {
    statusCode,
    code,
    requestId: "r-1",
    data: { RequestId: "r-1", Code: code, Message: message },
    ...extra,
  });
}

describe("classifying a failed attempt", () => {
  const rows: [string, unknown, Partial<AttemptFailure>][] = [
    [
      "a 403 answer",
      apiError(403, "Request.Forbidden", "Have no Permissions"),
      {
        code: "Request.Forbidden",
        message: "Have no Permissions",
        statusCode: 403,
        requestId: "r-1",
        transient: false,
        throttled: false,
      },
    ],
    [
      "a 503 answer",
      apiError(503, "ServiceUnavailable", "busy"),
      { code: "ServiceUnavailable", statusCode: 503, transient: true, throttled: false },
    ],
    [
      "throttling with the server's wait",
      apiError(400, "Throttling.User", "Request was denied due to user flow control.", { retryAfter: 1200 }),
      { code: "Throttling.User", transient: true, throttled: true, retryAfterMs: 1200 },
    ],
    [
      "a gateway answer without a code",
      Object.assign(new Error("code: 502, Bad Gateway request id: undefined"), {
        statusCode: 502,
        code: "",
        requestId: "undefined",
      }),
      { code: "HTTP502", message: "Bad Gateway", statusCode: 502, requestId: undefined, transient: true },
    ],
    [
      "a body that is not JSON",
      new SyntaxError("Unexpected token <"),
      { code: "InvalidResponse", transient: true },
    ],
    [
      "a timeout",
      Object.assign(new Error("ReadTimeout(30000)"), { name: "RequestTimeoutError" }),
      { code: "RequestTimeout", transient: true },
    ],
    [
      "a reset connection",
      Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }),
      { code: "ECONNRESET", transient: true },
    ],
    ["a hung-up socket", new Error("socket hang up"), { code: "ConnectionError", transient: true }],
    ["anything else", new Error("weird"), { code: "UnknownError", message: "weird", transient: false }],
    [
      "a 403 with the gateway's AccessDeniedDetail",
      apiError(403, "NoPermission", "denied", {
        accessDeniedDetail: {
          AuthAction: "dbs:DescribeFullBackupList",
          PolicyType: "ResourceGroupLevelIdentityBasedPolicy",
          NoPermissionType: "ImplicitDeny",
          AuthPrincipalDisplayName: "2050000000000001",
          EncodedDiagnosticMessage: "AQEAAAAA",
        },
      }),
      {
        denied: {
          action: "dbs:DescribeFullBackupList",
          policyType: "ResourceGroupLevelIdentityBasedPolicy",
          reason: "ImplicitDeny",
        },
      },
    ],
  ];
  for (const [what, error, expected] of rows) {
    it(what, () => {
      const failure = classifyFailure(error);
      for (const [key, value] of Object.entries(expected)) {
        assert.deepEqual(failure[key as keyof AttemptFailure], value, `${key} of ${JSON.stringify(failure)}`);
      }
    });
  }

  it("reads a 200 answer with Success: false as the business error it reports", () => {
    assert.deepEqual(
      businessFailure({
        ErrCode: "Param.NotFound",
        ErrMessage: "no such set",
        HttpStatusCode: 404,
        RequestId: "r-2",
      }),
      {
        code: "Param.NotFound",
        message: "no such set",
        statusCode: 200,
        bodyStatusCode: 404,
        requestId: "r-2",
        transient: false,
        throttled: false,
      },
    );
    assert.equal(businessFailure({ ErrCode: "Throttling.User" }).throttled, true);
    assert.equal(businessFailure({ HttpStatusCode: 500 }).code, "Unsuccessful");
    assert.equal(businessFailure({ HttpStatusCode: 500 }).transient, true);
  });

  const statuses: [Partial<AttemptFailure>, string][] = [
    [{}, "no HTTP response"],
    [{ statusCode: 404 }, "HTTP 404"],
    [{ statusCode: 200, bodyStatusCode: 404 }, "HTTP 200, HttpStatusCode 404 in the body"],
    [{ statusCode: 400, bodyStatusCode: 400 }, "HTTP 400"],
  ];
  for (const [received, text] of statuses) {
    it(`reports ${JSON.stringify(received)} as the status received: ${text}`, () => {
      assert.equal(statusText({ code: "C", message: "m", transient: false, ...received }), text);
    });
  }

  it("names the status and code received for an unknown backup set answered as HTTP 200", () => {
    const failure = businessFailure(
      { ErrCode: "Param.NotFound", ErrMessage: "no", HttpStatusCode: 404 },
      200,
    );
    const error = toDbsError("CreateFullBackupSetDownload", failure, 1, [], KEYS);
    assert.match(
      error.message,
      /Param\.NotFound \(HTTP 200, HttpStatusCode 404 in the body\): no\. Hint: check the backup set ID/,
    );
    assert.deepEqual([error.statusCode, error.bodyStatusCode], [200, 404]);
  });
});

describe("the error a caller sees", () => {
  const failure = (code: string, statusCode?: number, message = "m"): AttemptFailure => ({
    code,
    statusCode,
    message,
    requestId: statusCode ? "r-9" : undefined,
    transient: false,
  });

  it("names the action, the code, the status, the RequestId and the RAM action to grant for a 403", () => {
    const error = toDbsError(
      "CreateFullBackupSetDownload",
      failure("Request.Forbidden", 403, "Have no Permissions."),
      1,
      [],
      KEYS,
    );
    assert.equal(
      error.message,
      'DBS CreateFullBackupSetDownload failed: Request.Forbidden (HTTP 403, RequestId r-9): Have no Permissions. Hint: the caller lacks the RAM permission for action dbs:CreateFullBackupSetDownload; grant it in a RAM policy ("Action": "dbs:CreateFullBackupSetDownload").',
    );
    assert.deepEqual(
      {
        name: error.name,
        action: error.action,
        code: error.code,
        statusCode: error.statusCode,
        requestId: error.requestId,
        attempts: error.attempts,
      },
      {
        name: "Error",
        action: "CreateFullBackupSetDownload",
        code: "Request.Forbidden",
        statusCode: 403,
        requestId: "r-9",
        attempts: 1,
      },
    );
  });

  it("takes the denied action and policy type from AccessDeniedDetail, and says to remove an explicit Deny", () => {
    const denied = (reason: string): AttemptFailure => ({
      ...failure("NoPermission", 403),
      denied: { action: "dbs:DescribeFullBackupList", policyType: "AccountLevelIdentityBasedPolicy", reason },
    });
    assert.match(
      toDbsError("CreateFullBackupSetDownload", denied("ImplicitDeny"), 1, [], KEYS).message,
      /Hint: the caller lacks the RAM permission for action dbs:DescribeFullBackupList \(denied by AccountLevelIdentityBasedPolicy\); grant it in a RAM policy \("Action": "dbs:DescribeFullBackupList"\)\.$/,
    );
    assert.match(
      toDbsError("CreateFullBackupSetDownload", denied("ExplicitDeny"), 1, [], KEYS).message,
      /Hint: an explicit Deny in a RAM policy of type AccountLevelIdentityBasedPolicy blocks action dbs:DescribeFullBackupList; remove or narrow that Deny\.$/,
    );
  });

  const hints: [string, number | undefined, RegExp][] = [
    ["InvalidAccessKeyId.NotFound", 404, /check alicloud:accessKey or ALIBABA_CLOUD_ACCESS_KEY_ID\.$/],
    ["SignatureDoesNotMatch", 400, /check alicloud:secretKey or ALIBABA_CLOUD_ACCESS_KEY_SECRET\.$/],
    [
      "InvalidSecurityToken.Expired",
      400,
      /set its token as alicloud:securityToken or ALIBABA_CLOUD_SECURITY_TOKEN/,
    ],
    [
      "InvalidSecurityToken.MismatchWithAccessKey",
      400,
      /set alicloud:accessKey, alicloud:secretKey and alicloud:securityToken/,
    ],
    ["InvalidSecurityToken.Malformed", 400, /refresh alicloud:securityToken/],
    ["Throttling.User", 400, /lower the parallelism \(pulumi up --parallel N\)\.$/],
    [
      "IdempotentParameterMismatch",
      400,
      /already used with other parameters; set a different clientToken or change triggers\.$/,
    ],
    ["Param.NotFound", 404, /check the backup set ID and that it exists in this account and region/],
    [
      "ECONNREFUSED",
      undefined,
      /\(no HTTP response\): m\. Hint: the endpoint did not answer properly: check alicloud-dbs:endpoint/,
    ],
    ["Odd.Code", 400, /: m\.$/],
  ];
  for (const [code, status, hint] of hints) {
    it(`hints for ${code}`, () => {
      assert.match(toDbsError("A", failure(code, status), 1, [], KEYS).message, hint);
    });
  }

  it("blames the clock, not the config, when the chain's temporary keys expired", () => {
    const expired = failure("InvalidSecurityToken.Expired", 400);
    assert.match(toDbsError("A", expired, 1, [], KEYS).message, /set its token as alicloud:securityToken/);
    assert.match(
      toDbsError("A", expired, 1, [], KEYS, true).message,
      /Hint: the temporary credentials of the default chain expired before it renewed them: check this machine's clock/,
    );
  });

  it("points the backup-plan actions at the plan ID, and a plan on the user's own storage at BackupStorageType", () => {
    for (const action of ["ModifyBackupSetDownloadRules", "DescribeBackupPlanList"]) {
      assert.match(
        toDbsError(action, failure("Param.NotFound", 404), 1, [], KEYS).message,
        /Hint: check the backup plan ID and that it exists in this account and region \(DescribeBackupPlanList\), and the backup gateway ID\.$/,
      );
    }
    assert.match(
      toDbsError(
        "ModifyBackupSetDownloadRules",
        failure("BackupPlan.StorageTypeNotSupported", 400),
        1,
        [],
        KEYS,
      ).message,
      /Hint: automatic download needs the plan's backups on DBS's built-in storage \(BackupStorageType system in DescribeBackupPlanList\)\.$/,
    );
  });

  it("points a failed renewal at the OIDC variables and the STS endpoint", () => {
    assert.match(
      toDbsError("A", failure("CredentialsUnavailable", undefined), 1, [], KEYS).message,
      /\(no HTTP response\): m\. Hint: the credential chain could not renew .* \(alicloud-dbs:stsEndpoint \/ ALIBABA_CLOUD_STS_ENDPOINT\)\.$/,
    );
  });

  it("names the keys of the face that made the client", () => {
    const keys = {
      ...KEYS,
      accessKey: "alicloud-dbs:accessKey",
      secretKey: "alicloud-dbs:secretKey",
      securityToken: "alicloud-dbs:securityToken",
    };
    assert.match(
      toDbsError("A", failure("SignatureDoesNotMatch", 400), 1, [], keys).message,
      /check alicloud-dbs:secretKey or/,
    );
  });

  it("says how many attempts it gave up after", () => {
    assert.match(
      toDbsError("A", failure("ServiceUnavailable", 503), 5, [], KEYS).message,
      /\. Gave up after 5 attempts\.$/,
    );
    assert.doesNotMatch(toDbsError("A", failure("ServiceUnavailable", 503), 1, [], KEYS).message, /Gave up/);
  });

  it("never carries a known secret, wherever it appeared", () => {
    const leaky = failure("SignatureDoesNotMatch", 400, "string to sign with s3cr3t-K3y and tok-123456");
    const error = toDbsError("A", leaky, 1, ["s3cr3t-K3y", "tok-123456", undefined, "abc"], KEYS);
    assert.ok(!error.message.includes("s3cr3t-K3y") && !error.message.includes("tok-123456"), error.message);
    assert.match(error.message, /with \*\*\* and \*\*\*/);
  });
});
