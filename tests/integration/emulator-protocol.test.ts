/**
 * Gateway checks the SDK never trips on its own (nonce reuse, stale timestamps, missing auth,
 * body hash), exercised with hand-built requests over real HTTP.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { DEFAULT_CREDENTIAL, startEmulator, type Emulator } from "../../packages/emulator/src";
import {
  percentEncode,
  v1Signature,
  v1StringToSign,
  v3CanonicalRequest,
  v3Hash,
  v3Signature,
  v3StringToSign,
} from "../../packages/emulator/src/signature";

const SHA256 = "ACS3-HMAC-SHA256";

interface RawResponse {
  status: number;
  contentType: string;
  body: Record<string, unknown>;
}

async function send(
  emulator: Emulator,
  method: string,
  query: string,
  headers: Record<string, string>,
  body = "",
) {
  const response = await fetch(`${emulator.url}/?${query}`, { method, headers, body: body || undefined });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    body: JSON.parse(text) as Record<string, unknown>,
  } satisfies RawResponse;
}

function v1Query(
  params: Record<string, string>,
  overrides: Record<string, string> = {},
  method = "POST",
): string {
  const all: Record<string, string> = {
    Action: "DescribeFullBackupList",
    Version: "2019-03-06",
    Format: "json",
    Timestamp: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    SignatureNonce: randomUUID(),
    SignatureMethod: "HMAC-SHA1",
    SignatureVersion: "1.0",
    AccessKeyId: DEFAULT_CREDENTIAL.accessKeyId,
    ...params,
    ...overrides,
  };
  all.Signature = v1Signature(DEFAULT_CREDENTIAL.accessKeySecret, v1StringToSign(method, all));
  return Object.entries(all)
    .map(([k, v]) => `${k}=${percentEncode(v)}`)
    .join("&");
}

/** A V3-signed request whose headers can be tampered with after signing. */
function v3Request(emulator: Emulator, body: string, date = new Date()) {
  const headers: Record<string, string> = {
    host: `127.0.0.1:${emulator.port}`,
    "x-acs-action": "DescribeFullBackupList",
    "x-acs-version": "2019-03-06",
    "x-acs-date": date.toISOString().replace(/\.\d+Z$/, "Z"),
    "x-acs-signature-nonce": randomUUID(),
    "x-acs-content-sha256": v3Hash(SHA256, body),
    "content-type": "application/x-www-form-urlencoded",
  };
  const signedHeaders = Object.keys(headers).sort();
  const canonical = v3CanonicalRequest({
    method: "POST",
    pathname: "/",
    query: {},
    headers,
    signedHeaders,
    payloadHash: v3Hash(SHA256, body),
  });
  const signature = v3Signature(
    SHA256,
    DEFAULT_CREDENTIAL.accessKeySecret,
    v3StringToSign(SHA256, canonical),
  );
  headers.authorization = `${SHA256} Credential=${DEFAULT_CREDENTIAL.accessKeyId},SignedHeaders=${signedHeaders.join(";")},Signature=${signature}`;
  return headers;
}

