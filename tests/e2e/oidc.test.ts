// OIDC in CI, end to end: `pulumi up` with only the OIDC variables set (no access key anywhere), the
// credential chain of @alicloud/credentials exchanging the token file at the emulator's STS over HTTPS
// (trusted through NODE_EXTRA_CA_CERTS, found through ALIBABA_CLOUD_STS_ENDPOINT), and the creates
// signed with the temporary keys it got. Both faces: the dynamic resources and the plugin.
import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Emulator, EmulatorOptions } from "../../packages/emulator/src";
import { DEFAULT_OIDC_PROVIDER, DEFAULT_ROLE, emulatorOidcToken } from "../../packages/emulator/src";
import type { EmulatorStack } from "../support/emulatorStack";
import { startEmulatorStack } from "../support/emulatorStack";
import type { Workspace } from "../../tools/harness/workspace";

const CREATE = "CreateFullBackupSetDownload";
const STATUS = "DescribeBackupSetDownloadTaskList";
const EXCHANGE = "AssumeRoleWithOIDC";
const FIXTURES = path.join(__dirname, "fixtures");
const REPO_ROOT = path.resolve(__dirname, "../..");

interface OidcStack {
  emulator: Emulator;
  ws: Workspace;
  /** Every OIDC token written to the token file: none may appear in anything a run produces. */
  tokens: string[];
  /** Replaces the token in the token file (as a CI job refreshing it does). */
  writeToken(token: string): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * A stack whose provider finds only the region and the OIDC variables, against an HTTPS emulator
 * that also serves STS; the token file and the CA certificate live outside the workspace.
 */
async function oidcStack(
  project: string,
  stackName: string,
  emulator: EmulatorOptions,
  extra: { env?: Record<string, string>; plugin?: boolean; stsEndpointFrom?: "config" | "env" } = {},
): Promise<OidcStack> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "dbs-oidc-"));
  const token = emulatorOidcToken({
    issuer: DEFAULT_OIDC_PROVIDER.issuerUrl,
    audience: DEFAULT_OIDC_PROVIDER.clientIds[0],
    subject: "repo:example/infra:environment:prod",
    expiresInSeconds: 600,
  });
  const tokenFile = path.join(dir, "oidc-token");
  const caFile = path.join(dir, "ca.pem");
  await fs.writeFile(tokenFile, token, { mode: 0o600 });
  let stack: EmulatorStack | undefined;
  try {
    stack = await startEmulatorStack({
      project,
      stack: stackName,
      emulator: { ...emulator, https: true },
      settingsFrom: "region-only",
      hosts: extra.plugin ? ["yaml"] : undefined,
      installPlugin: extra.plugin,
      env: {
        ALIBABA_CLOUD_ROLE_ARN: DEFAULT_ROLE.arn,
        ALIBABA_CLOUD_OIDC_PROVIDER_ARN: DEFAULT_OIDC_PROVIDER.arn,
        ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile,
        ALIBABA_CLOUD_ROLE_SESSION_NAME: "e2e-oidc",
        NODE_EXTRA_CA_CERTS: caFile,
        ...extra.env,
      },
    });
    const { emulator: started, ws } = stack;
    await fs.writeFile(caFile, started.caCertificate ?? assert.fail("the emulator serves no certificate"));
    const stsEndpoint = new URL(started.url).host;
    if (extra.stsEndpointFrom === "env") ws.stack.workspace.envVars.ALIBABA_CLOUD_STS_ENDPOINT = stsEndpoint;
    else await ws.stack.setConfig("alicloud-dbs:stsEndpoint", { value: stsEndpoint });
    const owned = stack;
    const tokens = [token];
    return {
      emulator: started,
      ws,
      tokens,
      async writeToken(next) {
        tokens.push(next);
        await fs.writeFile(tokenFile, next);
      },
      async dispose() {
        await owned.dispose();
        await fs.rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stack?.dispose();
    await fs.rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Every secret the exchange involved: the OIDC token and each issued secret and security token. */
function secretsOf(stack: OidcStack): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const [i, token] of stack.tokens.entries()) secrets[`OIDC token ${i}`] = token;
  for (const [i, issued] of stack.emulator.issuedCredentials().entries()) {
    secrets[`temporary secret ${i}`] = issued.accessKeySecret;
    secrets[`security token ${i}`] = issued.securityToken ?? assert.fail("an issued key without a token");
  }
  return secrets;
}

async function assertNoSecrets(stack: OidcStack): Promise<void> {
  const { ws } = stack;
  const state = JSON.stringify(await ws.state());
  for (const [what, value] of Object.entries(secretsOf(stack))) {
    assert.ok(!state.includes(value), `the ${what} is in the stored state`);
    assert.ok(!ws.transcript().includes(value), `the ${what} is in the CLI output`);
    assert.deepEqual(await ws.filesContaining(value), [], `files holding the ${what}`);
  }
}

describe("e2e: OIDC credentials through an emulated STS", function () {
  this.timeout(180_000);

  describe("the dynamic resources, three downloads, no access key anywhere", () => {
    let stack: OidcStack | undefined;
    before(async function () {
      this.timeout(30 * 60_000);
      stack = await oidcStack(path.join(FIXTURES, "multi"), "oidc", {});
      const downloads = ["a", "b", "c"].map((name, i) => ({ name, backupSetId: `dbsset000${i + 1}` }));
      await stack.ws.stack.setConfig("downloads", { value: JSON.stringify(downloads) });
    });
    after(() => stack?.dispose());

    it("pulumi up: one AssumeRoleWithOIDC for the provider process, every create signed with its keys", async () => {
      const { emulator, ws } = stack!;
      await ws.stack.up(ws.log);
      const exchanges = emulator.requestsFor(EXCHANGE);
      assert.equal(exchanges.length, 1, "one exchange per provider process, not per resource");
      assert.deepEqual(
        [exchanges[0].statusCode, exchanges[0].params.RoleArn, exchanges[0].params.OIDCProviderArn],
        [200, DEFAULT_ROLE.arn, DEFAULT_OIDC_PROVIDER.arn],
      );
      const [issued] = emulator.issuedCredentials();
      const creates = emulator.requestsFor(CREATE);
      assert.equal(creates.length, 3);
      for (const create of creates) {
        assert.deepEqual([create.statusCode, create.accessKeyId], [200, issued.accessKeyId]);
      }
      assert.equal(emulator.tasks().length, 3);
      await assertNoSecrets(stack!);
    });

    it("a second pulumi up changes nothing and needs no credential: no exchange, no call", async () => {
      const { emulator, ws } = stack!;
      emulator.clearRequests();
      const { summary } = await ws.stack.up(ws.log);
      assert.deepEqual(summary.resourceChanges, { same: 4 });
      assert.deepEqual(emulator.requests, []);
    });

    it("refresh exchanges once more (a new provider process) and reads each task once", async () => {
      const { emulator, ws } = stack!;
      emulator.clearRequests();
      await ws.stack.refresh(ws.log);
      const actions = emulator.requests.map((r) => r.action);
      assert.deepEqual(
        [actions.filter((a) => a === EXCHANGE).length, actions.filter((a) => a === STATUS).length],
        [1, 3],
      );
      await assertNoSecrets(stack!);
    });
  });

  describe("an expired token in the token file", () => {
    let stack: OidcStack | undefined;
    before(async function () {
      this.timeout(30 * 60_000);
      stack = await oidcStack(path.join(FIXTURES, "multi"), "oidc-expired", {});
      await stack.ws.stack.setConfig("downloads", {
        value: JSON.stringify([{ name: "a", backupSetId: "dbsset0001" }]),
      });
    });
    after(() => stack?.dispose());

    it("fails pulumi up with STS's code, RequestId and a hint, without the token, and creates nothing", async () => {
      const { emulator, ws } = stack!;
      await stack!.writeToken(
        emulatorOidcToken({
          issuer: DEFAULT_OIDC_PROVIDER.issuerUrl,
          audience: DEFAULT_OIDC_PROVIDER.clientIds[0],
          subject: "repo:example/infra:environment:prod",
          expiresInSeconds: -60,
        }),
      );
      const failed = await ws.stack.up(ws.log).then(
        () => assert.fail("pulumi up succeeded with an expired OIDC token"),
        (error: Error) => error,
      );
      const [exchange] = emulator.requestsFor(EXCHANGE);
      assert.equal(exchange.code, "AuthenticationFail.OIDCToken.Expired");
      assert.ok(
        failed.message.includes(
          `Alibaba Cloud STS refused the OIDC exchange (AssumeRoleWithOIDC at ${new URL(emulator.url).host}): ` +
            `AuthenticationFail.OIDCToken.Expired (RequestId ${exchange.requestId}): This JsonWebToken is expired. ` +
            "Hint: the token in ALIBABA_CLOUD_OIDC_TOKEN_FILE has expired",
        ),
        failed.message,
      );
      assert.deepEqual(emulator.requestsFor(CREATE), []);
      for (const token of stack!.tokens) assert.ok(!failed.message.includes(token), "a token in the error");
      await assertNoSecrets(stack!);
    });
  });

  describe("short-lived temporary keys during a long waitForCompletion", () => {
    // The task runs 60 simulated seconds at 10 simulated per real: 6 s, polled about every 0.6 s; keys
    // expire after 1.5 s, so the wait outlives several of them.
    const TIME_SCALE = 10;
    const KEY_LIFETIME_MS = 1500;
    let stack: OidcStack | undefined;
    before(async function () {
      this.timeout(30 * 60_000);
      stack = await oidcStack(
        path.join(FIXTURES, "secrets"),
        "oidc-wait",
        {
          timeScale: TIME_SCALE,
          checkingMs: 2000,
          downloadDurationMs: 60_000,
          stsKeyLifetimeMs: KEY_LIFETIME_MS,
        },
        { env: { ALIBABA_CLOUD_DBS_POLL_SCALE: String(1 / TIME_SCALE / 4) } },
      );
    });
    after(() => stack?.dispose());

    it("refreshes them before they expire: every request succeeds, signed with a key still valid", async () => {
      const { emulator, ws } = stack!;
      const started = Date.now();
      const { outputs } = await ws.stack.up(ws.log);
      const elapsedMs = Date.now() - started;
      assert.equal(outputs.status.value, "finish");
      const issued = emulator.issuedCredentials();
      const dbs = emulator.requests.filter((r) => r.action === CREATE || r.action === STATUS);
      assert.ok(elapsedMs > 2 * KEY_LIFETIME_MS, `the wait (${elapsedMs} ms) outlives two keys`);
      assert.deepEqual(
        emulator.requests.filter((r) => r.statusCode !== 200).map((r) => `${r.action} ${r.code}`),
        [],
        "failed requests",
      );
      // Keys that expire within 15 minutes are renewed whenever they are asked for: once per request.
      assert.equal(emulator.requestsFor(EXCHANGE).length, dbs.length);
      const keysUsed = new Set(dbs.map((r) => r.accessKeyId));
      assert.ok(keysUsed.size >= 2, `the wait signed with ${keysUsed.size} temporary key(s)`);
      for (const request of dbs) {
        const key = issued.find((k) => k.accessKeyId === request.accessKeyId);
        assert.ok(key, `${request.action} signed with a key STS issued`);
        assert.ok(request.at < (key.expiresAt ?? 0), `${request.action} signed with an expired key`);
      }
      console.log(
        `      short-lived keys: ${dbs.length} DBS requests over ${(elapsedMs / 1000).toFixed(1)} s, ` +
          `${emulator.requestsFor(EXCHANGE).length} exchanges, ${keysUsed.size} keys used`,
      );
      await assertNoSecrets(stack!);
    });
  });

  describe("the provider plugin (examples/yaml), the same chain, the setting from the environment", () => {
    let stack: OidcStack | undefined;
    before(async function () {
      this.timeout(30 * 60_000);
      stack = await oidcStack(
        path.join(REPO_ROOT, "examples", "yaml"),
        "oidc-yaml",
        { timeScale: 600 },
        { plugin: true, stsEndpointFrom: "env", env: { ALIBABA_CLOUD_DBS_POLL_SCALE: String(1 / 600) } },
      );
    });
    after(() => stack?.dispose());

    it("pulumi up: the plugin exchanges the token once per process and signs with the temporary keys", async () => {
      const { emulator, ws } = stack!;
      const { outputs } = await ws.stack.up(ws.log);
      assert.equal(outputs.status.value, "finish");
      const issued = emulator.issuedCredentials();
      const exchanges = emulator.requestsFor(EXCHANGE).length;
      const signers = new Set(
        emulator.requests.filter((r) => r.action !== EXCHANGE).map((r) => r.accessKeyId),
      );
      assert.deepEqual([...signers].sort(), issued.map((k) => k.accessKeyId).sort());
      assert.equal(emulator.requestsFor(CREATE).length, 1);
      // One plugin process serves the whole run: the function at preview, then the create and its wait.
      assert.equal(exchanges, 1);
      await assertNoSecrets(stack!);
    });
  });
});
