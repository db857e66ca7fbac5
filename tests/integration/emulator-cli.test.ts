/** The `alicloud-dbs-emulator` command, run as a real child process. */
import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { DEFAULT_OIDC_PROVIDER, DEFAULT_ROLE, emulatorOidcToken } from "../../packages/emulator/src";
import { UsageError, parseCliArgs } from "../../packages/emulator/src/cli";
import { dbsCaller, failure, type Body } from "../support/emulatorClient";
import { stsRequest } from "../support/stsCredentials";

const ROOT = path.resolve(__dirname, "../..");
const SEED = path.join(ROOT, "tests/fixtures/emulator-seed.json");
const LISTENING = /^DBS emulator listening on http:\/\/127\.0\.0\.1:(\d+)$/;

function runCli(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", "packages/emulator/src/cli.ts", ...args],
    {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
    },
  );
}

function collect(stream: NodeJS.ReadableStream): () => string {
  let text = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => (text += chunk));
  return () => text;
}

/** Resolves once `read()` satisfies `done`, polling briefly; stream events from a child arrive in no fixed order. */
async function waitFor(read: () => string, done: (text: string) => boolean, what: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (!done(read())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(read())}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return read();
}

const FIXTURE_CREDENTIAL = { accessKeyId: "LTAIfixtureKey", accessKeySecret: "fixture-secret-7Hq2" };

function create(port: number, backupSetId: string) {
  return dbsCaller(port, { credential: FIXTURE_CREDENTIAL })("CreateFullBackupSetDownload", {
    BackupSetId: backupSetId,
  });
}

