// A full `pulumi up` of the plugin with the engine's gRPC debug log on (PULUMI_DEBUG_GRPC): no answer
// of any RPC carries the access key secret, the STS token or a download URL's signature in the clear.
// Values marked secret are the engine's to protect; the requests are the engine's own to send.
import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { EmulatorStack } from "../support/emulatorStack";
import { startEmulatorStack } from "../support/emulatorStack";
import type { Workspace } from "../../tools/harness/workspace";

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const TIME_SCALE = 600;
const STS = {
  accessKeyId: "STS.grpcLogKey",
  accessKeySecret: "sts-secret-for-grpc-log-Hq61Vb",
  securityToken: "sts-token-for-grpc-log-Zp07Kd",
};

interface LogEntry {
  method?: string;
  response?: unknown;
  errors?: unknown;
}

/** `value` without the values it marks secret. */
function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== "object") return value;
  if (SIG_KEY in value) return "[secret]";
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, withoutSecrets(entry)]));
}

describe("e2e: the engine's gRPC log of pulumi up with the plugin", function () {
  this.timeout(180_000);
  let stack: EmulatorStack | undefined;
  let ws: Workspace;
  const logDir = mkdtempSync(path.join(os.tmpdir(), "alicloud-dbs-grpc-log-"));
  const logFile = path.join(logDir, "grpc.json");

  before(async function () {
    this.timeout(30 * 60_000);
    stack = await startEmulatorStack({
      project: path.join(__dirname, "fixtures", "plugin-node"),
      stack: "grpclog",
      installPlugin: true,
      credential: STS,
      settingsFrom: "plugin-config",
      emulator: { timeScale: TIME_SCALE },
      env: { PULUMI_DEBUG_GRPC: logFile, ALIBABA_CLOUD_DBS_POLL_SCALE: String(1 / TIME_SCALE) },
    });
    ({ ws } = stack);
  });
  after(async () => {
    await stack?.dispose();
    rmSync(logDir, { recursive: true, force: true });
  });

  it("holds no secret in the clear in any answer", async () => {
    const { outputs } = await ws.stack.up(ws.log);
    assert.equal(outputs.status.value, "finish");
    const signature = /[?&]Signature=([^&]+)/.exec(String(outputs.url.value))?.[1] ?? "";
    assert.ok(signature.length >= 16, "the URL carries a signature");
    const secrets = {
      "access key secret": STS.accessKeySecret,
      "security token": STS.securityToken,
      "URL signature": signature,
      "URL signature (decoded)": decodeURIComponent(signature),
    };

    const entries = readFileSync(logFile, "utf8")
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as LogEntry);
    const methods = entries.map((entry) => entry.method ?? "");
    for (const rpc of ["CheckConfig", "Configure", "Check", "Create"]) {
      assert.ok(methods.includes(`/pulumirpc.ResourceProvider/${rpc}`), `the log has ${rpc}`);
    }
    for (const entry of entries) {
      const answer = JSON.stringify(withoutSecrets([entry.response, entry.errors]));
      for (const [what, value] of Object.entries(secrets)) {
        assert.ok(!answer.includes(value), `the ${what} is in the clear in the answer to ${entry.method}`);
      }
    }
  });
});
