/**
 * The emulator's STS (2015-04-01) over HTTPS, driven by the real @alicloud/credentials providers in a
 * child process that trusts the emulator's certificate through NODE_EXTRA_CA_CERTS (as a CI job
 * would), and by raw requests where the exact code and HTTP status matter.
 */
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { get as httpsGet } from "node:https";
import {
  DEFAULT_CREDENTIAL,
  DEFAULT_OIDC_PROVIDER,
  DEFAULT_ROLE,
  emulatorOidcToken,
  startEmulator,
  type Emulator,
  type EmulatorOidcProvider,
  type EmulatorRole,
} from "../../packages/emulator/src";
import { dbsCaller, failure, type Body, type CallOptions, type Credential } from "../support/emulatorClient";
import {
  CredentialsChild,
  stsRequest,
  type IssuedCredentials,
  type ProviderSpec,
} from "../support/stsCredentials";

const ACCOUNT = "1000000000000001";
const GITLAB: EmulatorOidcProvider = {
  arn: `acs:ram::${ACCOUNT}:oidc-provider/gitlab`,
  issuerUrl: "https://gitlab.example.test",
  clientIds: ["alicloud-sts"],
};
/** Trusts no identity provider and no key. */
const LOCKED_ROLE: EmulatorRole = { arn: `acs:ram::${ACCOUNT}:role/locked`, trustedPrincipals: [] };
const READ_ONLY_ROLE: EmulatorRole = {
  arn: `acs:ram::${ACCOUNT}:role/read-only`,
  maxSessionDurationSeconds: 43200,
  trustedOidcProviders: [DEFAULT_OIDC_PROVIDER.arn, GITLAB.arn],
  deniedActions: ["CreateFullBackupSetDownload"],
};
const UTC_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const GATEWAY_KEYS = ["RequestId", "HostId", "Code", "Message", "Recommend"];

function isIssued(result: IssuedCredentials | { error: string }): IssuedCredentials {
  if ("error" in result) assert.fail(`expected credentials, got: ${result.error}`);
  return result;
}

