// A typed client for the DBS actions we call, over the OpenAPI runtime: signing, timeouts, retries with
// the same request, pacing, and errors that name the action, code, status, RequestId and a hint. I/O.
import type * as OpenApiCore from "@alicloud/openapi-core";
import type * as Dara from "@darabonba/typescript";
import type { CredentialSource, SettingNames, StaticCredentials } from "./credentials";
import type { Endpoint } from "./endpoints";
import type { AttemptFailure, DbsError } from "./errors";
import { businessFailure, classifyFailure, toDbsError } from "./errors";
import type { Pacer } from "./pacer";
import type { RetryPolicy } from "./retry";
import { DEFAULT_RETRY_POLICY, retrying } from "./retry";
import type { DbsActions, DbsResponseEnvelope } from "./types";
import type { Dbs2021Actions, Dbs2021ResponseEnvelope } from "./types2021";
import { DBS_2021_ACTIONS, DBS_2021_API_VERSION } from "./types2021";

const DBS_API_VERSION = "2019-03-06";

/** Per attempt, unless the options say otherwise; the runtime's own default is 3 s for both. */
export const DEFAULT_TIMEOUTS_MS = { read: 30_000, connect: 10_000 };

export interface DbsClientOptions {
  endpoint: Endpoint;
  credentials: CredentialSource;
  /** How the caller's settings are named in the hints of errors. */
  credentialKeys: SettingNames;
  regionId: string;
  /** Per attempt (DEFAULT_TIMEOUTS_MS). */
  readTimeoutMs?: number;
  connectTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** "v3" (ACS3-HMAC-SHA256 header, the runtime's default) or "v2" (legacy HMAC-SHA1 query signature). */
  signature?: "v3" | "v2";
  /** Paces every attempt, shared by the clients of one process (see core/connection.ts). */
  pacer?: Pacer;
  /** Replaces the real wait between attempts (tests). */
  sleep?: (ms: number) => Promise<void>;
}

/** The actions of both API versions; each is sent with its own version. */
type Actions = DbsActions & Dbs2021Actions;

export interface DbsClient {
  /** `retry` overrides the client's policy for this call (a create that is not idempotent: maxAttempts 1). */
  call<A extends keyof Actions>(
    action: A,
    request: Actions[A][0],
    retry?: Partial<RetryPolicy>,
  ): Promise<Actions[A][1]>;
}

type Envelope = DbsResponseEnvelope | Dbs2021ResponseEnvelope;

// A 200 answer with Success: false travels through the retry loop as an Error with this field.
interface UnsuccessfulAnswer extends Error {
  dbsFailure?: AttemptFailure;
}

function toQuery(request: object): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(request)) {
    if (value !== undefined && value !== null) query[key] = String(value);
  }
  return query;
}

export function createDbsClient(options: DbsClientOptions): DbsClient {
  const { credentials, endpoint } = options;
  const readTimeout = options.readTimeoutMs ?? DEFAULT_TIMEOUTS_MS.read;
  const connectTimeout = options.connectTimeoutMs ?? DEFAULT_TIMEOUTS_MS.connect;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  // Loaded on first use: a program that only declares resources, and a provider process that only
  // checks and diffs them (preview), never pay for the OpenAPI runtime (~140 ms to load).
  const { default: Client, $OpenApiUtil } = require("@alicloud/openapi-core") as typeof OpenApiCore;
  const $dara = require("@darabonba/typescript") as typeof Dara;
  let signer: { key: string; runtime: OpenApiCore.default } | undefined;

  /** A runtime signing with these credentials: a new one when temporary credentials were refreshed. */
  function runtimeFor(signing: StaticCredentials): OpenApiCore.default {
    const key = `${signing.accessKeyId}\n${signing.securityToken ?? ""}`;
    if (signer?.key === key) return signer.runtime;
    const runtime = new Client(
      new $OpenApiUtil.Config({
        endpoint: endpoint.host,
        protocol: endpoint.protocol,
        regionId: options.regionId,
        accessKeyId: signing.accessKeyId,
        accessKeySecret: signing.accessKeySecret,
        securityToken: signing.securityToken,
        readTimeout,
        connectTimeout,
        signatureAlgorithm: options.signature === "v2" ? "v2" : undefined,
      }),
    );
    signer = { key, runtime };
    return runtime;
  }

  /** Before every attempt: a refresh that fails is not a DBS failure and is not retried here. */
  async function signing(): Promise<StaticCredentials> {
    try {
      return await credentials.current();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw Object.assign(new Error(message), {
        dbsFailure: { code: "CredentialsUnavailable", message, transient: false },
      });
    }
  }

  async function attempt(action: string, query: Record<string, string>): Promise<Envelope> {
    const params = new $OpenApiUtil.Params({
      action,
      version: Object.hasOwn(DBS_2021_ACTIONS, action) ? DBS_2021_API_VERSION : DBS_API_VERSION,
      protocol: endpoint.protocol.toUpperCase(),
      pathname: "/",
      method: "POST",
      authType: "AK",
      style: "RPC",
      reqBodyType: "formData",
      bodyType: "json",
    });
    const result = await runtimeFor(await signing()).callApi(
      params,
      new $OpenApiUtil.OpenApiRequest({ query }),
      new $dara.RuntimeOptions({ readTimeout, connectTimeout }),
    );
    const body = result.body as Envelope | undefined;
    if (body === null || typeof body !== "object") {
      throw new SyntaxError(`expected a JSON object, got ${typeof body}`);
    }
    // 2019-03-06 answers a boolean, 2021-01-01 a string ("false", or "False").
    if (String(body.Success).toLowerCase() === "false") {
      throw Object.assign(new Error("Success: false"), {
        dbsFailure: businessFailure(body, result.statusCode),
      });
    }
    return body;
  }

  const { pacer } = options;

  /** One attempt, reported to the pacer: whatever the server answered, and whether it throttled. */
  async function pacedAttempt(action: string, query: Record<string, string>): Promise<Envelope> {
    try {
      const body = await attempt(action, query);
      pacer?.answered();
      return body;
    } catch (error) {
      const failure = (error as UnsuccessfulAnswer).dbsFailure ?? classifyFailure(error);
      if (failure.throttled) failure.paced = pacer?.throttled(failure.retryAfterMs);
      else if (failure.statusCode !== undefined) pacer?.answered();
      else pacer?.failed();
      throw Object.assign(error as Error, { dbsFailure: failure });
    }
  }

  return {
    call<A extends keyof Actions>(
      action: A,
      request: Actions[A][0],
      retry?: Partial<RetryPolicy>,
    ): Promise<Actions[A][1]> {
      const query = toQuery(request);
      const callPolicy = retry ? { ...policy, ...retry } : policy;
      return retrying<Envelope, AttemptFailure>(callPolicy, () => pacedAttempt(action, query), {
        classify: (error) => (error as UnsuccessfulAnswer).dbsFailure ?? classifyFailure(error),
        giveUp: (failure, attempts): DbsError =>
          toDbsError(
            action,
            failure,
            attempts,
            credentials.served(),
            options.credentialKeys,
            credentials.fromChain,
          ),
        pace: pacer && (() => pacer.acquire()),
        sleep: options.sleep,
      }) as Promise<Actions[A][1]>;
    },
  };
}
