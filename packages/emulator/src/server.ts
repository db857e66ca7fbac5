/** The HTTP side: read a request, run it through auth, limits, faults and the action, answer. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { accessDeniedDetail } from "./accessDenied";
import { ACTIONS, type ActionBehaviour } from "./actions";
import { principalOf, type Authenticator } from "./auth";
import { ACTIONS_2021, API_VERSION_2021, runAction2021 } from "./download2021";
import type { AdvancedDownloads } from "./download2021Store";
import type { AdvancedDownloadBehaviour } from "./download2021Types";
import {
  ApiError,
  BusinessError,
  gatewayErrorBody,
  missingParameter,
  newRequestId,
  serviceUnavailable,
  throttlingUser,
} from "./errors";
import { throttlingHeaders, type ActiveFault, type FaultQueue, type RateLimiter } from "./faults";
import type { SimClock } from "./lifecycle";
import { parseRequest, type ParsedRequest } from "./request";
import type { Store } from "./store";
import { STS_ACTIONS, STS_API_VERSION, redactSecrets, type Sts } from "./sts";
import type { EmulatorCredential, RecordedRequest } from "./types";

export const API_VERSION = "2019-03-06";
const MAX_BODY_BYTES = 1024 * 1024;

export interface ServerDeps {
  auth: Authenticator;
  sts: Sts;
  store: Store;
  clock: SimClock;
  faults: FaultQueue;
  limiter: RateLimiter;
  behaviour: ActionBehaviour;
  businessErrors: "body" | "http";
  /** The 2021-01-01 side (download2021.ts). */
  downloads2021: AdvancedDownloads;
  behaviour2021: AdvancedDownloadBehaviour;
  record(request: RecordedRequest): void;
  /** Sleeps that close() can cut short. */
  sleep(ms: number): Promise<void>;
}

type Outcome =
  | { kind: "json"; status: number; body: object; code?: string; headers?: Record<string, string> }
  | { kind: "html"; status: number }
  | { kind: "drop" };

/** The product an error's Recommend link names. */
type Product = "Dbs" | "Sts";

function errorOutcome(
  error: ApiError,
  requestId: string,
  hostId: string,
  headers?: Record<string, string>,
  product: Product = "Dbs",
): Outcome {
  return {
    kind: "json",
    status: error.status,
    code: error.code,
    body: gatewayErrorBody(error, requestId, hostId, product),
    headers,
  };
}

function runAction(
  deps: ServerDeps,
  request: ParsedRequest,
  credential: EmulatorCredential,
  requestId: string,
): Outcome {
  const handler = ACTIONS.get(request.action);
  if (!handler) throw new Error(`no handler for ${request.action}`);
  try {
    const fields = handler({
      params: request.businessParams,
      accessKeyId: credential.accessKeyId,
      principal: principalOf(credential),
      store: deps.store,
      now: deps.clock.now(),
      behaviour: deps.behaviour,
    });
    const body = {
      RequestId: requestId,
      Success: true,
      HttpStatusCode: 200,
      ErrCode: "",
      ErrMessage: "",
      ...fields,
    };
    return { kind: "json", status: 200, body };
  } catch (error) {
    if (!(error instanceof BusinessError)) throw error;
    if (deps.businessErrors === "http") {
      return errorOutcome(
        new ApiError(error.httpStatusCode, error.errCode, error.message),
        requestId,
        request.hostId,
      );
    }
    const body = {
      RequestId: requestId,
      Success: false,
      HttpStatusCode: error.httpStatusCode,
      ErrCode: error.errCode,
      ErrMessage: error.message,
    };
    return { kind: "json", status: 200, body, code: error.errCode };
  }
}

function runAdvancedAction(
  deps: ServerDeps,
  request: ParsedRequest,
  credential: EmulatorCredential,
  requestId: string,
): Outcome {
  const ctx = {
    params: request.businessParams,
    accessKeyId: credential.accessKeyId,
    downloads: deps.downloads2021,
    now: deps.clock.now(),
    behaviour: deps.behaviour2021,
  };
  const answer = runAction2021(request.action, ctx, requestId, request.hostId, deps.businessErrors);
  return { kind: "json", ...answer };
}

const actionNotFound = (): ApiError =>
  new ApiError(
    404,
    "InvalidAction.NotFound",
    "Specified api is not found, please check your url and method.",
  );

/** Gateway checks that come before the action: version, action name, permissions. */
function checkRoute(request: ParsedRequest, credential: EmulatorCredential): void {
  if (!request.version) throw missingParameter("Version");
  const actions =
    request.version === API_VERSION
      ? ACTIONS
      : request.version === API_VERSION_2021
        ? ACTIONS_2021
        : undefined;
  if (!actions) {
    throw new ApiError(400, "InvalidVersion", "Specified parameter Version is not valid.");
  }
  if (!request.action) throw missingParameter("Action");
  if (!actions.has(request.action)) throw actionNotFound();
  if (credential.deniedActions?.includes(request.action)) {
    throw new ApiError(
      403,
      "Request.Forbidden",
      "Have no Permissions",
      accessDeniedDetail(credential, request.action),
    );
  }
}