function oidcForm(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const form: Record<string, string | undefined> = {
    OIDCProviderArn: DEFAULT_OIDC_PROVIDER.arn,
    RoleArn: DEFAULT_ROLE.arn,
    RoleSessionName: "raw-session",
    OIDCToken: emulatorOidcToken(),
    ...overrides,
  };
  return Object.fromEntries(
    Object.entries(form).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** Keys from a raw AssumeRoleWithOIDC, in the shape the DBS callers take. */
async function exchange(
  emulator: Emulator,
  overrides: Record<string, string | undefined> = {},
): Promise<Credential> {
  const answer = await stsRequest(emulator, "AssumeRoleWithOIDC", oidcForm(overrides));
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const issued = answer.body.Credentials as Body;
  return {
    accessKeyId: issued.AccessKeyId as string,
    accessKeySecret: issued.AccessKeySecret as string,
    securityToken: issued.SecurityToken as string,
  };
}

type OidcSpec = Extract<ProviderSpec, { kind: "oidc" }>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("DBS emulator STS", function () {
  this.timeout(20_000);
  let emulator: Emulator;
  let child: CredentialsChild;
  let tokenFile: string;
  const dbs = (options: CallOptions = {}) =>
    dbsCaller(emulator.port, { ca: emulator.caCertificate, ...options });
  const oidcSpec = (name: string, extra: Partial<OidcSpec> = {}): OidcSpec => ({
    name,
    kind: "oidc",
    roleArn: DEFAULT_ROLE.arn,
    oidcProviderArn: DEFAULT_OIDC_PROVIDER.arn,
    tokenFile,
    stsEndpoint: `127.0.0.1:${emulator.port}`,
    roleSessionName: "ci-deploy",
    ...extra,
  });

  before(async () => {
    emulator = await startEmulator({
      https: true,
      roles: [DEFAULT_ROLE, LOCKED_ROLE, READ_ONLY_ROLE],
      oidcProviders: [DEFAULT_OIDC_PROVIDER, GITLAB],
    });
    child = CredentialsChild.start(emulator);
    tokenFile = child.tokenFile("github-token", emulatorOidcToken({ expiresInSeconds: 600 }));
  });
  after(async () => {
    await child?.close();
    await emulator?.close();
  });
  beforeEach(() => {
    emulator.clearRequests();
    emulator.clearFaults();
  });

  it("serves DBS over HTTPS to a client given its certificate, and only to such a client", async () => {
    assert.match(emulator.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const certificate = new X509Certificate(emulator.caCertificate ?? "");
    assert.equal(certificate.checkIP("127.0.0.1"), "127.0.0.1");
    const listed = await dbs()("DescribeFullBackupList", { BackupPlanId: "dbsplan0001" });
    assert.equal(listed.TotalElements, 4);
    const untrusted = await new Promise<NodeJS.ErrnoException>((resolve) => {
      httpsGet(`${emulator.url}/`, () => assert.fail("an untrusted certificate was accepted")).on(
        "error",
        resolve,
      );
    });
    assert.equal(untrusted.code, "DEPTH_ZERO_SELF_SIGNED_CERT");
  });

  it("exchanges an OIDC token with OIDCRoleArnCredentialsProvider, and DBS accepts the keys with their token", async () => {
    const issued = isIssued(await child.get(oidcSpec("main")));
    assert.match(issued.accessKeyId, /^STS\.[A-Za-z0-9]{25}$/);
    assert.match(issued.securityToken, /^CAIS[A-Za-z0-9+/=]{400}$/);
    assert.equal(issued.providerName, "oidc_role_arn");
    assert.deepEqual(
      emulator.requestsFor("AssumeRoleWithOIDC").map((r) => ({ ...r, requestId: "", at: 0 })),
      [
        {
          action: "AssumeRoleWithOIDC",
          params: {
            OIDCProviderArn: DEFAULT_OIDC_PROVIDER.arn,
            OIDCToken: "<redacted>",
            RoleArn: DEFAULT_ROLE.arn,
            RoleSessionName: "ci-deploy",
            DurationSeconds: "3600",
          },
          signatureVersion: "v1",
          statusCode: 200,
          requestId: "",
          at: 0,
        },
      ],
    );
    const created = await dbs({ credential: issued })("CreateFullBackupSetDownload", {
      BackupSetId: "dbsset0001",
      ClientToken: "sts-main",
    });
    assert.equal(
      emulator.tasks().find((t) => t.taskId === created.BackupSetDownloadTaskId)?.accessKeyId,
      issued.accessKeyId,
    );
    const v1 = await dbs({ credential: issued, signatureAlgorithm: "v2" })(
      "DescribeBackupSetDownloadTaskList",
      {
        BackupSetDownloadTaskId: created.BackupSetDownloadTaskId as string,
      },
    );
    assert.equal(v1.TotalElements, 1);
    // An hour-long key is cached by the library: no second exchange.
    assert.equal(isIssued(await child.get(oidcSpec("main"))).accessKeyId, issued.accessKeyId);
    assert.equal(emulator.requestsFor("AssumeRoleWithOIDC").length, 1);
  });

  it("answers AssumeRoleWithOIDC with AssumedRoleUser, Credentials (real-clock Expiration) and OIDCTokenInfo", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = emulatorOidcToken({
      audience: ["other-app", "sts.aliyuncs.com"],
      subject: "repo:shop/infra",
      now: now * 1000,
    });
    const before = Date.now();
    const answer = await stsRequest(emulator, "AssumeRoleWithOIDC", oidcForm({ OIDCToken: token }));
    assert.equal(answer.status, 200);
    const body = answer.body;
    assert.deepEqual(Object.keys(body), ["RequestId", "OIDCTokenInfo", "AssumedRoleUser", "Credentials"]);
    assert.deepEqual(body.OIDCTokenInfo, {
      Subject: "repo:shop/infra",
      Issuer: "https://token.actions.githubusercontent.com",
      ClientIds: "other-app,sts.aliyuncs.com",
      ExpirationTime: new Date((now + 300) * 1000).toISOString().replace(".000Z", "Z"),
      IssuanceTime: new Date(now * 1000).toISOString().replace(".000Z", "Z"),
    });
    const user = body.AssumedRoleUser as Body;
    assert.equal(user.Arn, `${DEFAULT_ROLE.arn}/raw-session`);
    assert.match(user.AssumedRoleId as string, /^\d{18}:raw-session$/);
    const credentials = body.Credentials as Body;
    assert.deepEqual(Object.keys(credentials), [
      "AccessKeyId",
      "AccessKeySecret",
      "SecurityToken",
      "Expiration",
    ]);
    assert.match(credentials.AccessKeySecret as string, /^[A-Za-z0-9]{44}$/);
    assert.match(credentials.Expiration as string, UTC_SECONDS);
    const lifetime = Date.parse(credentials.Expiration as string) - before;
    assert.ok(lifetime >= 3600_000 && lifetime <= 3602_000, `lifetime ${lifetime} ms`);
    // The role ID is the role's: the same in the next session.
    const again = await stsRequest(emulator, "AssumeRoleWithOIDC", oidcForm({ RoleSessionName: "second" }));
    const againId = (again.body.AssumedRoleUser as Body).AssumedRoleId as string;
    assert.equal(againId.split(":")[0], (user.AssumedRoleId as string).split(":")[0]);
    // DurationSeconds from 900 to the role's MaxSessionDuration.
    for (const [roleArn, seconds] of [
      [DEFAULT_ROLE.arn, 900],
      [READ_ONLY_ROLE.arn, 43200],
    ] as const) {
      const start = Date.now();
      const long = await stsRequest(
        emulator,
        "AssumeRoleWithOIDC",
        oidcForm({ RoleArn: roleArn, DurationSeconds: String(seconds) }),
      );
      const ms = Date.parse((long.body.Credentials as Body).Expiration as string) - start;
      assert.ok(ms >= seconds * 1000 && ms <= seconds * 1000 + 2000, `${seconds} s gave ${ms} ms`);
    }
  });

  const expired = () => emulatorOidcToken({ expiresInSeconds: -1 });
  const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const payload = {
    iss: DEFAULT_OIDC_PROVIDER.issuerUrl,
    aud: "sts.aliyuncs.com",
    sub: "s",
    exp: 4102444800,
  };
  const ERROR_CASES: {
    what: string;
    form: Record<string, string | undefined>;
    action?: string;
    status: number;
    code: string;
    message?: string;
  }[] = [
    {
      what: "an unknown OIDC provider ARN",
      form: { OIDCProviderArn: `acs:ram::${ACCOUNT}:oidc-provider/nobody` },
      status: 401,
      code: "AuthenticationFail.NoPermission",
      message: "No such OIDC Provider registered.",
    },
    {
      what: "an unknown role",
      form: { RoleArn: `acs:ram::${ACCOUNT}:role/nobody` },
      status: 404,
      code: "EntityNotExist.Role",
      message: `The role not exists: acs:ram::${ACCOUNT}:role/nobody.`,
    },
    {
      what: "a role that does not trust the provider",
      form: {
        OIDCProviderArn: GITLAB.arn,
        OIDCToken: emulatorOidcToken({ issuer: GITLAB.issuerUrl, audience: "alicloud-sts" }),
      },
      status: 401,
      code: "AuthenticationFail.NoPermission",
      message: "There is no permission",
    },
    {
      what: "a role that trusts no provider",
      form: { RoleArn: LOCKED_ROLE.arn },
      status: 401,
      code: "AuthenticationFail.NoPermission",
    },
    {
      what: "a token that is no JWT",
      form: { OIDCToken: "not-a-jwt" },
      status: 401,
      code: "AuthenticationFail.OIDCToken.Invalid",
      message: "The number of Jwt field should be divided into 3 parts with '.' .",
    },
    {
      what: "a token whose parts are not base64url",
      form: { OIDCToken: "e30.e30.sig!" },
      status: 401,
      code: "AuthenticationFail.OIDCToken.Invalid",
      message: "Cannot decode base64 encoded response(format invalided).",
    },
    {
      what: "a token whose payload is not JSON",
      form: { OIDCToken: `${segment({ alg: "RS256" })}.${Buffer.from("nope").toString("base64url")}.c2ln` },
      status: 401,
      code: "AuthenticationFail.OIDCToken.Invalid",
      message: "The Jwt content is invalid that cannot be recognized.",
    },
    {
      what: "a token signed HS256",
      form: { OIDCToken: emulatorOidcToken({ algorithm: "HS256" }) },
      status: 401,
      code: "AuthenticationFail.OIDCToken.Invalid",
      message: "The algorithm HS256 that be specified in Jwt header is unknown.",
    },
    {
      what: "a token without sub",
      form: { OIDCToken: `${segment({ alg: "RS256" })}.${segment({ ...payload, sub: undefined })}.c2ln` },
      status: 401,
      code: "AuthenticationFail.OIDCToken.Invalid",
      message: "The Jwt content is invalid that cannot be recognized.",
    },
    {
      what: "an empty token",
      form: { OIDCToken: "" },
      status: 401,
      code: "AuthenticationFail.OIDCToken.Invalid",
      message: "The OIDCToken can not empty.",
    },
    {
      what: "an expired token",
      form: { OIDCToken: expired() },
      status: 401,
      code: "AuthenticationFail.OIDCToken.Expired",
      message: "This JsonWebToken is expired.",
    },
    {
      what: "a token from another issuer",
      form: { OIDCToken: emulatorOidcToken({ issuer: "https://token.actions.example.test" }) },
      status: 401,
      code: "AuthenticationFail.OIDCToken.IssuerNotMatch",
      message: "The issuer in the OIDC Token doesn't match the OIDC Provider registered.",
    },
    {
      what: "a token for another audience",
      form: { OIDCToken: emulatorOidcToken({ audience: ["api://other"] }) },
      status: 401,
      code: "AuthenticationFail.OIDCToken.AudienceNotMatch",
      message: "Invalid audience.",
    },
    {
      what: "DurationSeconds 899",
      form: { DurationSeconds: "899" },
      status: 400,
      code: "InvalidParameter.DurationSeconds",
      message: "The Min/Max value of DurationSeconds is 15min/1hr.",
    },
    {
      what: "DurationSeconds 43201",
      form: { RoleArn: READ_ONLY_ROLE.arn, DurationSeconds: "43201" },
      status: 400,
      code: "InvalidParameter.DurationSeconds",
    },
    {
      what: "DurationSeconds above the role's MaxSessionDuration",
      form: { DurationSeconds: "3601" },
      status: 400,
      code: "InvalidParameter.DurationSeconds",
    },
    {
      what: "DurationSeconds not a number",
      form: { DurationSeconds: "1h" },
      status: 400,
      code: "InvalidParameter.DurationSeconds",
    },
    {
      what: "a missing RoleArn",
      form: { RoleArn: undefined },
      status: 400,
      code: "MissingParameter",
      message: 'The input parameter "RoleArn" that is mandatory for processing this request is not supplied.',
    },
    { what: "a missing OIDCToken", form: { OIDCToken: undefined }, status: 400, code: "MissingParameter" },
    {
      what: "a missing OIDCProviderArn",
      form: { OIDCProviderArn: undefined },
      status: 400,
      code: "MissingParameter",
    },
    {
      what: "a missing RoleSessionName",
      form: { RoleSessionName: undefined },
      status: 400,
      code: "MissingParameter",
    },
    {
      what: "a one-character RoleSessionName",
      form: { RoleSessionName: "a" },
      status: 400,
      code: "InvalidParameter.RoleSessionName",
      message: "The parameter RoleSessionName is wrongly formed.",
    },
    {
      what: "a RoleSessionName with a space",
      form: { RoleSessionName: "ci job" },
      status: 400,
      code: "InvalidParameter.RoleSessionName",
    },
    {
      what: "a RoleArn that is no RAM role ARN",
      form: { RoleArn: "arn:aws:iam::1:role/x" },
      status: 400,
      code: "InvalidParameter.RoleArn",
    },
    {
      what: "a Policy that is not JSON",
      form: { Policy: "{Statement" },
      status: 400,
      code: "InvalidParameter.PolicyGrammar",
    },
    {
      what: "an STS action the emulator lacks",
      action: "GetCallerIdentity",
      form: {},
      status: 404,
      code: "InvalidAction.NotFound",
    },
  ];
  for (const { what, form, action, status, code, message } of ERROR_CASES) {
    it(`answers ${what} with ${status} ${code}`, async () => {
      const answer = await stsRequest(emulator, action ?? "AssumeRoleWithOIDC", oidcForm(form));
      assert.equal(answer.status, status, JSON.stringify(answer.body));
      assert.deepEqual(Object.keys(answer.body), GATEWAY_KEYS);
      assert.equal(answer.body.Code, code);
      if (message !== undefined) assert.equal(answer.body.Message, message);
      assert.equal(
        answer.body.Recommend,
        `https://api.aliyun.com/troubleshoot?q=${code}&product=Sts&requestId=${answer.body.RequestId}`,
      );
      assert.deepEqual(
        emulator.requests.map((r) => [r.action, r.statusCode, r.code]),
        [[action ?? "AssumeRoleWithOIDC", status, code]],
      );
    });
  }

  it("lets the library report STS's answer when an exchange fails", async () => {
    const result = await child.get(
      oidcSpec("unknown-provider", { oidcProviderArn: `acs:ram::${ACCOUNT}:oidc-provider/nobody` }),
    );
    assert.ok("error" in result);
    assert.match(
      result.error,
      /^get sts token failed with OIDC: \{.*"Code":"AuthenticationFail\.NoPermission"/,
    );
  });

  it("keeps answering InvalidSecurityToken.MismatchWithAccessKey for an issued key with a wrong or missing token", async () => {
    const issued = await exchange(emulator);
    for (const securityToken of ["CAISwrong", undefined]) {
      const error = await failure(
        dbs({ credential: { ...issued, securityToken } })("DescribeFullBackupList", { BackupPlanId: "p" }),
      );
      assert.deepEqual([error.statusCode, error.code], [400, "InvalidSecurityToken.MismatchWithAccessKey"]);
    }
  });

  it("gives issued keys their role's deniedActions", async () => {
    const issued = await exchange(emulator, { RoleArn: READ_ONLY_ROLE.arn });
    const error = await failure(
      dbs({ credential: issued })("CreateFullBackupSetDownload", { BackupSetId: "dbsset0001" }),
    );
    assert.deepEqual([error.statusCode, error.code], [403, "Request.Forbidden"]);
    assert.equal(error.accessDeniedDetail?.AuthPrincipalType, "AssumedRoleUser");
    const listed = await dbs({ credential: issued })("DescribeFullBackupList", {
      BackupPlanId: "dbsplan0001",
    });
    assert.equal(listed.TotalElements, 4);
  });

  describe("AssumeRole", () => {
    const stsCall = (options: CallOptions = {}) => dbs({ version: "2015-04-01", ...options });

    it("issues keys to RAMRoleARNCredentialsProvider over a static access key, and to a caller using STS keys", async () => {
      const base = {
        kind: "ramRole",
        roleArn: DEFAULT_ROLE.arn,
        stsEndpoint: `127.0.0.1:${emulator.port}`,
      } as const;
      const issued = isIssued(
        await child.get({ ...base, name: "ram-static", caller: DEFAULT_CREDENTIAL, roleSessionName: "ops" }),
      );
      assert.match(issued.accessKeyId, /^STS\./);
      assert.equal(issued.providerName, "ram_role_arn/static_ak");
      const [logged] = emulator.requestsFor("AssumeRole");
      assert.deepEqual(
        [
          logged.statusCode,
          logged.accessKeyId,
          logged.signatureVersion,
          logged.signatureAlgorithm,
          logged.params,
        ],
        [
          200,
          DEFAULT_CREDENTIAL.accessKeyId,
          "v1",
          "HMAC-SHA1",
          { RoleArn: DEFAULT_ROLE.arn, RoleSessionName: "ops", DurationSeconds: "3600" },
        ],
      );
      const listed = await dbs({ credential: issued })("DescribeFullBackupList", {
        BackupPlanId: "dbsplan0001",
      });
      assert.equal(listed.TotalElements, 4);
      // Role chaining: the caller signs with STS keys (and sends their token).
      const chained = isIssued(await child.get({ ...base, name: "ram-chained", caller: issued }));
      assert.equal(chained.providerName, "ram_role_arn/static_sts");
      assert.notEqual(chained.accessKeyId, issued.accessKeyId);
      assert.equal(emulator.requestsFor("AssumeRole")[1].accessKeyId, issued.accessKeyId);
    });

    it("accepts a V3-signed AssumeRole and answers AssumedRoleUser and Credentials", async () => {
      const body = await stsCall()("AssumeRole", {
        RoleArn: DEFAULT_ROLE.arn,
        RoleSessionName: "v3-session",
        DurationSeconds: "900",
      });
      assert.deepEqual(Object.keys(body), ["RequestId", "AssumedRoleUser", "Credentials"]);
      assert.equal((body.AssumedRoleUser as Body).Arn, `${DEFAULT_ROLE.arn}/v3-session`);
      assert.match((body.Credentials as Body).Expiration as string, UTC_SECONDS);
      assert.equal(emulator.requestsFor("AssumeRole")[0].signatureVersion, "v3");
    });

    it("answers a role that does not trust the caller with 403 NoPermission, and a bad signature as DBS does", async () => {
      const denied = await failure(
        stsCall()("AssumeRole", { RoleArn: LOCKED_ROLE.arn, RoleSessionName: "x1" }),
      );
      assert.deepEqual([denied.statusCode, denied.code], [403, "NoPermission"]);
      const unknown = await failure(
        stsCall()("AssumeRole", { RoleArn: `acs:ram::${ACCOUNT}:role/nobody`, RoleSessionName: "x1" }),
      );
      assert.deepEqual([unknown.statusCode, unknown.code], [404, "EntityNotExist.Role"]);
      const credential = { ...DEFAULT_CREDENTIAL, accessKeySecret: "wrong" };
      const unsigned = await failure(
        stsCall({ credential, signatureAlgorithm: "v2" })("AssumeRole", {
          RoleArn: DEFAULT_ROLE.arn,
          RoleSessionName: "x1",
        }),
      );
      assert.deepEqual([unsigned.statusCode, unsigned.code], [400, "SignatureDoesNotMatch"]);
      const viaLibrary = await child.get({
        name: "ram-locked",
        kind: "ramRole",
        roleArn: LOCKED_ROLE.arn,
        stsEndpoint: `127.0.0.1:${emulator.port}`,
        caller: DEFAULT_CREDENTIAL,
      });
      assert.ok("error" in viaLibrary);
      assert.match(viaLibrary.error, /^refresh session token failed: .*"Code":"NoPermission"/);
    });
  });

  it("applies to STS only the faults that name an STS action", async () => {
    emulator.injectFault({ kind: "unavailable" });
    await exchange(emulator);
    assert.equal(
      (await failure(dbs()("DescribeFullBackupList", { BackupPlanId: "p" }))).code,
      "ServiceUnavailable",
    );
    emulator.injectFault({ kind: "unavailable", action: "AssumeRoleWithOIDC" });
    const answer = await stsRequest(emulator, "AssumeRoleWithOIDC", oidcForm());
    assert.deepEqual([answer.status, answer.body.Code], [503, "ServiceUnavailable"]);
  });

  it("never records the OIDC token or an issued secret or token", async () => {
    const token = emulatorOidcToken({ subject: "repo:secret-check" });
    const fromLibrary = isIssued(
      await child.get(oidcSpec("log-check", { tokenFile: child.tokenFile("log-check", token) })),
    );
    const raw = await stsRequest(emulator, "AssumeRoleWithOIDC", oidcForm({ OIDCToken: token }));
    const fromRaw = raw.body.Credentials as Body;
    const bad = emulatorOidcToken({ audience: "nobody" });
    await stsRequest(emulator, "AssumeRoleWithOIDC", oidcForm({ OIDCToken: bad }));
    await dbs({ credential: fromLibrary })("DescribeFullBackupList", { BackupPlanId: "p" });
    const log = JSON.stringify(emulator.requests);
    assert.equal(emulator.requests.length, 4);
    for (const secret of [
      token,
      bad,
      fromLibrary.accessKeySecret,
      fromLibrary.securityToken,
      fromRaw.AccessKeySecret as string,
      fromRaw.SecurityToken as string,
    ]) {
      assert.ok(!log.includes(secret), `the request log holds ${secret.slice(0, 12)}…`);
    }
  });
});

describe("DBS emulator STS key expiry", function () {
  this.timeout(20_000);
  const LIFETIME_MS = 1000;
  let emulator: Emulator;
  let child: CredentialsChild;
  before(async () => {
    emulator = await startEmulator({ https: true, stsKeyLifetimeMs: LIFETIME_MS });
    child = CredentialsChild.start(emulator);
  });
  after(async () => {
    await child?.close();
    await emulator?.close();
  });

  it("expires issued keys after stsKeyLifetimeMs, as the answer says, and the library refreshes them", async () => {
    const before = Date.now();
    const raw = await stsRequest(emulator, "AssumeRoleWithOIDC", oidcForm({ DurationSeconds: "3600" }));
    const statedMs = Date.parse((raw.body.Credentials as Body).Expiration as string) - before;
    assert.ok(statedMs >= LIFETIME_MS && statedMs <= LIFETIME_MS + 1100, `Expiration ${statedMs} ms ahead`);

    const spec: ProviderSpec = {
      name: "short",
      kind: "oidc",
      roleArn: DEFAULT_ROLE.arn,
      oidcProviderArn: DEFAULT_OIDC_PROVIDER.arn,
      tokenFile: child.tokenFile("token", emulatorOidcToken({ expiresInSeconds: 600 })),
      stsEndpoint: `127.0.0.1:${emulator.port}`,
    };
    const call = (credential: Credential) =>
      dbsCaller(emulator.port, { ca: emulator.caCertificate, credential });
    const first = isIssued(await child.get(spec));
    // Expiration is rounded up to the second, so this is the latest the key can still be valid.
    const expiresBy = Math.ceil((Date.now() + LIFETIME_MS) / 1000) * 1000;
    const created = await call(first)("CreateFullBackupSetDownload", {
      BackupSetId: "dbsset0001",
      ClientToken: "rotate-1",
    });
    await sleep(expiresBy - Date.now() + 50);
    const error = await failure(call(first)("DescribeFullBackupList", { BackupPlanId: "p" }));
    assert.deepEqual([error.statusCode, error.code], [400, "InvalidSecurityToken.Expired"]);
    assert.equal((error.data as Body).Message, "Specified SecurityToken is expired.");

    const second = isIssued(await child.get(spec));
    assert.notEqual(second.accessKeyId, first.accessKeyId);
    // The retried create, signed with the new key of the same role, replays the same task.
    const retried = await call(second)("CreateFullBackupSetDownload", {
      BackupSetId: "dbsset0001",
      ClientToken: "rotate-1",
    });
    assert.equal(retried.BackupSetDownloadTaskId, created.BackupSetDownloadTaskId);
    assert.equal(emulator.tasks().length, 1);
    assert.equal(emulator.requestsFor("AssumeRoleWithOIDC").length, 3);
  });
});
