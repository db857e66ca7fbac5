/**
 * Alibaba Cloud request signatures, as pure functions: ACS3-HMAC-SHA256 (V3, the SDK default) and
 * the legacy RPC HMAC-SHA1 (V1, `signatureAlgorithm: "v2"` in the SDK Config).
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export const V3_ALGORITHM = "ACS3-HMAC-SHA256";

/** encodeURIComponent plus the characters RFC 3986 reserves that it leaves alone. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export interface V3Authorization {
  algorithm: string;
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses `ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=a;b,Signature=hex`; undefined if malformed. */
export function parseV3Authorization(header: string): V3Authorization | undefined {
  const match = /^(\S+)\s+(.*)$/.exec(header.trim());
  if (!match) return undefined;
  const fields = new Map<string, string>();
  for (const part of match[2].split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get("Credential");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (!accessKeyId || signedHeaders === undefined || !signature) return undefined;
  return {
    algorithm: match[1],
    accessKeyId,
    signedHeaders: signedHeaders.split(";").filter((h) => h !== ""),
    signature,
  };
}

export interface V3CanonicalInput {
  method: string;
  /** The raw request path, without the query. */
  pathname: string;
  /** Decoded query parameters. */
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Lower-case header names, in the order the Authorization header lists them. */
  signedHeaders: string[];
  /** Hex sha256 of the body, as declared in x-acs-content-sha256. */
  payloadHash: string;
}

export function v3CanonicalRequest(input: V3CanonicalInput): string {
  const canonicalQuery = Object.keys(input.query)
    .sort()
    .map((key) => `${key}=${percentEncode(input.query[key])}`)
    .join("&");
  const canonicalHeaders = input.signedHeaders
    .map((name) => {
      const value = input.headers[name.toLowerCase()];
      const text = Array.isArray(value) ? value.map((v) => v.trim()).join(",") : (value ?? "").trim();
      return `${name.toLowerCase()}:${text}\n`;
    })
    .join("");
  return [
    input.method,
    input.pathname,
    canonicalQuery,
    canonicalHeaders,
    input.signedHeaders.join(";"),
    input.payloadHash,
  ].join("\n");
}

export function v3StringToSign(canonicalRequest: string): string {
  return `${V3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
}

export function v3Signature(secret: string, stringToSign: string): string {
  return createHmac("sha256", secret).update(stringToSign).digest("hex");
}

/** `params` are every decoded query and form parameter; Signature itself is left out here. */
export function v1StringToSign(method: string, params: Record<string, string>): string {
  const canonical = Object.keys(params)
    .filter((key) => key !== "Signature")
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key])}`)
    .join("&");
  return `${method}&${percentEncode("/")}&${percentEncode(canonical)}`;
}

export function v1Signature(secret: string, stringToSign: string): string {
  return createHmac("sha1", `${secret}&`).update(stringToSign).digest("base64");
}