describe("DBS emulator gateway checks", () => {
  let emulator: Emulator;
  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    await emulator.close();
  });

  it("accepts a hand-signed V1 request, also as GET with the same signature rules", async () => {
    const ok = await send(emulator, "POST", v1Query({ BackupPlanId: "dbsplan0001" }), {});
    assert.equal(ok.status, 200);
    assert.equal(ok.contentType, "application/json;charset=utf-8");
    assert.equal(ok.body.TotalElements, 4);
    const get = await send(emulator, "GET", v1Query({ BackupPlanId: "dbsplan0001" }, {}, "GET"), {});
    assert.equal(get.body.TotalElements, 4);
    // The V1 string to sign starts with the HTTP method, so a POST signature fails on GET.
    const postSignedGet = await send(emulator, "GET", v1Query({ BackupPlanId: "dbsplan0001" }), {});
    assert.equal(postSignedGet.body.Code, "SignatureDoesNotMatch");
  });

  it("rejects a reused SignatureNonce with 400 SignatureNonceUsed", async () => {
    const query = v1Query({ BackupPlanId: "dbsplan0001" }, { SignatureNonce: "nonce-1" });
    assert.equal((await send(emulator, "POST", query, {})).status, 200);
    const replay = await send(emulator, "POST", query, {});
    assert.deepEqual([replay.status, replay.body.Code], [400, "SignatureNonceUsed"]);
    const v3 = v3Request(emulator, "BackupPlanId=dbsplan0001");
    assert.equal((await send(emulator, "POST", "", v3, "BackupPlanId=dbsplan0001")).status, 200);
    const v3Replay = await send(emulator, "POST", "", v3, "BackupPlanId=dbsplan0001");
    assert.deepEqual([v3Replay.status, v3Replay.body.Code], [400, "SignatureNonceUsed"]);
  });

  it("rejects timestamps more than 15 minutes off with 400 InvalidTimeStamp.Expired", async () => {
    const stale = new Date(Date.now() - 16 * 60 * 1000).toISOString().replace(/\.\d+Z$/, "Z");
    const v1 = await send(emulator, "POST", v1Query({ BackupPlanId: "p" }, { Timestamp: stale }), {});
    assert.deepEqual([v1.status, v1.body.Code], [400, "InvalidTimeStamp.Expired"]);
    const future = new Date(Date.now() + 16 * 60 * 1000);
    const v3 = await send(emulator, "POST", "", v3Request(emulator, "", future));
    assert.deepEqual([v3.status, v3.body.Code], [400, "InvalidTimeStamp.Expired"]);
    const garbled = await send(emulator, "POST", v1Query({}, { Timestamp: "yesterday" }), {});
    assert.deepEqual([garbled.status, garbled.body.Code], [400, "InvalidTimeStamp.Format"]);
  });

  it("rejects a request with no signature at all with 400 MissingAccessKeyId and logs it", async () => {
    const bare = "Action=DescribeFullBackupList&Version=2019-03-06&BackupPlanId=p";
    const response = await send(emulator, "POST", bare, {});
    assert.equal(response.status, 400);
    assert.deepEqual(Object.keys(response.body), ["RequestId", "HostId", "Code", "Message", "Recommend"]);
    assert.deepEqual(
      [response.body.Code, response.body.Message],
      ["MissingAccessKeyId", "AccessKeyId is mandatory for this action."],
    );
    // V3-style headers without an Authorization header are no signature either.
    const headersOnly = await send(emulator, "POST", "BackupPlanId=p", {
      "x-acs-action": "DescribeFullBackupList",
      "x-acs-version": "2019-03-06",
    });
    assert.deepEqual([headersOnly.status, headersOnly.body.Code], [400, "MissingAccessKeyId"]);
    assert.deepEqual(
      emulator.requests.map((r) => [r.action, r.statusCode, r.code, r.signatureVersion, r.accessKeyId]),
      [
        ["DescribeFullBackupList", 400, "MissingAccessKeyId", "v1", undefined],
        ["DescribeFullBackupList", 400, "MissingAccessKeyId", "v1", undefined],
      ],
    );
    assert.deepEqual(emulator.requests[0].params, { BackupPlanId: "p" });
  });

  it("names the V1 parameter a signed-looking request lacks with 400 MissingParameter", async () => {
    const query = v1Query({ BackupPlanId: "p" });
    const withoutSignature = query.replace(/&Signature=[^&]*/, "");
    const response = await send(emulator, "POST", withoutSignature, {});
    assert.deepEqual(
      [response.status, response.body.Code, response.body.Message],
      [
        400,
        "MissingParameter",
        'The input parameter "Signature" that is mandatory for processing this request is not supplied.',
      ],
    );
  });

  it("checks x-acs-content-sha256 against the body", async () => {
    const headers = v3Request(emulator, "BackupPlanId=dbsplan0001");
    const response = await send(emulator, "POST", "", headers, "BackupPlanId=dbsplan0002");
    assert.deepEqual([response.status, response.body.Code], [400, "SignatureDoesNotMatch"]);
  });

  it("rejects an unsupported V3 algorithm with 400 IncompleteSignature", async () => {
    const headers = v3Request(emulator, "");
    headers.authorization = headers.authorization.replace(SHA256, "ACS3-RSA-SHA256");
    const response = await send(emulator, "POST", "", headers);
    assert.deepEqual(
      [response.status, response.body.Code, response.body.Message],
      [
        400,
        "IncompleteSignature",
        "The request signature does not conform to Aliyun standards. Unsupported signature algorithm ACS3-RSA-SHA256.",
      ],
    );
  });

  it("checks an SM3 request's x-acs-content-sha256 against the SM3 hash of the body", async () => {
    const headers = v3Request(emulator, "BackupPlanId=dbsplan0001");
    headers.authorization = headers.authorization.replace(SHA256, "ACS3-HMAC-SM3");
    const response = await send(emulator, "POST", "", headers, "BackupPlanId=dbsplan0001");
    assert.deepEqual(
      [response.status, response.body.Code, response.body.Message],
      [
        400,
        "SignatureDoesNotMatch",
        "The x-acs-content-sha256 header does not match the ACS3-HMAC-SM3 hash of the request body.",
      ],
    );
  });
});
