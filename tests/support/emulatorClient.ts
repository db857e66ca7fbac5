/**
 * DBS calls for the emulator's own tests, made by the real @alicloud/openapi-core client (signed as
 * the official SDK signs: V3 ACS3-HMAC-SHA256 by default, ACS3-HMAC-SM3, or V1 HMAC-SHA1), plus a
 * V1 request signed by that SDK's signer but sent with fetch, for tests that must see raw headers.
 */
import assert from "node:assert/strict";
import Client, { $OpenApiUtil, OpenApiUtil } from "@alicloud/openapi-core";
import * as $dara from "@darabonba/typescript";
import type { Emulator, EmulatorOptions } from "../../packages/emulator/src";
import { DEFAULT_CREDENTIAL, startEmulator } from "../../packages/emulator/src";

export type Body = Record<string, unknown>;

/**
 * One emulator per test, closed after it: `start` begins it (and hands it to `started`, so a suite
 * keeps it in its own variable), `caller` signs requests to the one running.
 */
export function emulatorPerTest(started: (emulator: Emulator) => void) {
  let running: Emulator | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });
  return {
    async start(options: EmulatorOptions = {}): Promise<Emulator> {
      running = await startEmulator(options);
      started(running);
      return running;
    },
    caller: (options?: CallOptions) =>
      dbsCaller(running?.port ?? assert.fail("caller() before start()"), options),
  };
}

/** The task details of a DescribeBackupSetDownloadTaskList answer. */
export function taskDetails(body: Body): Body[] {
  return (body.Items as { BackupSetDownloadTaskDetail: Body[] }).BackupSetDownloadTaskDetail;
}

export interface Credential {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface CallOptions {
  /** Default DEFAULT_CREDENTIAL. */
  credential?: Credential;
  /** Config.signatureAlgorithm: unset (ACS3-HMAC-SHA256), "ACS3-HMAC-SM3", or "v2" (V1 HMAC-SHA1). */
  signatureAlgorithm?: "ACS3-HMAC-SM3" | "v2";
  version?: string;
  /** Default 5000. */
  readTimeout?: number;
  /** Send the params as a form body instead of the query string. */
  asBody?: boolean;
  /** Call over HTTPS, trusting this PEM certificate (an emulator started with `https: true`). */
  ca?: string;
}

/** What openapi-core's ThrottlingError / ClientError / ServerError (or a network error) carry. */
export interface Failure {
  name: string;
  message: string;
  code?: string;
  statusCode?: number;
  data?: Body;
  retryAfter?: number;
  accessDeniedDetail?: Body;
}

/** Returns a function that calls one DBS action and resolves with the body of its 200 answer. */
export function dbsCaller(port: number, options: CallOptions = {}) {
  const { accessKeyId, accessKeySecret, securityToken } = options.credential ?? DEFAULT_CREDENTIAL;
  const client = new Client(
    new $OpenApiUtil.Config({
      endpoint: `127.0.0.1:${port}`,
      protocol: options.ca ? "https" : "http",
      ca: options.ca,
      accessKeyId,
      accessKeySecret,
      securityToken,
      signatureAlgorithm: options.signatureAlgorithm,
      readTimeout: options.readTimeout ?? 5000,
      connectTimeout: 5000,
    }),
  );
  const params = (action: string) =>
    new $OpenApiUtil.Params({
      action,
      version: options.version ?? "2019-03-06",
      protocol: options.ca ? "HTTPS" : "HTTP",
      pathname: "/",
      method: "POST",
      authType: "AK",
      style: "RPC",
      reqBodyType: "formData",
      bodyType: "json",
    });
  return async (action: string, query: Record<string, string> = {}): Promise<Body> => {
    const request = new $OpenApiUtil.OpenApiRequest(options.asBody ? { body: query } : { query });
    const result = await client.callApi(params(action), request, new $dara.RuntimeOptions({}));
    assert.equal(result.statusCode, 200);
    return result.body as Body;
  };
}

export async function failure(promise: Promise<unknown>): Promise<Failure> {
  try {
    await promise;
  } catch (error) {
    return error as Failure;
  }
  assert.fail("expected the call to fail");
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: Body;
}

/** One V1-signed POST (the SDK's `OpenApiUtil.getRPCSignature`), answered with every header. */
export async function rawV1Call(
  url: string,
  action: string,
  params: Record<string, string> = {},
  credential: Credential = DEFAULT_CREDENTIAL,
): Promise<RawAnswer> {
  const query: Record<string, string> = {
    Action: action,
    Version: "2019-03-06",
    Format: "json",
    Timestamp: OpenApiUtil.getTimestamp(),
    SignatureNonce: OpenApiUtil.getNonce(),
    SignatureMethod: "HMAC-SHA1",
    SignatureVersion: "1.0",
    AccessKeyId: credential.accessKeyId,
    ...(credential.securityToken && { SecurityToken: credential.securityToken }),
    ...params,
  };
  query.Signature = OpenApiUtil.getRPCSignature(query, "POST", credential.accessKeySecret);
  const response = await fetch(`${url}/?${new URLSearchParams(query)}`, { method: "POST" });
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: (await response.json()) as Body,
  };
}
