import { randomUUID } from "node:crypto";
import type { AccessDeniedDetail } from "./accessDenied";

/** A gateway-level failure: answered with a 4xx/5xx and an Alibaba-shaped error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly accessDeniedDetail?: AccessDeniedDetail,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface GatewayErrorBody {
  RequestId: string;
  HostId: string;
  Code: string;
  Message: string;
  Recommend: string;
  AccessDeniedDetail?: AccessDeniedDetail;
}

export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

export function gatewayErrorBody(
  error: ApiError,
  requestId: string,
  hostId: string,
  product = "Dbs",
): GatewayErrorBody {
  const recommend =
    `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}` +
    `&product=${product}&requestId=${requestId}`;
  const body: GatewayErrorBody = {
    RequestId: requestId,
    HostId: hostId,
    Code: error.code,
    Message: error.message,
    Recommend: recommend,
  };
  if (error.accessDeniedDetail) body.AccessDeniedDetail = error.accessDeniedDetail;
  return body;
}

export const missingParameter = (name: string): ApiError =>
  new ApiError(
    400,
    "MissingParameter",
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  );

export const invalidParameter = (name: string, value: string, reason = ""): ApiError =>
  new ApiError(
    400,
    "InvalidParameter",
    `The specified parameter "${name}" value "${value}" is not valid.${reason ? ` ${reason}` : ""}`,
  );

export const throttlingUser = (): ApiError =>
  new ApiError(400, "Throttling.User", "Request was denied due to user flow control.");

export const serviceUnavailable = (): ApiError =>
  new ApiError(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.");

/**
 * DBS business errors. Guess: DBS answers these with HTTP 200 and `Success:false`, putting the
 * would-be status in `HttpStatusCode` (the docs' response examples carry ErrCode/ErrMessage in the
 * body, but no captured failure exists). Clients must check `Success` either way; the emulator's
 * `businessErrors: "http"` answers them as gateway errors with that status instead.
 */
export class BusinessError extends Error {
  constructor(
    readonly httpStatusCode: number,
    readonly errCode: string,
    errMessage: string,
  ) {
    super(errMessage);
    this.name = "BusinessError";
  }
}

export const backupSetNotFound = (): BusinessError =>
  new BusinessError(404, "Param.NotFound", "The specified parameter BackupSetId value is not valid.");
