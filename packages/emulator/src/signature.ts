/**
 * Alibaba Cloud request signatures, as pure functions: V3 with ACS3-HMAC-SHA256 (the SDK default) or
 * ACS3-HMAC-SM3 (`signatureAlgorithm: "ACS3-HMAC-SM3"` in the SDK Config), and the legacy RPC
 * HMAC-SHA1 (V1, `signatureAlgorithm: "v2"`).
 */
import { createHash, createHmac, getHashes, timingSafeEqual } from "node:crypto";

/**
 * The digest each V3 algorithm uses for the payload hash (sent in x-acs-content-sha256 whatever the
 * algorithm), the canonical-request hash and the HMAC. Only those this Node's OpenSSL provides count.
 */
const V3_DIGESTS: Readonly<Record<string, string>> = {
  "ACS3-HMAC-SHA256": "sha256",
  "ACS3-HMAC-SM3": "sm3",
};
const AVAILABLE = new Set(getHashes());
export const V3_ALGORITHMS: readonly string[] = Object.keys(V3_DIGESTS).filter((algorithm) =>
  AVAILABLE.has(V3_DIGESTS[algorithm]),
);

function digestOf(algorithm: string): string {
  const digest = V3_DIGESTS[algorithm];
  if (!digest || !AVAILABLE.has(digest)) throw new RangeError(`unsupported V3 algorithm ${algorithm}`);
  return digest;
}

/** encodeURIComponent plus the characters RFC 3986 reserves that it leaves alone. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The hex payload / canonical-request hash of a V3 algorithm. */
export function v3Hash(algorithm: string, data: Buffer | string): string {
  return createHash(digestOf(algorithm)).update(data).digest("hex");
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

/** Parses `ACS3-HMAC-<X> Credential=AK,SignedHeaders=a;b,Signature=hex`; undefined if malformed. */
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
  /** Hex hash of the body, as declared in x-acs-content-sha256. */
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

export function v3StringToSign(algorithm: string, canonicalRequest: string): string {
  return `${algorithm}\n${v3Hash(algorithm, canonicalRequest)}`;
}

export function v3Signature(algorithm: string, secret: string, stringToSign: string): string {
  return createHmac(digestOf(algorithm), secret).update(stringToSign).digest("hex");
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
