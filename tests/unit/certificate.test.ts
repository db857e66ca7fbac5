import { strict as assert } from "node:assert";
import { X509Certificate, createPublicKey } from "node:crypto";
import {
  CERTIFICATE_NAME,
  derInteger,
  derLength,
  derOid,
  derTime,
  generateCertificate,
  ipBytes,
} from "../../packages/emulator/src/certificate";

const hex = (buffer: Buffer) => buffer.toString("hex");
const HOUR_MS = 60 * 60 * 1000;

describe("emulator certificate DER encoding", () => {
  it("encodes lengths in short form below 128 and long form from 128", () => {
    assert.equal(hex(derLength(0)), "00");
    assert.equal(hex(derLength(127)), "7f");
    assert.equal(hex(derLength(128)), "8180");
    assert.equal(hex(derLength(255)), "81ff");
    assert.equal(hex(derLength(256)), "820100");
    assert.equal(hex(derLength(65536)), "83010000");
  });

  it("encodes non-negative integers minimally, with a 00 before a high bit", () => {
    assert.equal(hex(derInteger(Buffer.from([2]))), "020102");
    assert.equal(hex(derInteger(Buffer.from([0, 0, 0x7f]))), "02017f");
    assert.equal(hex(derInteger(Buffer.from([0x80]))), "02020080");
    assert.equal(hex(derInteger(Buffer.from([0]))), "020100");
  });

  it("encodes object identifiers with base-128 arcs", () => {
    assert.equal(hex(derOid("1.2.840.10045.4.3.2")), "06082a8648ce3d040302");
    assert.equal(hex(derOid("2.5.29.17")), "0603551d11");
  });

  it("writes UTCTime until 2049 and GeneralizedTime from 2050", () => {
    assert.equal(derTime(Date.UTC(2049, 11, 31, 23, 59, 59)).toString("latin1"), "\x17\x0d491231235959Z");
    assert.equal(derTime(Date.UTC(2050, 0, 1)).toString("latin1"), "\x18\x0f20500101000000Z");
  });

  it("turns IPv4 and IPv6 addresses into 4 and 16 bytes", () => {
    assert.equal(hex(ipBytes("10.1.2.3")), "0a010203");
    assert.equal(hex(ipBytes("::1")), "00000000000000000000000000000001");
    assert.equal(hex(ipBytes("[fe80::1%eth0]")), "fe800000000000000000000000000001");
    assert.equal(hex(ipBytes("::ffff:192.0.2.1")), "00000000000000000000ffffc0000201");
    assert.equal(hex(ipBytes("2001:db8:0:0:1:0:0:1")), "20010db8000000000001000000000001");
    assert.throws(() => ipBytes("localhost"), /not an IP address/);
  });
});

describe("generateCertificate", () => {
  const now = Date.UTC(2026, 9, 1, 12);
  const generated = generateCertificate({
    now,
    hosts: ["dbs.emulator.test", "10.0.0.7", "0.0.0.0", "localhost"],
  });
  const certificate = new X509Certificate(generated.certificate);

  it("is a self-signed EC CA certificate that Node's X.509 parser reads", () => {
    assert.match(
      generated.certificate,
      /^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE-----\n$/,
    );
    assert.equal(certificate.subject, `CN=${CERTIFICATE_NAME}`);
    assert.equal(certificate.issuer, `CN=${CERTIFICATE_NAME}`);
    assert.equal(certificate.ca, true);
    assert.equal(certificate.publicKey.asymmetricKeyType, "ec");
    assert.equal(certificate.publicKey.asymmetricKeyDetails?.namedCurve, "prime256v1");
    assert.ok(certificate.verify(createPublicKey(generated.privateKey)));
    assert.ok(certificate.checkIssued(certificate));
  });

  it("is valid from an hour before now for 30 days", () => {
    assert.equal(Date.parse(certificate.validFrom), now - HOUR_MS);
    assert.equal(Date.parse(certificate.validTo), now + 30 * 24 * HOUR_MS);
  });

  it("names loopback, localhost and the extra hosts, skipping wildcards and duplicates", () => {
    assert.equal(
      certificate.subjectAltName,
      "IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:localhost, DNS:dbs.emulator.test, IP Address:10.0.0.7",
    );
    assert.equal(certificate.checkIP("127.0.0.1"), "127.0.0.1");
    assert.equal(certificate.checkIP("::1"), "::1");
    assert.equal(certificate.checkHost("dbs.emulator.test"), "dbs.emulator.test");
    assert.equal(certificate.checkIP("0.0.0.0"), undefined);
  });

  it("makes a fresh key and serial number each time", () => {
    const other = new X509Certificate(generateCertificate({ now }).certificate);
    assert.notEqual(other.serialNumber, certificate.serialNumber);
    assert.notEqual(other.fingerprint256, certificate.fingerprint256);
  });
});
