/**
 * Who may call the emulator: V3 (ACS3-HMAC-SHA256, ACS3-HMAC-SM3) and V1 (HMAC-SHA1) signatures, STS
 * tokens, denied actions, unknown actions and versions, as the real @alicloud/openapi-core client
 * sends and reads them over HTTP.
 */
import assert from "node:assert/strict";
import { DEFAULT_CREDENTIAL, type Emulator } from "../../packages/emulator/src";
import { failure, type Body, emulatorPerTest } from "../support/emulatorClient";

const UUID_UPPER = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const TASK_ID = /^dbstk[a-z0-9]{8}$/;
const ENVELOPE = { Success: true, HttpStatusCode: 200, ErrCode: "", ErrMessage: "" };

describe("DBS emulator signatures", () => {
  let emulator: Emulator;
  const { start, caller } = emulatorPerTest((started) => (emulator = started));

  it("accepts a V3 (ACS3-HMAC-SHA256) signed create and logs it", async () => {
    await start();
    const body = await caller()("CreateFullBackupSetDownload", {
      BackupSetId: "dbsset0001",
      BackupSetDataFormat: "SQL",
      ClientToken: "tok-v3 !'()*+~",
    });
    assert.match(body.RequestId as string, UUID_UPPER);
    assert.match(body.BackupSetDownloadTaskId as string, TASK_ID);
    assert.deepEqual(body, {
      RequestId: body.RequestId,
      ...ENVELOPE,
      BackupSetDownloadTaskId: body.BackupSetDownloadTaskId,
    });
    assert.equal(emulator.requests.length, 1);
    const [logged] = emulator.requests;
    assert.deepEqual(logged, {
      action: "CreateFullBackupSetDownload",
      params: { BackupSetId: "dbsset0001", BackupSetDataFormat: "SQL", ClientToken: "tok-v3 !'()*+~" },
      signatureVersion: "v3",
      signatureAlgorithm: "ACS3-HMAC-SHA256",
      accessKeyId: "LTAIemulatorAccessKey",
      statusCode: 200,
      requestId: body.RequestId,
      at: logged.at,
    });
    assert.ok(Math.abs(logged.at - Date.now()) < 5000);
  });

  it("accepts V3 ACS3-HMAC-SM3 signatures (openapi-core signatureAlgorithm ACS3-HMAC-SM3)", async () => {
    await start();
    const call = caller({ signatureAlgorithm: "ACS3-HMAC-SM3" });
    const created = await call("CreateFullBackupSetDownload", {
      BackupSetId: "dbsset0001",
      ClientToken: "tok-sm3 !'()*",
    });
    assert.match(created.BackupSetDownloadTaskId as string, TASK_ID);
    // A form body is hashed with SM3 too, though the header keeps the name x-acs-content-sha256.
    const listed = await caller({ signatureAlgorithm: "ACS3-HMAC-SM3", asBody: true })(
      "DescribeBackupSetDownloadTaskList",
      { BackupPlanId: "dbsplan0001" },
    );
    assert.equal(listed.TotalElements, 1);
    assert.deepEqual(
      emulator.requests.map((r) => [r.signatureVersion, r.signatureAlgorithm, r.statusCode]),
      [
        ["v3", "ACS3-HMAC-SM3", 200],
        ["v3", "ACS3-HMAC-SM3", 200],
      ],
    );
    assert.equal(emulator.tasks()[0].clientToken, "tok-sm3 !'()*");
  });

  it("accepts V1 (HMAC-SHA1) signatures and keeps protocol params out of the log", async () => {
    await start();
    const body = await caller({ signatureAlgorithm: "v2" })("CreateFullBackupSetDownload", {
      BackupSetId: "dbsset0002",
      ClientToken: "tok-v1 !'()*",
    });
    assert.match(body.BackupSetDownloadTaskId as string, TASK_ID);
    assert.equal(emulator.requests[0].signatureVersion, "v1");
    assert.equal(emulator.requests[0].signatureAlgorithm, "HMAC-SHA1");
    assert.deepEqual(emulator.requests[0].params, {
      BackupSetId: "dbsset0002",
      ClientToken: "tok-v1 !'()*",
    });
    assert.equal(emulator.tasks()[0].format, "CSV");
  });

  it("accepts params sent as a form body, V3 and V1", async () => {
    await start();
    const params = { BackupSetId: "dbsset0003", BackupSetDataFormat: "JSON" };
    await caller({ asBody: true })("CreateFullBackupSetDownload", params);
    await caller({ asBody: true, signatureAlgorithm: "v2" })("CreateFullBackupSetDownload", params);
    assert.deepEqual(
      emulator.tasks().map((t) => [t.backupSetId, t.format]),
      [
        ["dbsset0003", "JSON"],
        ["dbsset0003", "JSON"],
      ],
    );
  });

  const WRONG_SECRET_CASES = [
    { name: "V3 SHA256", signatureAlgorithm: undefined, stringToSign: "ACS3-HMAC-SHA256\n" },
    { name: "V3 SM3", signatureAlgorithm: "ACS3-HMAC-SM3", stringToSign: "ACS3-HMAC-SM3\n" },
    { name: "V1", signatureAlgorithm: "v2", stringToSign: "POST&%2F&" },
  ] as const;
  for (const { name, signatureAlgorithm, stringToSign } of WRONG_SECRET_CASES) {
    it(`rejects a wrong secret with 400 SignatureDoesNotMatch (${name})`, async () => {
      await start();
      const credential = { ...DEFAULT_CREDENTIAL, accessKeySecret: "not-the-secret" };
      const error = await failure(
        caller({ credential, signatureAlgorithm })("CreateFullBackupSetDownload", {
          BackupSetId: "dbsset0001",
        }),
      );
      assert.equal(error.code, "SignatureDoesNotMatch");
      assert.equal(error.statusCode, 400);
      const data = error.data as Body;
      const prefix = "Specified signature is not matched with our calculation. server string to sign is:";
      assert.ok((data.Message as string).startsWith(prefix + stringToSign));
      assert.match(data.RequestId as string, UUID_UPPER);
      assert.equal(data.HostId, `127.0.0.1:${emulator.port}`);
      assert.equal(
        data.Recommend,
        `https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch&product=Dbs&requestId=${data.RequestId}`,
      );
      assert.ok(!JSON.stringify(data).includes(DEFAULT_CREDENTIAL.accessKeySecret));
      assert.equal(emulator.tasks().length, 0);
      assert.equal(emulator.requests[0].code, "SignatureDoesNotMatch");
    });
  }

  it("answers an unknown AccessKeyId with 404 InvalidAccessKeyId.NotFound", async () => {
    await start();
    const credential = { accessKeyId: "LTAIunknown", accessKeySecret: "x" };
    const error = await failure(caller({ credential })("DescribeBackupSetDownloadTaskList"));
    assert.equal(error.code, "InvalidAccessKeyId.NotFound");
    assert.equal(error.statusCode, 404);
    assert.equal((error.data as Body).Message, "Specified access key is not found.");
    assert.equal(emulator.requests[0].accessKeyId, "LTAIunknown");
  });

  describe("STS tokens", () => {
    const sts = { accessKeyId: "STS.emulatorKey", accessKeySecret: "sts-secret", securityToken: "tok-123" };

    for (const v1 of [false, true]) {
      it(`accepts the matching token (${v1 ? "V1" : "V3"})`, async () => {
        await start({ credentials: [sts] });
        const call = caller({ credential: sts, signatureAlgorithm: v1 ? "v2" : undefined });
        const body = await call("DescribeBackupSetDownloadTaskList", { BackupPlanId: "dbsplan0001" });
        assert.equal(body.TotalElements, 0);
        assert.deepEqual(emulator.requests[0].params, { BackupPlanId: "dbsplan0001" });
      });
    }

    it("rejects a wrong or missing token with 400 InvalidSecurityToken.MismatchWithAccessKey", async () => {
      await start({ credentials: [sts] });
      for (const securityToken of ["tok-999", undefined]) {
        const credential = { ...sts, securityToken };
        const error = await failure(caller({ credential })("DescribeFullBackupList"));
        assert.equal(error.code, "InvalidSecurityToken.MismatchWithAccessKey");
        assert.equal(error.statusCode, 400);
      }
    });

    it("rejects an expired token with 400 InvalidSecurityToken.Expired", async () => {
      await start({ credentials: [{ ...sts, expired: true }] });
      const error = await failure(
        caller({ credential: sts, signatureAlgorithm: "v2" })("DescribeFullBackupList"),
      );
      assert.equal(error.code, "InvalidSecurityToken.Expired");
      assert.equal(error.statusCode, 400);
      assert.equal((error.data as Body).Message, "Specified SecurityToken is expired.");
    });
  });

  describe("denied actions", () => {
    const limited = {
      accessKeyId: "LTAIreadOnly",
      accessKeySecret: "ro-secret-Qw3",
      deniedActions: ["CreateFullBackupSetDownload"],
    };
    const limitedSts = { ...limited, accessKeyId: "STS.readOnly", securityToken: "sts-token-Zx9" };
    const decoded = (detail: Body) =>
      JSON.parse(Buffer.from(detail.EncodedDiagnosticMessage as string, "base64").toString("utf8"));

    it("answers 403 Request.Forbidden with an AccessDeniedDetail that openapi-core surfaces", async () => {
      await start({ credentials: [limited] });
      const call = caller({ credential: limited });
      const error = await failure(call("CreateFullBackupSetDownload", { BackupSetId: "dbsset0001" }));
      assert.equal(error.name, "ClientError");
      assert.equal(error.code, "Request.Forbidden");
      assert.equal(error.statusCode, 403);
      const data = error.data as Body;
      assert.deepEqual(Object.keys(data), [
        "RequestId",
        "HostId",
        "Code",
        "Message",
        "Recommend",
        "AccessDeniedDetail",
      ]);
      assert.equal(data.Message, "Have no Permissions");
      const detail = data.AccessDeniedDetail as Body;
      assert.deepEqual(error.accessDeniedDetail, detail);
      const userId = detail.AuthPrincipalDisplayName as string;
      assert.match(userId, /^2\d{15}$/);
      assert.deepEqual(detail, {
        PolicyType: "AccountLevelIdentityBasedPolicy",
        AuthAction: "dbs:CreateFullBackupSetDownload",
        AuthPrincipalType: "SubUser",
        AuthPrincipalOwnerId: "1000000000000001",
        AuthPrincipalDisplayName: userId,
        NoPermissionType: "ImplicitDeny",
        EncodedDiagnosticMessage: detail.EncodedDiagnosticMessage,
      });
      assert.deepEqual(decoded(detail), {
        AuthAction: "dbs:CreateFullBackupSetDownload",
        AuthResource: "*",
        NoPermissionPolicyType: "AccountLevelIdentityBasedPolicy",
        ExplicitDeny: false,
        AuthPrincipal: {
          AuthPrincipalType: "SubUser",
          AuthPrincipalOwnerId: "1000000000000001",
          AuthPrincipalDisplayName: userId,
        },
      });
      const again = await failure(call("CreateFullBackupSetDownload", { BackupSetId: "dbsset0002" }));
      assert.equal(again.accessDeniedDetail?.AuthPrincipalDisplayName, userId);
      assert.equal((await call("DescribeBackupSetDownloadTaskList", { BackupPlanId: "p" })).Success, true);
      assert.equal(emulator.tasks().length, 0);
    });

    it("names an STS key's principal an AssumedRoleUser and never shows the key, secret or token", async () => {
      await start({ credentials: [limitedSts] });
      const error = await failure(
        caller({ credential: limitedSts, signatureAlgorithm: "v2" })("CreateFullBackupSetDownload", {
          BackupSetId: "dbsset0001",
        }),
      );
      const detail = error.accessDeniedDetail as Body;
      assert.equal(detail.AuthPrincipalType, "AssumedRoleUser");
      assert.match(detail.AuthPrincipalDisplayName as string, /^2\d{15}:emulator-session$/);
      const wire = JSON.stringify(error.data) + JSON.stringify(decoded(detail));
      for (const secret of [limitedSts.accessKeyId, limitedSts.accessKeySecret, limitedSts.securityToken]) {
        assert.ok(!wire.includes(secret), `the 403 body contains ${secret}`);
      }
    });
  });

  it("answers an unknown action with 404 and a wrong version with 400", async () => {
    await start();
    const notFound = await failure(caller()("DeleteBackupSetDownload", { BackupSetId: "x" }));
    assert.equal(notFound.code, "InvalidAction.NotFound");
    assert.equal(notFound.statusCode, 404);
    const badVersion = await failure(caller({ version: "2020-01-01" })("DescribeFullBackupList"));
    assert.equal(badVersion.code, "InvalidVersion");
    assert.equal(badVersion.statusCode, 400);
  });
});
