/**
 * A self-signed X.509 v3 certificate for the emulator's HTTPS mode, encoded here in DER so that no
 * dependency is needed: an EC P-256 key, signed ecdsa-with-SHA256, its own CA (the client trusts it
 * by being given this very certificate as `ca`, e.g. through NODE_EXTRA_CA_CERTS).
 */
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { isIP } from "node:net";

export interface GeneratedCertificate {
  /** PEM "CERTIFICATE"; also what clients must trust. */
  certificate: string;
  /** PEM PKCS#8 private key. */
  privateKey: string;
}

export interface CertificateOptions {
  /** Extra subjectAltNames besides 127.0.0.1, ::1 and localhost: IP addresses or DNS names. */
  hosts?: string[];
  /** Default: now. */
  now?: number;
}

export const CERTIFICATE_NAME = "alicloud-dbs-emulator";
const HOUR_MS = 60 * 60 * 1000;
const VALID_DAYS = 30;

const OID = {
  commonName: "2.5.4.3",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
};

/** DER definite length: short form below 128, else 0x80|n followed by n big-endian bytes. */
export function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}

const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
const octetString = (content: Buffer): Buffer => tlv(0x04, content);
const bitString = (content: Buffer, unusedBits = 0): Buffer =>
  tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), content]));
const explicit = (tagNumber: number, content: Buffer): Buffer => tlv(0xa0 | tagNumber, content);
const TRUE = tlv(0x01, Buffer.from([0xff]));

/** A non-negative INTEGER from big-endian bytes: no redundant leading zeros, a 0x00 before a high bit. */
export function derInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  const content = trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
  return tlv(0x02, content.length ? content : Buffer.from([0]));
}

/** OBJECT IDENTIFIER: 40*a+b, then each arc in base 128 with the high bit on all but the last byte. */
export function derOid(dotted: string): Buffer {
  const arcs = dotted.split(".").map(Number);
  const bytes = [40 * arcs[0] + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const chunk = [arc % 128];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) {
      chunk.unshift(0x80 | (rest % 128));
    }
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime up to 2049, GeneralizedTime after, as RFC 5280 requires; both to the second, in Z. */
export function derTime(ms: number): Buffer {
  const iso = new Date(ms).toISOString();
  const digits = iso.slice(0, 19).replace(/[-:T]/g, "");
  const year = Number(iso.slice(0, 4));
  return year < 2050
    ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`, "ascii"))
    : tlv(0x18, Buffer.from(`${digits}Z`, "ascii"));
}

/** 4 bytes for IPv4, 16 for IPv6 (with `::` and a trailing dotted quad expanded). */
export function ipBytes(address: string): Buffer {
  const ip = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (isIP(ip) === 4) return Buffer.from(ip.split(".").map(Number));
  if (isIP(ip) !== 6) throw new Error(`not an IP address: ${address}`);
  let text = ip;
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad[1].split(".").map(Number);
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const groups = (part: string | undefined) => (part ? part.split(":") : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const missing = 8 - left.length - right.length;
  const all = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...right];
  const bytes = Buffer.alloc(16);
  all.forEach((group, i) => bytes.writeUInt16BE(parseInt(group, 16), i * 2));
  return bytes;
}

function name(commonName: string): Buffer {
  return sequence(set(sequence(derOid(OID.commonName), tlv(0x0c, Buffer.from(commonName, "utf8")))));
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return critical
    ? sequence(derOid(oid), TRUE, octetString(value))
    : sequence(derOid(oid), octetString(value));
}

/** Wildcard listen addresses are no name a client connects to. */
const WILDCARDS = ["0.0.0.0", "::", "[::]"];

function subjectAltNames(hosts: string[]): Buffer {
  const names: Buffer[] = [];
  const seen = new Set<string>();
  for (const host of ["127.0.0.1", "::1", "localhost", ...hosts]) {
    if (WILDCARDS.includes(host)) continue;
    const isAddress = isIP(host.replace(/^\[|\]$/g, "").replace(/%.*$/, "")) !== 0;
    // iPAddress is [7] IMPLICIT OCTET STRING, dNSName [2] IMPLICIT IA5String.
    const entry = isAddress ? tlv(0x87, ipBytes(host)) : tlv(0x82, Buffer.from(host.toLowerCase(), "ascii"));
    const key = entry.toString("hex");
    if (!seen.has(key)) names.push(entry);
    seen.add(key);
  }
  return sequence(...names);
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

export function generateCertificate(options: CertificateOptions = {}): GeneratedCertificate {
  const now = options.now ?? Date.now();
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const algorithm = sequence(derOid(OID.ecdsaWithSha256));
  // digitalSignature is bit 0 (0x80) and keyCertSign bit 5 (0x04); the two low bits are unused.
  const keyUsage = bitString(Buffer.from([0x84]), 2);
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const tbs = sequence(
    explicit(0, derInteger(Buffer.from([2]))),
    derInteger(serial),
    algorithm,
    name(CERTIFICATE_NAME),
    sequence(derTime(now - HOUR_MS), derTime(now + VALID_DAYS * 24 * HOUR_MS)),
    name(CERTIFICATE_NAME),
    publicKey.export({ type: "spki", format: "der" }),
    explicit(
      3,
      sequence(
        extension(OID.basicConstraints, true, sequence(TRUE)),
        extension(OID.keyUsage, true, keyUsage),
        extension(OID.subjectAltName, false, subjectAltNames(options.hosts ?? [])),
      ),
    ),
  );
  const signature = sign("sha256", tbs, privateKey);
  return {
    certificate: pem("CERTIFICATE", sequence(tbs, algorithm, bitString(signature))),
    privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}
