/** The typed DBS client's ModifyBackupSetDownloadRules and DescribeBackupPlanList against the emulator over HTTP. */
import { strict as assert } from "node:assert";
import { createDbsClient, type DbsClient } from "../../provider/dbs/client";
import { fixedCredentials } from "../../provider/dbs/credentials";
import type { DbsError } from "../../provider/dbs/errors";
import type { ModifyBackupSetDownloadRulesRequest } from "../../provider/dbs/types";
import { DYNAMIC_CONFIG_KEYS } from "../../provider/dynamic/provider";
import { DEFAULT_CREDENTIAL, startEmulator, type Emulator } from "../../packages/emulator/src";

const MODIFY = "ModifyBackupSetDownloadRules";
const DESCRIBE = "DescribeBackupPlanList";

const RULES: ModifyBackupSetDownloadRulesRequest = {
  BackupPlanId: "dbsplan0001",
  OpenAutoDownload: true,
  BackupGatewayId: 31337,
  BackupSetDownloadTargetType: "agent",
  BackupSetDownloadTargetTypeLocation: "nas",
  BackupSetDownloadDir: "/mnt/dbs",
  FullDataFormat: "SQL",
  IncrementDataFormat: "JSON",
  ClientToken: "rules-tok-1",
};

describe("DBS client: download rules against the emulator over HTTP", () => {
  let emulator: Emulator;
  let sleeps: number[];

  beforeEach(async () => {
    emulator = await startEmulator();
    sleeps = [];
  });
  afterEach(() => emulator.close());

  function client(signature: "v3" | "v2" = "v3"): DbsClient {
    return createDbsClient({
      endpoint: { protocol: "http", host: `${emulator.host}:${emulator.port}` },
      credentials: fixedCredentials(DEFAULT_CREDENTIAL, "test"),
      credentialKeys: DYNAMIC_CONFIG_KEYS,
      regionId: "cn-hangzhou",
      readTimeoutMs: 2000,
      connectTimeoutMs: 2000,
      retry: { maxAttempts: 3 },
      signature,
      sleep: async (ms) => void sleeps.push(ms),
    });
  }

  for (const signature of ["v3", "v2"] as const) {
    it(`modifies the rules with every parameter as the SDK sends it (${signature}) and reads them back`, async () => {
      const answer = await client(signature).call(MODIFY, RULES);
      assert.deepEqual([answer.Success, answer.BackupPlanId], [true, "dbsplan0001"]);
      assert.deepEqual(emulator.requestsFor(MODIFY)[0].params, {
        BackupPlanId: "dbsplan0001",
        OpenAutoDownload: "true",
        BackupGatewayId: "31337",
        BackupSetDownloadTargetType: "agent",
        BackupSetDownloadTargetTypeLocation: "nas",
        BackupSetDownloadDir: "/mnt/dbs",
        FullDataFormat: "SQL",
        IncrementDataFormat: "JSON",
        ClientToken: "rules-tok-1",
      });

      const list = await client(signature).call(DESCRIBE, { BackupPlanId: "dbsplan0001" });
      assert.equal(list.TotalElements, 1);
      const [plan] = list.Items.BackupPlanDetail;
      assert.deepEqual(
        [
          plan.BackupPlanId,
          plan.BackupStorageType,
          plan.OpenBackupSetAutoDownload,
          plan.BackupSetDownloadGatewayId,
          plan.BackupSetDownloadTargetType,
          plan.BackupSetDownloadDir,
          plan.BackupSetDownloadFullDataFormat,
          plan.BackupSetDownloadIncrementDataFormat,
        ],
        ["dbsplan0001", "system", true, 31337, "agent", "/mnt/dbs", "SQL", "JSON"],
      );
    });
  }

  it("turns automatic download off with OpenAutoDownload false", async () => {
    await client().call(MODIFY, RULES);
    await client().call(MODIFY, { BackupPlanId: "dbsplan0001", OpenAutoDownload: false });
    assert.deepEqual(emulator.requestsFor(MODIFY)[1].params, {
      BackupPlanId: "dbsplan0001",
      OpenAutoDownload: "false",
    });
    const list = await client().call(DESCRIBE, { BackupPlanId: "dbsplan0001" });
    assert.equal(list.Items.BackupPlanDetail[0].OpenBackupSetAutoDownload, false);
  });

  it("retries a modify whose answer was lost with the same token: one change", async () => {
    emulator.injectFault({ kind: "actThenDrop", action: MODIFY });
    const answer = await client().call(MODIFY, RULES);
    assert.equal(answer.BackupPlanId, "dbsplan0001");
    assert.deepEqual(
      emulator.requestsFor(MODIFY).map((r) => [r.statusCode, r.params.ClientToken]),
      [
        [0, "rules-tok-1"],
        [200, "rules-tok-1"],
      ],
    );
    assert.equal(sleeps.length, 1);
    assert.equal(emulator.backupPlans()[0].downloadRulesChanges, 1);
  });

  it("an unknown plan: a DbsError with the API's code, status and RequestId; an empty list", async () => {
    const error = await client()
      .call(MODIFY, { ...RULES, BackupPlanId: "dbsnoplan" })
      .then(
        () => assert.fail("expected the call to fail"),
        (e: DbsError) => e,
      );
    const [request] = emulator.requestsFor(MODIFY);
    assert.deepEqual([error.code, error.requestId, error.attempts], ["Param.NotFound", request.requestId, 1]);
    assert.ok(
      error.message.startsWith(
        `DBS ${MODIFY} failed: Param.NotFound (HTTP 200, HttpStatusCode 404 in the body, RequestId ${request.requestId}): ` +
          "The specified parameter BackupPlanId value is not valid.",
      ),
      error.message,
    );
    const list = await client().call(DESCRIBE, { BackupPlanId: "dbsnoplan" });
    assert.deepEqual([list.Success, list.TotalElements, list.Items.BackupPlanDetail], [true, 0, []]);
  });
});
