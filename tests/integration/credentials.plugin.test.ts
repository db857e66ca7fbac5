import { strict as assert } from "node:assert";
import type { Emulator } from "../../emulator";
import { DEFAULT_CREDENTIAL, startEmulator } from "../../emulator";
import type { Registration } from "../support/captureRegistrations";
import { captureRegistrations } from "../support/captureRegistrations";
import type { DynamicProviderPlugin, PluginCallError } from "../support/dynamicProviderPlugin";
import { startDynamicProviderPlugin, urnFor } from "../support/dynamicProviderPlugin";

const TYPE = "pulumi-nodejs:dynamic/alicloud-dbs:FullBackupSetDownload";
const PROJECT = "shop";
const STACK = "prod";
const CREATE = "CreateFullBackupSetDownload";
const EXPIRED = {
  accessKeyId: "STS.expiredKey",
  accessKeySecret: "sts-expired-secret-Lm34",
  securityToken: "sts-expired-token-Nb56",
  expired: true,
};
const LIVE = {
  accessKeyId: "STS.liveKey",
  accessKeySecret: "sts-live-secret-Vc78",
  securityToken: "sts-live-token-Xz90",
};
const WRONG_SECRET = "wrong-secret-Po11";
const OTHER_TOKEN = "sts-other-token-Iu22";
const SECRETS = [
  DEFAULT_CREDENTIAL.accessKeySecret,
  EXPIRED.accessKeySecret,
  EXPIRED.securityToken,
  LIVE.accessKeySecret,
  LIVE.securityToken,
  WRONG_SECRET,
  OTHER_TOKEN,
];

interface Case {
  what: string;
  config: Record<string, string>;
  /** Requests the emulator sees: 0 when the provider refuses before calling, 1 when DBS refuses. */
  requests: number;
  message: (requestId: string | undefined) => RegExp;
}

const api = (code: string, status: number, text: string, hint: string) => (requestId: string | undefined) =>
  new RegExp(
    `^DBS ${CREATE} failed: ${code.replace(/\./g, "\\.")} \\(HTTP ${status}, RequestId ${requestId}\\): ${text}` +
      `\\. Hint: ${hint}\\.$`,
    "s",
  );

const CASES: Case[] = [
  {
    what: "no credentials at all (no config, no env)",
    config: {},
    requests: 0,
    message: () =>
      /^No Alibaba Cloud credentials found: set Pulumi config alicloud:accessKey and alicloud:secretKey \(--secret; plus alicloud:securityToken for STS\), or env ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET \(plus ALIBABA_CLOUD_SECURITY_TOKEN\), or an OIDC role .*/,
  },
  {
    what: "only alicloud:accessKey",
    config: { "alicloud:accessKey": DEFAULT_CREDENTIAL.accessKeyId },
    requests: 0,
    message: () =>
      /^Alibaba Cloud credentials are incomplete: alicloud:secretKey is not set while its pair is; set both config keys$/,
  },
  {
    what: "only alicloud:secretKey",
    config: { "alicloud:secretKey": DEFAULT_CREDENTIAL.accessKeySecret },
    requests: 0,
    message: () =>
      /^Alibaba Cloud credentials are incomplete: alicloud:accessKey is not set while its pair is; set both config keys$/,
  },
  {
    what: "a wrong secret",
    config: { "alicloud:accessKey": DEFAULT_CREDENTIAL.accessKeyId, "alicloud:secretKey": WRONG_SECRET },
    requests: 1,
    message: api(
      "SignatureDoesNotMatch",
      400,
      "Specified signature is not matched with our calculation\\. server string to sign is:ACS3-HMAC-SHA256\\n[0-9a-f]{64}",
      "the access key secret does not match the access key ID: check alicloud:secretKey or ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    ),
  },
  {
    what: "an expired STS token",
    config: {
      "alicloud:accessKey": EXPIRED.accessKeyId,
      "alicloud:secretKey": EXPIRED.accessKeySecret,
      "alicloud:securityToken": EXPIRED.securityToken,
    },
    requests: 1,
    message: api(
      "InvalidSecurityToken.Expired",
      400,
      "Specified SecurityToken is expired",
      "the STS security token has expired: get a new STS credential and set its token as alicloud:securityToken or ALIBABA_CLOUD_SECURITY_TOKEN \\(with its access key pair\\)",
    ),
  },
  {
    what: "an STS token of another credential",
    config: {
      "alicloud:accessKey": LIVE.accessKeyId,
      "alicloud:secretKey": LIVE.accessKeySecret,
      "alicloud:securityToken": OTHER_TOKEN,
    },
    requests: 1,
    message: api(
      "InvalidSecurityToken.MismatchWithAccessKey",
      400,
      "Specified SecurityToken mismatch with the AccessKey",
      "the STS security token does not belong to this access key ID \\(or is missing\\): set alicloud:accessKey, alicloud:secretKey and alicloud:securityToken \\(or the ALIBABA_CLOUD_\\* variables\\) from the same STS credential",
    ),
  },
];

describe("credential problems through the real dynamic-provider plugin", function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let registrations: Registration[];
  let plugins: DynamicProviderPlugin[] = [];
  const messages: string[] = [];

  before(async () => {
    emulator = await startEmulator({ credentials: [DEFAULT_CREDENTIAL, EXPIRED, LIVE] });
    // One process per case: the provider reads its config once per process.
    const started = await Promise.all([
      captureRegistrations(require.resolve("./fixtures/robustnessPrograms"), "oneOfEach", {
        project: PROJECT,
        stack: STACK,
      }),
      ...CASES.map(async (c) => {
        const plugin = await startDynamicProviderPlugin({
          project: PROJECT,
          stack: STACK,
          env: { ALIBABA_CLOUD_DBS_ENDPOINT: emulator.url },
        });
        await plugin.configure({ "alicloud:region": "cn-hangzhou", ...c.config });
        return plugin;
      }),
    ]);
    registrations = started[0];
    plugins = started.slice(1) as DynamicProviderPlugin[];
  });
  after(async () => {
    await Promise.all(plugins.map((p) => p.close()));
    await emulator?.close();
  });
  beforeEach(() => emulator.clearRequests());

  CASES.forEach((c, i) => {
    it(`${c.what}: ${c.requests ? "DBS refuses once, not retried" : "refused before any request"}, with a message naming what to set`, async () => {
      const urn = urnFor(TYPE, "full", PROJECT, STACK);
      const registration = registrations.find((r) => r.name === "full");
      assert.ok(registration);
      const { inputs, failures } = await plugins[i].check(urn, {}, registration.inputs);
      assert.deepEqual(failures, [], "check needs no credentials");
      const error = await plugins[i].create(urn, inputs).then(
        () => assert.fail("expected a failure"),
        (err: PluginCallError) => err,
      );
      const requests = emulator.requestsFor(CREATE);
      assert.equal(emulator.requests.length, c.requests);
      assert.match(error.message, c.message(requests[0]?.requestId));
      assert.equal(error.initFailure, undefined);
      assert.equal(emulator.tasks().length, 0);
      for (const secret of SECRETS) {
        assert.ok(!error.message.includes(secret), "no secret or token in the message");
        assert.ok(!plugins[i].output().includes(secret), "no secret or token in the plugin's output");
      }
      messages.push(error.message);
    });
  });

  it("every case has its own message", () => {
    assert.equal(messages.length, CASES.length);
    const hints = messages.map((m) => m.replace(/RequestId [^)]*/, "").replace(/[0-9a-f]{64}/, ""));
    assert.equal(new Set(hints).size, CASES.length);
  });
});
