// Where the DBS API is ambiguous or undocumented, the client must be right whichever way the real API
// behaves: the emulator answers each way in turn and the lookups and the client give the same result.
import { strict as assert } from "node:assert";
import type { Emulator, EmulatorOptions } from "../../packages/emulator/src";
import { DEFAULT_CREDENTIAL, startEmulator } from "../../packages/emulator/src";
import { listFullBackupSets } from "../../provider/resources/listFullBackupSets";
import { listIncrementBackupSets } from "../../provider/resources/listIncrementBackupSets";
import { readSettings } from "../../provider/lib/settings";
import type { ProviderSettings } from "../../provider/lib/settings";
import { createDbsClient } from "../../provider/dbs/client";
import { fixedCredentials } from "../../provider/dbs/credentials";
import type { DbsError } from "../../provider/dbs/errors";
import { DYNAMIC_CONFIG_KEYS } from "../../provider/dynamic/provider";

const DAY_MS = 24 * 60 * 60 * 1000;
/** The emulator's seed: plan dbsplan0002 has full sets dbsbulk0001…35 starting on day 1…35 after it. */
const SEED_BASE = Date.UTC(2026, 9, 1);
const DENIED = {
  accessKeyId: "LTAIdeniedKey",
  accessKeySecret: "denied-secret-Qw12Er",
  deniedActions: ["CreateFullBackupSetDownload"],
};

async function withEmulator(
  options: EmulatorOptions,
  test: (emulator: Emulator, settings: ProviderSettings) => Promise<void>,
) {
  const emulator = await startEmulator({ credentials: [DEFAULT_CREDENTIAL, DENIED], ...options });
  try {
    const config: Record<string, string> = {
      "alicloud:region": "cn-hangzhou",
      "alicloud:accessKey": DEFAULT_CREDENTIAL.accessKeyId,
      "alicloud:secretKey": DEFAULT_CREDENTIAL.accessKeySecret,
      "alicloud-dbs:endpoint": emulator.url,
    };
    const { settings, problems } = readSettings(DYNAMIC_CONFIG_KEYS, (key) => config[key], {});
    assert.deepEqual(problems, []);
    await test(emulator, settings);
  } finally {
    await emulator.close();
  }
}