describe("alicloud-dbs-emulator CLI", function () {
  this.timeout(20_000);

  it("prints the listening line first, logs requests on stderr, and exits 0 on SIGTERM", async () => {
    const child = runCli([
      "--port",
      "0",
      "--seed",
      SEED,
      "--fault",
      "unavailable:1:CreateFullBackupSetDownload",
    ]);
    const stdout = collect(child.stdout);
    const stderr = collect(child.stderr);
    try {
      const line = (await waitFor(stdout, (t) => t.includes("\n"), "the first stdout line")).split("\n")[0];
      const match = LISTENING.exec(line);
      assert.ok(match, `unexpected first line ${JSON.stringify(line)}`);
      const port = Number(match[1]);
      const error = await failure(create(port, "dbsfix0001"));
      assert.equal(error.code, "ServiceUnavailable");
      const body = await create(port, "dbsfix0001");
      assert.equal(body.Success, true);
      assert.match(body.BackupSetDownloadTaskId as string, /^dbstk[a-z0-9]{8}$/);
      const lines = (await waitFor(stderr, (t) => t.split("\n").length > 2, "two log lines"))
        .trim()
        .split("\n");
      assert.deepEqual(lines, [
        "CreateFullBackupSetDownload 503 ServiceUnavailable",
        "CreateFullBackupSetDownload 200",
      ]);
      assert.ok(!stderr().includes("fixture-secret"));
      // The seed file's wire fields reach the answer.
      const list = await dbsCaller(port, { credential: FIXTURE_CREDENTIAL })("DescribeFullBackupList", {
        BackupPlanId: "dbsfixplan",
        BackupSetId: "dbsfix0001",
      });
      const [file] = (list.Items as { FullBackupFile: Record<string, unknown>[] }).FullBackupFile;
      assert.deepEqual(
        [
          file.StorageMethod,
          file.SourceEndpointIpPort,
          file.SourceEndpointPort,
          file.SourceEndpointEnableSsl,
        ],
        ["IA", "10.1.2.3:3307", "3307", "true"],
      );
    } finally {
      child.kill("SIGTERM");
    }
    const [code, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
    assert.deepEqual([code, signal], [0, null]);
  });

  it("logs a forged Action on one escaped line, and answers oversized bodies with 413 while staying up", async () => {
    const child = runCli(["--port", "0"]);
    const stdout = collect(child.stdout);
    const stderr = collect(child.stderr);
    try {
      const line = (await waitFor(stdout, (t) => t.includes("\n"), "the first stdout line")).split("\n")[0];
      const url = `http://127.0.0.1:${Number(LISTENING.exec(line)?.[1])}/`;
      const forged = await fetch(`${url}?Action=Describe%0AFakeAction%20200%20OK%1B%5B31m`, {
        method: "POST",
      });
      assert.equal(forged.status, 400);
      for (const megabytes of [2, 50]) {
        const response = await fetch(url, {
          method: "POST",
          body: Buffer.alloc(megabytes * 1024 * 1024, 0x61),
        });
        assert.equal(response.status, 413, `${megabytes} MB`);
        const body = (await response.json()) as Body;
        assert.equal(body.Code, "RequestEntityTooLarge");
        assert.equal(body.Message, "The request body exceeds 1048576 bytes.");
        assert.match(String(body.RequestId), /^[0-9A-F-]{36}$/);
      }
      assert.equal((await fetch(url, { method: "POST" })).status, 400, "the emulator still answers");
      const lines = (await waitFor(stderr, (t) => t.split("\n").length > 4, "four log lines"))
        .trim()
        .split("\n");
      assert.deepEqual(lines, [
        "Describe\\u000aFakeAction 200 OK\\u001b[31m 400 MissingAccessKeyId",
        "- 413 RequestEntityTooLarge",
        "- 413 RequestEntityTooLarge",
        "- 400 MissingAccessKeyId",
      ]);
      assert.ok(!stderr().includes("\u001b"), "a raw escape reached the log");
    } finally {
      child.kill("SIGTERM");
    }
    await once(child, "exit");
  });

  it("serves HTTPS with --https, writes the certificate given by --ca-cert-file first, logs STS without secrets", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "alicloud-dbs-cli-"));
    const caFile = path.join(dir, "ca.pem");
    const child = runCli(["--https", "--ca-cert-file", caFile]);
    const stdout = collect(child.stdout);
    const stderr = collect(child.stderr);
    try {
      const line = (await waitFor(stdout, (t) => t.includes("\n"), "the first stdout line")).split("\n")[0];
      const match = /^DBS emulator listening on https:\/\/127\.0\.0\.1:(\d+)$/.exec(line);
      assert.ok(match, `unexpected first line ${JSON.stringify(line)}`);
      const port = Number(match[1]);
      // The file is complete when the line appears: a script may start its client right away.
      const ca = readFileSync(caFile, "utf8");
      assert.equal(new X509Certificate(ca).subject, "CN=alicloud-dbs-emulator");
      const listed = await dbsCaller(port, { ca })("DescribeFullBackupList", { BackupPlanId: "dbsplan0001" });
      assert.equal(listed.TotalElements, 4);
      const token = emulatorOidcToken();
      const answer = await stsRequest(
        { url: `https://127.0.0.1:${port}`, caCertificate: ca },
        "AssumeRoleWithOIDC",
        {
          OIDCProviderArn: DEFAULT_OIDC_PROVIDER.arn,
          RoleArn: DEFAULT_ROLE.arn,
          RoleSessionName: "cli-test",
          OIDCToken: token,
        },
      );
      assert.equal(answer.status, 200);
      const issued = answer.body.Credentials as Body;
      const lines = await waitFor(stderr, (t) => t.split("\n").length > 2, "two log lines");
      assert.deepEqual(lines.trim().split("\n"), ["DescribeFullBackupList 200", "AssumeRoleWithOIDC 200"]);
      for (const secret of [token, issued.AccessKeySecret as string, issued.SecurityToken as string]) {
        assert.ok(!stderr().includes(secret) && !stdout().includes(secret));
      }
    } finally {
      child.kill("SIGTERM");
    }
    await once(child, "exit");
    rmSync(dir, { recursive: true, force: true });
  });

  it("exits 2 with a message naming an unknown flag, then the usage", async () => {
    const child = runCli(["--port", "0", "--bogus"]);
    const stdout = collect(child.stdout);
    const stderr = collect(child.stderr);
    const [code] = (await once(child, "exit")) as [number | null];
    assert.equal(code, 2);
    assert.match(
      stderr(),
      /^alicloud-dbs-emulator: Unknown option '--bogus'\n\nUsage: alicloud-dbs-emulator /,
    );
    assert.equal(stdout(), "");
  });

  describe("parseCliArgs", () => {
    it("maps every flag to an option", () => {
      assert.deepEqual(
        parseCliArgs([
          "--host=0.0.0.0",
          "--port",
          "8080",
          "--access-key-id",
          "AK",
          "--access-key-secret",
          "SK",
          "--time-scale",
          "10",
          "--checking-ms",
          "5",
          "--download-ms=7",
          "--fault",
          "reset",
          "--fault",
          "throttling:3:DescribeFullBackupList",
          "--rate-limit",
          "4",
          "--fault=slow:2",
          "--timestamp-unit",
          "s",
          "--ignore-backup-set-status",
          "--business-errors=http",
          "--https",
          "--ca-cert-file",
          "/tmp/emulator-ca.pem",
        ]),
        {
          host: "0.0.0.0",
          https: true,
          caCertFile: "/tmp/emulator-ca.pem",
          port: 8080,
          timeScale: 10,
          checkingMs: 5,
          downloadDurationMs: 7,
          rateLimit: 4,
          timestampUnit: "s",
          ignoreBackupSetStatus: true,
          businessErrors: "http",
          credentials: [{ accessKeyId: "AK", accessKeySecret: "SK" }],
          faults: [
            { kind: "reset" },
            { kind: "throttling", count: 3, action: "DescribeFullBackupList" },
            { kind: "slow", count: 2 },
          ],
        },
      );
    });

    it("leaves every option unset when no flag is given", () => {
      assert.deepEqual(parseCliArgs([]), {});
      assert.deepEqual(parseCliArgs(["--timestamp-unit=ms", "--business-errors", "body"]), {
        timestampUnit: "ms",
        businessErrors: "body",
      });
    });

    it("reads roles and OIDC providers from a seed file", () => {
      const options = parseCliArgs(["--seed", SEED]);
      assert.ok(options !== "help");
      assert.deepEqual(options.oidcProviders, [
        {
          arn: "acs:ram::1000000000000001:oidc-provider/fixture-gitlab",
          issuerUrl: "https://gitlab.fixture.test",
          clientIds: ["sts.aliyuncs.com"],
        },
      ]);
      assert.deepEqual(options.roles, [
        {
          arn: "acs:ram::1000000000000001:role/fixture-ci",
          maxSessionDurationSeconds: 7200,
          trustedOidcProviders: ["acs:ram::1000000000000001:oidc-provider/fixture-gitlab"],
        },
      ]);
    });

    it("reads a seed file and adds an explicit key to its credentials", () => {
      const options = parseCliArgs(["--seed", SEED, "--access-key-id", "AK", "--access-key-secret", "SK"]);
      assert.ok(options !== "help");
      assert.deepEqual(
        options.credentials?.map((c) => c.accessKeyId),
        ["LTAIfixtureKey", "STS.fixtureKey", "AK"],
      );
      assert.equal(options.backupSets?.length, 3);
      assert.deepEqual(
        [options.backupSets?.[0].storageMethod, options.backupSets?.[0].sourceEndpoint],
        ["IA", { host: "10.1.2.3", port: 3307, instanceId: "rm-fixture01", enableSsl: true }],
      );
    });

    it("returns help, and rejects bad values naming the flag", () => {
      assert.equal(parseCliArgs(["--help"]), "help");
      assert.equal(parseCliArgs(["--port", "0", "-h"]), "help");
      const rejects = (argv: string[], message: string) =>
        assert.throws(
          () => parseCliArgs(argv),
          (error: Error) => error instanceof UsageError && error.message === message,
          JSON.stringify(argv),
        );
      rejects(["--port", "x"], '--port needs a number >= 0, got "x"');
      rejects(["--port=-1"], '--port needs a number >= 0, got "-1"');
      rejects(["--rate-limit", ""], '--rate-limit needs a number >= 0, got ""');
      rejects(
        ["--fault", "throttling:0"],
        "--fault throttling:0: fault count must be a positive integer, got 0",
      );
      rejects(["--timestamp-unit", "us"], '--timestamp-unit must be ms or s, got "us"');
      rejects(["--business-errors=4xx"], '--business-errors must be body or http, got "4xx"');
      rejects(
        ["--ignore-backup-set-status=yes"],
        "Option '--ignore-backup-set-status' does not take an argument",
      );
      rejects(["--access-key-id", "AK"], "--access-key-id and --access-key-secret go together");
      rejects(["--ca-cert-file", "ca.pem"], "--ca-cert-file needs --https");
      rejects(["--https", "--ca-cert-file="], "--ca-cert-file needs a path");
      rejects(["--https=yes"], "Option '--https' does not take an argument");
      rejects(["--bogus=1"], "Unknown option '--bogus'");
      rejects(["--seed"], "Option '--seed <value>' argument missing");
      rejects(["--help=1"], "Option '-h, --help' does not take an argument");
      rejects(["8080"], "Unexpected argument '8080'. This command does not take positional arguments");
      assert.throws(() => parseCliArgs(["--fault", "explode"]), /unknown fault kind "explode"/);
      assert.throws(
        () => parseCliArgs(["--seed", "/nonexistent.json"]),
        /--seed \/nonexistent\.json: ENOENT/,
      );
    });
  });
});
