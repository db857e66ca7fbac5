// Everything a run produces — the stored state (with __provider), the CLI's output (which carries the
// provider's logs), files in the backend, PULUMI_HOME and the project copy, error messages — is scanned for
// the access key secret, the STS security token and the signatures of the presigned download URLs.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { EmulatorStack } from "../support/emulatorStack";
import { startEmulatorStack } from "../support/emulatorStack";
import type { Workspace } from "../../tools/harness/workspace";

const STS = {
  accessKeyId: "STS.e2eSecretsKey",
  accessKeySecret: "sts-secret-for-e2e-Ux83Lq",
  securityToken: "sts-token-for-e2e-Wq19Zt",
};

describe("e2e: no secret in anything a run produces", function () {
  this.timeout(180_000);
  let ws: Workspace;
  const secrets: Record<string, string> = {
    "access key secret": STS.accessKeySecret,
    "security token": STS.securityToken,
  };

  async function assertNoSecrets(extra: string[] = []): Promise<void> {
    const state = JSON.stringify(await ws.state());
    for (const [what, value] of Object.entries(secrets)) {
      assert.ok(!state.includes(value), `the ${what} is in the stored state`);
      assert.ok(!ws.transcript().includes(value), `the ${what} is in the CLI output`);
      for (const text of extra) assert.ok(!text.includes(value), `the ${what} is in an error message`);
      assert.deepEqual(await ws.filesContaining(value), [], `files holding the ${what}`);
    }
  }

  let stack: EmulatorStack | undefined;

  before(async function () {
    this.timeout(30 * 60_000);
    stack = await startEmulatorStack({
      project: path.join(__dirname, "fixtures", "secrets"),
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
    const { outputs } = await ws.stack.up(ws.log);
    assert.equal(outputs.status.value, "finish");
    for (const key of ["internetUrl", "intranetUrl"]) {
      const url = String(outputs[key].value);
      const signature = /[?&]Signature=([^&]+)/.exec(url)?.[1];
      assert.ok(
        signature && signature.length >= 16,
        `${key} carries a signature: ${url.replace(/Signature=.*/, "")}`,
      );
      assert.equal(outputs[key].secret, true, `${key} is a secret output`);
      // The transcript holds the outputs pulumi printed, masked.
      assert.match(ws.transcript(), new RegExp(`\\b${key}\\s*: "?\\[secret\\]`));
      secrets[`${key} signature`] = signature;
      secrets[`${key} signature (decoded)`] = decodeURIComponent(signature);
    }
    await assertNoSecrets();
  });

  it("refresh keeps them secret", async () => {
    await ws.stack.refresh(ws.log);
    await assertNoSecrets();
  });

  it("a failing create (wrong secret) names the problem without the secret or the token", async () => {
    const wrongSecret = "wrong-secret-for-e2e-Pm55Rr";
    secrets["wrong secret"] = wrongSecret;
    await ws.stack.setAllConfig({
      "alicloud:secretKey": { value: wrongSecret, secret: true },
      generation: { value: "2" },
    });
    const failed = await ws.stack.up(ws.log).then(
      () => assert.fail("pulumi up succeeded with the wrong secret"),
      (error: Error) => error,
    );
    assert.match(failed.message, /SignatureDoesNotMatch \(HTTP 400, RequestId [\w-]+\)/);
    assert.match(failed.message, /Hint: the access key secret does not match the access key ID/);
    await assertNoSecrets([failed.message]);
  });
});