describe("the client where the DBS API is ambiguous", () => {
  for (const timestampUnit of ["ms", "s"] as const) {
    it(`time windows of the lookups are exact whether the API takes ${timestampUnit === "ms" ? "milliseconds" : "seconds"}`, () =>
      withEmulator({ timestampUnit }, async (emulator, settings) => {
        const window = {
          backupPlanId: "dbsplan0002",
          startTimestamp: SEED_BASE + 5 * DAY_MS,
          endTimestamp: SEED_BASE + 9 * DAY_MS,
        };
        const sets = await listFullBackupSets.run(settings, window);
        assert.deepEqual(
          sets.map((s) => s.backupSetId),
          ["dbsbulk0009", "dbsbulk0008", "dbsbulk0007", "dbsbulk0006", "dbsbulk0005"],
        );
        const [request] = emulator.requestsFor("DescribeFullBackupList");
        assert.equal(
          request.params.StartTimestamp,
          String((SEED_BASE + 5 * DAY_MS) / 1000),
          "the start is sent in seconds",
        );
        assert.equal(
          request.params.EndTimestamp,
          undefined,
          "no end is sent: read in the wrong unit it would drop sets",
        );

        const binlogs = await listIncrementBackupSets.run(settings, {
          backupPlanId: "dbsplan0001",
          startTimestamp: SEED_BASE + 3 * DAY_MS + 60 * 60 * 1000,
          endTimestamp: SEED_BASE + 3 * DAY_MS + 60 * 60 * 1000,
        });
        assert.equal(binlogs.length, 1);
        assert.equal(binlogs[0].startTime, SEED_BASE + 3 * DAY_MS + 60 * 60 * 1000);
      }));
  }

  for (const ignoreBackupSetStatus of [false, true]) {
    it(`the status filter holds whether the API ${ignoreBackupSetStatus ? "ignores" : "honours"} BackupSetStatus`, () =>
      withEmulator({ ignoreBackupSetStatus }, async (emulator, settings) => {
        const stopped = await listFullBackupSets.run(settings, {
          backupPlanId: "dbsplan0002",
          backupSetStatus: "stop",
        });
        assert.deepEqual(
          stopped.map((s) => [s.backupSetId, s.backupStatus]),
          [
            ["dbsbulk0020", "stop"],
            ["dbsbulk0010", "stop"],
          ],
        );
        assert.equal(emulator.requestsFor("DescribeFullBackupList")[0].params.BackupSetStatus, "stop");
      }));
  }

  for (const businessErrors of ["body", "http"] as const) {
    it(`business errors give the same code and hint, with the status received, whether answered as ${businessErrors === "body" ? "HTTP 200 with Success: false" : "an HTTP 4xx"}`, () =>
      withEmulator({ businessErrors }, async (emulator) => {
        const client = createDbsClient({
          endpoint: { protocol: "http", host: `${emulator.host}:${emulator.port}` },
          credentials: fixedCredentials(DEFAULT_CREDENTIAL, "test"),
          credentialKeys: DYNAMIC_CONFIG_KEYS,
          regionId: "cn-hangzhou",
          sleep: async () => {},
        });
        const unknown = (await client
          .call("CreateFullBackupSetDownload", { BackupSetId: "dbsnosuchset" })
          .catch((e: unknown) => e)) as DbsError;
        assert.equal(unknown.code, "Param.NotFound");
        // What was received: HTTP 200 with the 404 in the body, or the 404 itself.
        const status = businessErrors === "body" ? "HTTP 200, HttpStatusCode 404 in the body" : "HTTP 404";
        assert.equal(unknown.statusCode, businessErrors === "body" ? 200 : 404);
        assert.equal(unknown.attempts, 1, "a business error is not retried");
        assert.match(
          unknown.message,
          new RegExp(
            `^DBS CreateFullBackupSetDownload failed: Param\\.NotFound \\(${status}, RequestId [\\w-]+\\): ` +
              "The specified parameter BackupSetId value is not valid\\. Hint: check the backup set ID",
          ),
        );
        const running = (await client
          .call("CreateFullBackupSetDownload", { BackupSetId: "dbsbulk0035" })
          .catch((e: unknown) => e)) as DbsError;
        assert.equal(running.code, "BackupSet.StatusInvalid");
        assert.equal(running.statusCode, businessErrors === "body" ? 200 : 400);
        assert.deepEqual(
          emulator.requests.map((r) => r.statusCode),
          businessErrors === "body" ? [200, 200] : [404, 400],
        );
      }));
  }

  it("a 403 names the action RAM denied and the kind of policy, from the gateway's AccessDeniedDetail, and no secret", () =>
    withEmulator({}, async (emulator) => {
      const client = createDbsClient({
        endpoint: { protocol: "http", host: `${emulator.host}:${emulator.port}` },
        credentials: fixedCredentials(DENIED, "test"),
        credentialKeys: DYNAMIC_CONFIG_KEYS,
        regionId: "cn-hangzhou",
      });
      const error = (await client
        .call("CreateFullBackupSetDownload", { BackupSetId: "dbsset0001" })
        .catch((e: unknown) => e)) as DbsError;
      assert.match(
        error.message,
        /^DBS CreateFullBackupSetDownload failed: Request\.Forbidden \(HTTP 403, RequestId [\w-]+\): Have no Permissions\. Hint: the caller lacks the RAM permission for action dbs:CreateFullBackupSetDownload \(denied by AccountLevelIdentityBasedPolicy\); grant it in a RAM policy \("Action": "dbs:CreateFullBackupSetDownload"\)\.$/,
      );
      const everything = JSON.stringify({ ...error, message: error.message });
      assert.ok(!everything.includes(DENIED.accessKeySecret));
    }));
});
