// Everything a run produces — exported state (with __provider), the CLI's output (which carries the
// provider's logs), files in the backend and PULUMI_HOME, error messages — is scanned for the access
// key secret, the STS security token and the signatures of the presigned download URLs.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { EmulatorStack } from "../support/emulatorStack";
import { startEmulatorStack } from "../support/emulatorStack";
import type { PulumiWorkspace } from "../support/pulumiCli";
import { filesContaining } from "../support/pulumiCli";

const STS = {
  accessKeyId: "STS.e2eSecretsKey",
  accessKeySecret: "sts-secret-for-e2e-Ux83Lq",
  securityToken: "sts-token-for-e2e-Wq19Zt",
};

describe("e2e: no secret in anything a run produces", function () {
  this.timeout(180_000);
  let ws: PulumiWorkspace;
  // What `pulumi stack output --show-secrets` printed on purpose; everything else is scanned.
  const revealed: string[] = [];
  const secrets: Record<string, string> = {
    "access key secret": STS.accessKeySecret,
    "security token": STS.securityToken,
  };

  async function assertNoSecrets(extra: string[] = []): Promise<void> {
    const state = JSON.stringify(await ws.exportState());
    for (const [what, value] of Object.entries(secrets)) {
      assert.ok(!state.includes(value), `the ${what} is in the exported state`);
      const transcript = revealed.reduce((text, part) => text.split(part).join(""), ws.transcript());
      assert.ok(!transcript.includes(value), `the ${what} is in the CLI output`);
      for (const text of extra) assert.ok(!text.includes(value), `the ${what} is in an error message`);
      assert.deepEqual(await filesContaining(ws.root, value), [], `files holding the ${what}`);
    }
  }

  let stack: EmulatorStack | undefined;

  before(async function () {
    this.timeout(30 * 60_000);
    stack = await startEmulatorStack({
      projectDir: path.join(__dirname, "fixtures", "secrets"),
      stack: "secrets",
      // Tasks take 60 simulated seconds, which pass in 0.1 s; polls are scaled to match.
      emulator: { timeScale: 600, checkingMs: 2000, downloadDurationMs: 60_000 },
      credential: STS,
      settingsFrom: "config",
      env: { ALIBABA_CLOUD_DBS_POLL_SCALE: String(1 / 600) },
    });
    ({ ws } = stack);
  });

  after(() => stack?.dispose());

  it("up with waitForCompletion: the URLs are secret outputs and their signatures appear nowhere else", async () => {
    await ws.run(["up"]);
    const before = ws.transcript().length;
    const outputs = await ws.outputs();
    revealed.push(ws.transcript().slice(before));
    assert.equal(outputs.status, "finish");
    for (const key of ["internetUrl", "intranetUrl"]) {
      const url = String(outputs[key]);
      const signature = /[?&]Signature=([^&]+)/.exec(url)?.[1];
      assert.ok(
        signature && signature.length >= 16,
        `${key} carries a signature: ${url.replace(/Signature=.*/, "")}`,
      );
      secrets[`${key} signature`] = signature;
      secrets[`${key} signature (decoded)`] = decodeURIComponent(signature);
    }
    assert.ok(revealed[0].includes(secrets["internetUrl signature"]), "the scan would see the signature");
    const plain = await ws.run(["stack", "output", "--json"]);
    assert.match(plain.stdout, /"internetUrl": "\[secret\]"/);
    await assertNoSecrets();
  });

  it("refresh keeps them secret", async () => {
    await ws.run(["refresh", "--skip-preview"]);
    await assertNoSecrets();
  });

  it("a failing create (wrong secret) names the problem without the secret or the token", async () => {
    const wrongSecret = "wrong-secret-for-e2e-Pm55Rr";
    secrets["wrong secret"] = wrongSecret;
    await ws.configSet("alicloud:secretKey", wrongSecret, { secret: true });
    await ws.configSet("generation", "2");
    const failed = await ws.run(["up"], { expectFailure: true });
    assert.notEqual(failed.code, 0);
    assert.match(failed.stdout + failed.stderr, /SignatureDoesNotMatch \(HTTP 400, RequestId [\w-]+\)/);
    assert.match(
      failed.stdout + failed.stderr,
      /Hint: the access key secret does not match the access key ID/,
    );
    await assertNoSecrets([failed.stdout, failed.stderr]);
  });
});