/** What an injected fault does to a request that `run` would otherwise answer. */
async function withFault(
  deps: ServerDeps,
  request: ParsedRequest,
  requestId: string,
  fault: ActiveFault | undefined,
  run: () => Outcome,
  product: Product = "Dbs",
): Promise<Outcome> {
  switch (fault?.kind) {
    case "unavailable":
      throw serviceUnavailable();
    case "throttling": {
      const headers = throttlingHeaders("user-api", undefined, fault.retryAfterMs);
      return errorOutcome(throttlingUser(), requestId, request.hostId, headers, product);
    }
    case "nonJson":
      return { kind: "html", status: 500 };
    case "reset":
      return { kind: "drop" };
    case "actThenDrop":
      run();
      return { kind: "drop" };
    case "slow":
      await deps.sleep(fault.delayMs);
      break;
  }
  return run();
}

/**
 * STS requests: not rate-limited (the limit models DBS's per-key flow control), and only faults that
 * name the STS action apply, so that a fault meant for DBS is not used up by a credential refresh.
 */
async function handleSts(deps: ServerDeps, request: ParsedRequest, requestId: string): Promise<Outcome> {
  if (!request.action) throw missingParameter("Action");
  if (!STS_ACTIONS.includes(request.action)) throw actionNotFound();
  const params = request.businessParams;
  // Verified first, as every signed call; AssumeRoleWithOIDC is anonymous.
  const caller = request.action === "AssumeRole" ? deps.auth.verify(request) : undefined;
  const run = (): Outcome => {
    const fields = caller ? deps.sts.assumeRole(params, caller) : deps.sts.assumeRoleWithOidc(params);
    return { kind: "json", status: 200, body: { RequestId: requestId, ...fields } };
  };
  return withFault(deps, request, requestId, deps.faults.take(request.action, true), run, "Sts");
}

async function handle(deps: ServerDeps, request: ParsedRequest, requestId: string): Promise<Outcome> {
  const product: Product = request.version === STS_API_VERSION ? "Sts" : "Dbs";
  try {
    if (request.method !== "POST" && request.method !== "GET") {
      throw new ApiError(405, "UnsupportedHTTPMethod", "This http method is not supported.");
    }
    if (product === "Sts") return await handleSts(deps, request, requestId);
    const credential = deps.auth.verify(request);
    checkRoute(request, credential);
    const waitMs = deps.limiter.admit(credential.accessKeyId);
    if (waitMs > 0) {
      const headers = throttlingHeaders("user", deps.limiter.perSecond, waitMs);
      return errorOutcome(throttlingUser(), requestId, request.hostId, headers);
    }
    const fault = deps.faults.take(request.action);
    const run = request.version === API_VERSION_2021 ? runAdvancedAction : runAction;
    return await withFault(deps, request, requestId, fault, () => run(deps, request, credential, requestId));
  } catch (error) {
    if (error instanceof ApiError) return errorOutcome(error, requestId, request.hostId, undefined, product);
    console.error("DBS emulator: internal error", error);
    const internal = new ApiError(
      500,
      "InternalError",
      "The request processing has failed due to some unknown error.",
    );
    return errorOutcome(internal, requestId, request.hostId, undefined, product);
  }
}

/**
 * The body, or undefined when it is over MAX_BODY_BYTES: the rest is then read and dropped, so that the
 * client gets a 413 rather than a connection reset while it is still sending.
 */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

// The gateway's code for this is undocumented; the status and the shape are what clients act on.
const bodyTooLarge = (): ApiError =>
  new ApiError(413, "RequestEntityTooLarge", `The request body exceeds ${MAX_BODY_BYTES} bytes.`);

function send(res: ServerResponse, outcome: Outcome, requestId: string): void {
  if (outcome.kind === "drop") {
    res.socket?.destroy();
    return;
  }
  if (outcome.kind === "html") {
    res.writeHead(500, { "content-type": "text/html;charset=utf-8", "x-acs-request-id": requestId });
    res.end(
      "<html><head><title>500 Internal Server Error</title></head><body><h1>500 Internal Server Error</h1></body></html>",
    );
    return;
  }
  res.writeHead(outcome.status, {
    "content-type": "application/json;charset=utf-8",
    "x-acs-request-id": requestId,
    ...outcome.headers,
  });
  res.end(JSON.stringify(outcome.body));
}

export function requestListener(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const at = Date.now();
    const requestId = newRequestId();
    readBody(req)
      .then(async (rawBody) => {
        const request = parseRequest(
          req.method ?? "GET",
          req.url ?? "/",
          req.headers,
          rawBody ?? Buffer.alloc(0),
        );
        const outcome = rawBody
          ? await handle(deps, request, requestId)
          : errorOutcome(bodyTooLarge(), requestId, request.hostId);
        const record: RecordedRequest = {
          action: request.action,
          params: redactSecrets(request.businessParams),
          signatureVersion: request.signatureVersion,
          statusCode: outcome.kind === "drop" ? 0 : outcome.status,
          requestId,
          at,
        };
        if (request.signatureAlgorithm !== undefined) record.signatureAlgorithm = request.signatureAlgorithm;
        if (request.claimedAccessKeyId !== undefined) record.accessKeyId = request.claimedAccessKeyId;
        if (outcome.kind === "json" && outcome.code !== undefined) record.code = outcome.code;
        // Recorded before answering, so a client that got its answer always finds it in the log.
        deps.record(record);
        send(res, outcome, requestId);
      })
      .catch(() => res.socket?.destroy());
  };
}
