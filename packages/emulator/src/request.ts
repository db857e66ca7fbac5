import type { IncomingHttpHeaders } from "node:http";

/** Parameters that only carry the signature or protocol, never business input. */
const PROTOCOL_PARAMS = new Set([
  "Signature",
  "SignatureNonce",
  "Timestamp",
  "AccessKeyId",
  "SignatureMethod",
  "SignatureVersion",
  "Format",
  "Action",
  "Version",
  "SecurityToken",
]);

export interface ParsedRequest {
  method: string;
  /** Raw path without the query string. */
  pathname: string;
  /** Decoded query parameters (the last one wins on duplicates). */
  query: Record<string, string>;
  /** Decoded query and form-body parameters; the body wins on conflicts. */
  allParams: Record<string, string>;
  /** allParams without the protocol-only ones: what the request log shows. */
  businessParams: Record<string, string>;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  signatureVersion: "v3" | "v1";
  /** The signature algorithm the request claims, before any verification. */
  signatureAlgorithm?: string;
  /** The AccessKeyId the request claims, before any verification. */
  claimedAccessKeyId?: string;
  action: string;
  version: string;
  hostId: string;
}

function decodePairs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text)) out[key] = value;
  return out;
}

function headerText(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

export function header(request: ParsedRequest, name: string): string | undefined {
  return headerText(request.headers, name);
}

export function parseRequest(
  method: string,
  url: string,
  headers: IncomingHttpHeaders,
  rawBody: Buffer,
): ParsedRequest {
  const queryStart = url.indexOf("?");
  const pathname = queryStart < 0 ? url : url.slice(0, queryStart);
  const query = queryStart < 0 ? {} : decodePairs(url.slice(queryStart + 1));
  const contentType = headerText(headers, "content-type") ?? "";
  const form = contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")
    ? decodePairs(rawBody.toString("utf8"))
    : {};
  const allParams = { ...query, ...form };
  const businessParams: Record<string, string> = {};
  for (const [key, value] of Object.entries(allParams)) {
    if (!PROTOCOL_PARAMS.has(key)) businessParams[key] = value;
  }
  const authorization = headerText(headers, "authorization");
  const signatureVersion = authorization !== undefined ? "v3" : "v1";
  const claimedAccessKeyId =
    signatureVersion === "v3"
      ? /Credential=([^,\s]+)/.exec(authorization ?? "")?.[1]
      : allParams["AccessKeyId"] || undefined;
  const signatureAlgorithm =
    signatureVersion === "v3"
      ? /^\s*(\S+)/.exec(authorization ?? "")?.[1]
      : allParams["SignatureMethod"] || undefined;
  return {
    method,
    pathname,
    query,
    allParams,
    businessParams,
    headers,
    rawBody,
    signatureVersion,
    signatureAlgorithm,
    claimedAccessKeyId,
    action: headerText(headers, "x-acs-action") ?? allParams["Action"] ?? "",
    version: headerText(headers, "x-acs-version") ?? allParams["Version"] ?? "",
    hostId: headerText(headers, "host") ?? "dbs-api.emulator.local",
  };
}
