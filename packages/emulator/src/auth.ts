/** Verifies who sent a request: signature (V3 or V1), timestamp, nonce and STS token. */
import { ApiError, missingParameter } from "./errors";
import { header, type ParsedRequest } from "./request";
import {
  V3_ALGORITHMS,
  constantTimeEqual,
  parseV3Authorization,
  v1Signature,
  v1StringToSign,
  v3CanonicalRequest,
  v3Hash,
  v3Signature,
  v3StringToSign,
} from "./signature";
import type { EmulatorCredential } from "./types";

const CLOCK_SKEW_MS = 15 * 60 * 1000;
const NONCE_TTL_MS = 15 * 60 * 1000;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

const incompleteSignature = (detail: string): ApiError =>
  new ApiError(
    400,
    "IncompleteSignature",
    `The request signature does not conform to Aliyun standards. ${detail}`,
  );

const signatureMismatch = (stringToSign: string): ApiError =>
  new ApiError(
    400,
    "SignatureDoesNotMatch",
    `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
  );

/** What a request claims about itself, collected from either signature style. */
interface Claims {
  accessKeyId: string;
  timestamp: string;
  nonce: string;
  securityToken?: string;
  /** Recomputes the string to sign and the expected signature from the secret. */
  expected(secret: string): { stringToSign: string; signature: string };
  signature: string;
}

function v3Claims(request: ParsedRequest, authorization: string): Claims {
  const auth = parseV3Authorization(authorization);
  if (!auth) throw incompleteSignature("The Authorization header is malformed.");
  const { algorithm } = auth;
  if (!V3_ALGORITHMS.includes(algorithm)) {
    throw incompleteSignature(`Unsupported signature algorithm ${algorithm}.`);
  }
  // The header keeps its name under SM3 but carries the SM3 hash of the body.
  const payloadHash = header(request, "x-acs-content-sha256");
  if (payloadHash === undefined) throw missingParameter("x-acs-content-sha256");
  if (payloadHash !== v3Hash(algorithm, request.rawBody)) {
    throw new ApiError(
      400,
      "SignatureDoesNotMatch",
      `The x-acs-content-sha256 header does not match the ${algorithm} hash of the request body.`,
    );
  }
  const timestamp = header(request, "x-acs-date");
  if (timestamp === undefined) throw missingParameter("x-acs-date");
  const nonce = header(request, "x-acs-signature-nonce");
  if (!nonce) throw missingParameter("x-acs-signature-nonce");
  return {
    accessKeyId: auth.accessKeyId,
    timestamp,
    nonce,
    securityToken: header(request, "x-acs-security-token"),
    signature: auth.signature,
    expected(secret) {
      const canonical = v3CanonicalRequest({
        method: request.method,
        pathname: request.pathname,
        query: request.query,
        headers: request.headers,
        signedHeaders: auth.signedHeaders,
        payloadHash,
      });
      const stringToSign = v3StringToSign(algorithm, canonical);
      return { stringToSign, signature: v3Signature(algorithm, secret, stringToSign) };
    },
  };
}

function v1Claims(request: ParsedRequest): Claims {
  const params = request.allParams;
  // What gateways answer a request that carries no signature at all (no Authorization, no AccessKeyId).
  if (!params["AccessKeyId"]) {
    throw new ApiError(400, "MissingAccessKeyId", "AccessKeyId is mandatory for this action.");
  }
  for (const name of ["Signature", "SignatureMethod", "SignatureVersion", "Timestamp"]) {
    if (!params[name]) throw missingParameter(name);
  }
  if (params["SignatureMethod"] !== "HMAC-SHA1") {
    throw incompleteSignature(`Unsupported SignatureMethod ${params["SignatureMethod"]}.`);
  }
  if (params["SignatureVersion"] !== "1.0") {
    throw incompleteSignature(`Unsupported SignatureVersion ${params["SignatureVersion"]}.`);
  }
  if (!params["SignatureNonce"]) throw missingParameter("SignatureNonce");
  return {
    accessKeyId: params["AccessKeyId"],
    timestamp: params["Timestamp"],
    nonce: params["SignatureNonce"],
    securityToken: params["SecurityToken"],
    signature: params["Signature"],
    expected(secret) {
      const stringToSign = v1StringToSign(request.method, params);
      return { stringToSign, signature: v1Signature(secret, stringToSign) };
    },
  };
}

function checkTimestamp(timestamp: string, now: number): void {
  const at = ISO_UTC.test(timestamp) ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(at)) {
    throw new ApiError(
      400,
      "InvalidTimeStamp.Format",
      "Specified time stamp or date value is not well formatted.",
    );
  }
  if (Math.abs(now - at) > CLOCK_SKEW_MS) {
    throw new ApiError(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
  }
}

function checkSecurityToken(credential: EmulatorCredential, sent: string | undefined, now: number): void {
  if ((sent ?? "") !== (credential.securityToken ?? "")) {
    throw new ApiError(
      400,
      "InvalidSecurityToken.MismatchWithAccessKey",
      "Specified SecurityToken mismatch with the AccessKey.",
    );
  }
  if (credential.expired || (credential.expiresAt !== undefined && now >= credential.expiresAt)) {
    throw new ApiError(400, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.");
  }
}

/** Whose ClientTokens a key shares: its role for a role session's key, else the key alone. */
export function principalOf(credential: EmulatorCredential): string {
  return credential.roleArn ?? credential.accessKeyId;
}

/** Keys STS issued stay known this long after expiring, so that they keep answering "Expired". */
const ISSUED_KEY_MEMORY_MS = 60 * 60 * 1000;

export class Authenticator {
  private readonly credentials = new Map<string, EmulatorCredential>();
  private readonly issued = new Set<string>();
  /** `${accessKeyId}\n${nonce}` → real time first seen; insertion order is time order. */
  private readonly nonces = new Map<string, number>();

  constructor(credentials: EmulatorCredential[]) {
    for (const credential of credentials) this.credentials.set(credential.accessKeyId, credential);
  }

  /** Returns the verified credential, or throws the ApiError the gateway would answer with. */
  verify(request: ParsedRequest, now = Date.now()): EmulatorCredential {
    const authorization = header(request, "authorization");
    const claims = authorization !== undefined ? v3Claims(request, authorization) : v1Claims(request);
    checkTimestamp(claims.timestamp, now);
    const credential = this.credentials.get(claims.accessKeyId);
    if (!credential) {
      throw new ApiError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
    }
    checkSecurityToken(credential, claims.securityToken, now);
    const expected = claims.expected(credential.accessKeySecret);
    if (!constantTimeEqual(expected.signature, claims.signature)) {
      throw signatureMismatch(expected.stringToSign);
    }
    this.useNonce(`${claims.accessKeyId}\n${claims.nonce}`, now);
    return credential;
  }

  /** Accepts a key STS just issued (it must carry expiresAt); forgets issued keys long expired. */
  register(credential: EmulatorCredential, now = Date.now()): void {
    for (const accessKeyId of this.issued) {
      const expiresAt = this.credentials.get(accessKeyId)?.expiresAt ?? 0;
      if (now - expiresAt > ISSUED_KEY_MEMORY_MS) {
        this.issued.delete(accessKeyId);
        this.credentials.delete(accessKeyId);
      }
    }
    this.credentials.set(credential.accessKeyId, credential);
    this.issued.add(credential.accessKeyId);
  }

  /** The keys STS issued and still remembers, oldest first. */
  issuedCredentials(): EmulatorCredential[] {
    return [...this.issued].flatMap((id) => this.credentials.get(id) ?? []);
  }

  private useNonce(key: string, now: number): void {
    for (const [old, seenAt] of this.nonces) {
      if (now - seenAt <= NONCE_TTL_MS) break;
      this.nonces.delete(old);
    }
    if (this.nonces.has(key)) {
      throw new ApiError(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
    }
    this.nonces.set(key, now);
  }
}
