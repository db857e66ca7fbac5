/**
 * Backup plans' automatic-download rules: ModifyBackupSetDownloadRules and DescribeBackupPlanList, as
 * the real openapi-core client meets them over HTTP.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { DEFAULT_CREDENTIAL, startEmulator, type Emulator } from "../../packages/emulator/src";
import { parseCliArgs } from "../../packages/emulator/src/cli";
import { emulatorPerTest, failure, rawV1Call, type Body } from "../support/emulatorClient";

const MODIFY = "ModifyBackupSetDownloadRules";
const DESCRIBE = "DescribeBackupPlanList";
const SEED = path.join(__dirname, "../fixtures/emulator-seed.json");

/** Every field of the SDK's DescribeBackupPlanListResponseBodyItemsBackupPlanDetail, on the wire. */
const PLAN_DETAIL_FIELDS = [
  "BackupGatewayId",
  "BackupGatewayIdentifier",
  "BackupMethod",
  "BackupObjects",
  "BackupPeriod",
  "BackupPlanCreateTime",
  "BackupPlanId",
  "BackupPlanName",
  "BackupPlanRegion",
  "BackupPlanStatus",
  "BackupRetentionPeriod",
  "BackupSetDownloadDir",
  "BackupSetDownloadFullDataFormat",
  "BackupSetDownloadGatewayId",
  "BackupSetDownloadIncrementDataFormat",
  "BackupSetDownloadTargetType",
  "BackupStartTime",
  "BackupStorageType",
  "BeginTimestampForRestore",
  "CrossAliyunId",
  "CrossRoleName",
  "DatabaseType",
  "DuplicationArchivePeriod",
  "DuplicationInfrequentAccessPeriod",
  "EnableBackupLog",
  "EnableMysqlPhysicalBackupBinLog",
  "EndTimestampForRestore",
  "ErrMessage",
  "IncrementBackupRetentionPeriod",
  "IncrementDuplicationArchivePeriod",
  "IncrementDuplicationInfrequentAccessPeriod",
  "InstanceChargeType",
  "InstanceClass",
  "InstanceExpiredTimestamp",
  "LogBackupRetentionPeriod",
  "LogDuplicationArchivePeriod",
  "LogDuplicationInfrequentAccessPeriod",
  "OSSBucketName",
  "OSSBucketRegion",
  "OpenBackupSetAutoDownload",
  "ResourceGroupId",
  "SourceEndpointDatabaseName",
  "SourceEndpointEnableSsl",
  "SourceEndpointHost",
  "SourceEndpointInstanceID",
  "SourceEndpointInstanceType",
  "SourceEndpointIpPort",
  "SourceEndpointOracleSID",
  "SourceEndpointPort",
  "SourceEndpointRegion",
  "SourceEndpointUserName",
  "StorageEncryptMethod",
];
/** The SDK's numeric and boolean fields; every other field is a string. */
const NUMBER_FIELDS = new Set([
  "BackupGatewayId",
  "BackupPlanCreateTime",
  "BackupRetentionPeriod",
  "BackupSetDownloadGatewayId",
  "BeginTimestampForRestore",
  "DuplicationArchivePeriod",
  "DuplicationInfrequentAccessPeriod",
  "EndTimestampForRestore",
  "InstanceExpiredTimestamp",
]);
const BOOLEAN_FIELDS = new Set([
  "EnableBackupLog",
  "EnableMysqlPhysicalBackupBinLog",
  "OpenBackupSetAutoDownload",
]);
const RULE_FIELDS = [
  "OpenBackupSetAutoDownload",
  "BackupSetDownloadGatewayId",
  "BackupSetDownloadTargetType",
  "BackupSetDownloadDir",
  "BackupSetDownloadFullDataFormat",
  "BackupSetDownloadIncrementDataFormat",
];

const ENABLE = {
  BackupPlanId: "dbsplan0001",
  OpenAutoDownload: "true",
  BackupGatewayId: "31337",
  BackupSetDownloadTargetType: "agent",
  BackupSetDownloadTargetTypeLocation: "minio",
  BackupSetDownloadDir: "/backups/orders",
  FullDataFormat: "JSON",
  IncrementDataFormat: "SQL",
};

function planDetails(body: Body): Body[] {
  return (body.Items as { BackupPlanDetail: Body[] }).BackupPlanDetail;
}

function pick(detail: Body, fields: string[]): Body {
  return Object.fromEntries(fields.filter((f) => f in detail).map((f) => [f, detail[f]]));
}

describe("DBS emulator: automatic download rules of backup plans", () => {
  let emulator: Emulator;
  const { start, caller } = emulatorPerTest((started) => (emulator = started));

  const describePlan = async (planId: string): Promise<Body> => {
    const body = await caller()(DESCRIBE, { BackupPlanId: planId });
    const details = planDetails(body);
    assert.equal(details.length, 1, `one plan ${planId}`);
    return details[0];
  };
  const changes = (planId: string) =>
    emulator.backupPlans().find((p) => p.backupPlanId === planId)?.downloadRulesChanges;

  it("modify, then describe reads every rule back in the SDK's fields and wire types", async () => {
    await start();
    const answer = await caller()(MODIFY, { ...ENABLE, ClientToken: "tok-enable" });
    assert.deepEqual(Object.keys(answer).sort(), [
      "BackupPlanId",
      "ErrCode",
      "ErrMessage",
      "HttpStatusCode",
      "RequestId",
      "Success",
    ]);
    assert.deepEqual(
      [answer.BackupPlanId, answer.Success, answer.HttpStatusCode],
      ["dbsplan0001", true, 200],
    );

    const detail = await describePlan("dbsplan0001");
    assert.deepEqual(pick(detail, RULE_FIELDS), {
      OpenBackupSetAutoDownload: true,
      BackupSetDownloadGatewayId: 31337,
      BackupSetDownloadTargetType: "agent",
      BackupSetDownloadDir: "/backups/orders",
      BackupSetDownloadFullDataFormat: "JSON",
      BackupSetDownloadIncrementDataFormat: "SQL",
    });
    assert.deepEqual(Object.keys(detail).sort(), [...PLAN_DETAIL_FIELDS].sort());
    for (const [field, value] of Object.entries(detail)) {
      const type = NUMBER_FIELDS.has(field) ? "number" : BOOLEAN_FIELDS.has(field) ? "boolean" : "string";
      assert.equal(typeof value, type, field);
    }
    // The target location has no field in DescribeBackupPlanList; the emulator keeps it all the same.
    assert.deepEqual(emulator.backupPlans()[0], {
      backupPlanId: "dbsplan0001",
      downloadRules: {
        openAutoDownload: true,
        backupGatewayId: 31337,
        backupSetDownloadTargetType: "agent",
        backupSetDownloadTargetTypeLocation: "minio",
        backupSetDownloadDir: "/backups/orders",
        fullDataFormat: "JSON",
        incrementDataFormat: "SQL",
      },
      downloadRulesChanges: 1,
    });
    assert.deepEqual(emulator.requestsFor(MODIFY)[0].params, { ...ENABLE, ClientToken: "tok-enable" });
  });

  it("a plan never configured reports automatic download off and no other rule; a seeded one its rules", async () => {
    await start();
    assert.deepEqual(pick(await describePlan("dbsplan0001"), RULE_FIELDS), {
      OpenBackupSetAutoDownload: false,
    });
    assert.deepEqual(pick(await describePlan("dbsplan0002"), RULE_FIELDS), {
      OpenBackupSetAutoDownload: true,
      BackupSetDownloadGatewayId: 20230001,
      BackupSetDownloadTargetType: "agent",
      BackupSetDownloadDir: "/data/dbs",
      BackupSetDownloadFullDataFormat: "SQL",
      BackupSetDownloadIncrementDataFormat: "Native",
    });
  });

  it("replace (default): a rule not sent goes back to its documented default or is unset; disabling with OpenAutoDownload=false", async () => {
    await start();
    const call = caller();
    await call(MODIFY, ENABLE);
    await call(MODIFY, { BackupPlanId: "dbsplan0001", OpenAutoDownload: "true", BackupGatewayId: "7" });
    assert.deepEqual(pick(await describePlan("dbsplan0001"), RULE_FIELDS), {
      OpenBackupSetAutoDownload: true,
      BackupSetDownloadGatewayId: 7,
      BackupSetDownloadTargetType: "agent",
      BackupSetDownloadFullDataFormat: "CSV",
      BackupSetDownloadIncrementDataFormat: "Native",
    });
    assert.equal(emulator.backupPlans()[0].downloadRules.backupSetDownloadTargetTypeLocation, "local");
    await call(MODIFY, { BackupPlanId: "dbsplan0001", OpenAutoDownload: "false" });
    assert.equal((await describePlan("dbsplan0001")).OpenBackupSetAutoDownload, false);
    // OpenAutoDownload defaults to false: a call without it turns automatic download off.
    await call(MODIFY, { ...ENABLE, OpenAutoDownload: "" });
    assert.equal((await describePlan("dbsplan0001")).OpenBackupSetAutoDownload, false);
    assert.equal(changes("dbsplan0001"), 4);
  });

  it("merge (downloadRulesUpdate): a rule not sent keeps its value", async () => {
    await start({ downloadRulesUpdate: "merge" });
    const call = caller();
    await call(MODIFY, ENABLE);
    await call(MODIFY, { BackupPlanId: "dbsplan0001", FullDataFormat: "SQL" });
    assert.deepEqual(pick(await describePlan("dbsplan0001"), RULE_FIELDS), {
      OpenBackupSetAutoDownload: true,
      BackupSetDownloadGatewayId: 31337,
      BackupSetDownloadTargetType: "agent",
      BackupSetDownloadDir: "/backups/orders",
      BackupSetDownloadFullDataFormat: "SQL",
      BackupSetDownloadIncrementDataFormat: "SQL",
    });
  });

  const BAD_VALUES: [string, Record<string, string>, string][] = [
    [
      "OpenAutoDownload",
      { OpenAutoDownload: "yes" },
      'The specified parameter "OpenAutoDownload" value "yes" is not valid. Valid values: true, false.',
    ],
    [
      "BackupGatewayId",
      { BackupGatewayId: "gw-1" },
      'The specified parameter "BackupGatewayId" value "gw-1" is not valid.',
    ],
    [
      "BackupSetDownloadTargetType",
      { BackupSetDownloadTargetType: "oss" },
      'The specified parameter "BackupSetDownloadTargetType" value "oss" is not valid. Valid values: agent.',
    ],
    [
      "BackupSetDownloadTargetTypeLocation",
      { BackupSetDownloadTargetTypeLocation: "s3" },
      'The specified parameter "BackupSetDownloadTargetTypeLocation" value "s3" is not valid. Valid values: local, nas, ftp, minio.',
    ],
    [
      "FullDataFormat",
      { FullDataFormat: "csv" },
      'The specified parameter "FullDataFormat" value "csv" is not valid. Valid values: Native, SQL, CSV, JSON.',
    ],
    [
      "IncrementDataFormat",
      { IncrementDataFormat: "Parquet" },
      'The specified parameter "IncrementDataFormat" value "Parquet" is not valid. Valid values: Native, SQL, CSV, JSON.',
    ],
    [
      "ClientToken",
      { ClientToken: "x".repeat(65) },
      `The specified parameter "ClientToken" value "${"x".repeat(65)}" is not valid. It must be at most 64 printable ASCII characters.`,
    ],
  ];

  it("rejects each bad value with 400 InvalidParameter naming it, and changes nothing", async () => {
    await start();
    const call = caller();
    for (const [name, bad, message] of BAD_VALUES) {
      const error = await failure(call(MODIFY, { ...ENABLE, ...bad }));
      assert.deepEqual(
        [error.statusCode, error.code, (error.data as Body).Message],
        [400, "InvalidParameter", message],
        name,
      );
    }
    const missing = await failure(call(MODIFY, { OpenAutoDownload: "false" }));
    assert.deepEqual([missing.statusCode, missing.code], [400, "MissingParameter"]);
    assert.match((missing.data as Body).Message as string, /"BackupPlanId"/);
    assert.equal(changes("dbsplan0001"), 0);
  });

  it("answers business refusals with Success:false: unknown plan, own-bucket plan, enabling without a gateway", async () => {
    await start();
    const call = caller();
    const refusals = [
      await call(MODIFY, { ...ENABLE, BackupPlanId: "dbsnoplan" }),
      await call(MODIFY, { ...ENABLE, BackupPlanId: "dbsplan0003" }),
      await call(MODIFY, { ...ENABLE, BackupGatewayId: "" }),
    ];
    assert.deepEqual(
      refusals.map((b) => [b.Success, b.HttpStatusCode, b.ErrCode, b.ErrMessage]),
      [
        [false, 404, "Param.NotFound", "The specified parameter BackupPlanId value is not valid."],
        [
          false,
          400,
          "BackupPlan.StorageTypeNotSupported",
          "The backup plan dbsplan0003 does not store its backups on DBS's built-in storage (BackupStorageType system), so its backup sets cannot be downloaded automatically.",
        ],
        [false, 400, "Param.NotFound", "The specified parameter BackupGatewayId value is not valid."],
      ],
    );
    // Turning it off needs neither built-in storage nor a gateway.
    assert.equal(
      (await call(MODIFY, { BackupPlanId: "dbsplan0003", OpenAutoDownload: "false" })).Success,
      true,
    );
    assert.deepEqual(
      emulator.backupPlans().map((p) => [p.backupPlanId, p.downloadRulesChanges]),
      [
        ["dbsplan0001", 0],
        ["dbsplan0002", 0],
        ["dbsplan0003", 1],
      ],
    );
  });

  it("answers business refusals as HTTP errors with businessErrors: http", async () => {
    await start({ businessErrors: "http" });
    const error = await failure(caller()(MODIFY, { ...ENABLE, BackupPlanId: "dbsnoplan" }));
    assert.deepEqual([error.statusCode, error.code], [404, "Param.NotFound"]);
  });

  it("the same ClientToken with the same parameters replays the answer without a second change", async () => {
    await start();
    const call = caller();
    const first = await call(MODIFY, { ...ENABLE, ClientToken: "tok-a" });
    const again = await call(MODIFY, { ...ENABLE, ClientToken: "tok-a" });
    assert.deepEqual([first.BackupPlanId, again.BackupPlanId], ["dbsplan0001", "dbsplan0001"]);
    assert.notEqual(first.RequestId, again.RequestId);
    assert.equal(changes("dbsplan0001"), 1);

    // A later change by another token is not undone by replaying the first one.
    await call(MODIFY, { BackupPlanId: "dbsplan0001", OpenAutoDownload: "false", ClientToken: "tok-b" });
    await call(MODIFY, { ...ENABLE, ClientToken: "tok-a" });
    assert.equal(changes("dbsplan0001"), 2);
    assert.equal((await describePlan("dbsplan0001")).OpenBackupSetAutoDownload, false);

    // Without a token, every call is a change.
    await call(MODIFY, ENABLE);
    await call(MODIFY, ENABLE);
    assert.equal(changes("dbsplan0001"), 4);
  });

  it("the same ClientToken with other parameters: 400 IdempotentParameterMismatch, no change", async () => {
    await start();
    const call = caller();
    await call(MODIFY, { ...ENABLE, ClientToken: "tok-m" });
    const error = await failure(call(MODIFY, { ...ENABLE, FullDataFormat: "SQL", ClientToken: "tok-m" }));
    assert.deepEqual([error.statusCode, error.code], [400, "IdempotentParameterMismatch"]);
    assert.equal(changes("dbsplan0001"), 1);
    assert.equal((await describePlan("dbsplan0001")).BackupSetDownloadFullDataFormat, "JSON");
    // A token is scoped to its action: the same one on a create starts a task.
    await call("CreateFullBackupSetDownload", { BackupSetId: "dbsset0001", ClientToken: "tok-m" });
    assert.equal(emulator.tasks().length, 1);
  });

  describe("faults and limits on ModifyBackupSetDownloadRules", () => {
    const refusing: [string, "unavailable" | "throttling" | "reset", number, string | undefined][] = [
      ["unavailable", "unavailable", 503, "ServiceUnavailable"],
      ["throttling", "throttling", 400, "Throttling.User"],
      ["reset", "reset", 0, undefined],
    ];
    for (const [what, kind, status, code] of refusing) {
      it(`${what}: the call fails and the plan is unchanged; the retry changes it once`, async () => {
        await start();
        emulator.injectFault({ kind, action: MODIFY });
        const call = caller();
        await failure(call(DESCRIBE).then(() => call(MODIFY, { ...ENABLE, ClientToken: "tok-f" })));
        assert.equal(changes("dbsplan0001"), 0);
        await call(MODIFY, { ...ENABLE, ClientToken: "tok-f" });
        assert.equal(changes("dbsplan0001"), 1);
        assert.deepEqual(
          emulator.requests.map((r) => [r.action, r.statusCode, r.code]),
          [
            [DESCRIBE, 200, undefined],
            [MODIFY, status, code],
            [MODIFY, 200, undefined],
          ],
        );
      });
    }

    it("actThenDrop: the change is made, the answer lost; the retry with the same token replays it", async () => {
      await start();
      emulator.injectFault({ kind: "actThenDrop", action: MODIFY });
      const call = caller();
      const lost = await failure(call(MODIFY, { ...ENABLE, ClientToken: "tok-lost" }));
      assert.equal(lost.code, "ECONNRESET", lost.message);
      assert.equal(changes("dbsplan0001"), 1);
      const retried = await call(MODIFY, { ...ENABLE, ClientToken: "tok-lost" });
      assert.equal(retried.BackupPlanId, "dbsplan0001");
      assert.equal(changes("dbsplan0001"), 1);
      assert.deepEqual(
        emulator.requestsFor(MODIFY).map((r) => r.statusCode),
        [0, 200],
      );
    });

    it("the per-key rate limit throttles it like every DBS action", async () => {
      await start({ rateLimit: 1 });
      const call = caller();
      await call(DESCRIBE);
      const error = await failure(call(MODIFY, ENABLE));
      assert.deepEqual([error.statusCode, error.code], [400, "Throttling.User"]);
      assert.equal(changes("dbsplan0001"), 0);
    });

    it("refuses an unsigned request (MissingAccessKeyId) and a wrong secret (SignatureDoesNotMatch)", async () => {
      await start();
      const query = new URLSearchParams({ Action: MODIFY, Version: "2019-03-06", ...ENABLE });
      const unsigned = await fetch(`${emulator.url}/?${query}`, { method: "POST" });
      assert.equal(unsigned.status, 400);
      assert.equal(((await unsigned.json()) as Body).Code, "MissingAccessKeyId");
      const wrong = await rawV1Call(emulator.url, MODIFY, ENABLE, {
        ...DEFAULT_CREDENTIAL,
        accessKeySecret: "not-the-secret",
      });
      assert.deepEqual([wrong.status, wrong.body.Code], [400, "SignatureDoesNotMatch"]);
      const denied = await failure(
        caller({ credential: { ...DEFAULT_CREDENTIAL, accessKeySecret: "not-the-secret" } })(MODIFY, ENABLE),
      );
      assert.equal(denied.code, "SignatureDoesNotMatch");
      assert.equal(changes("dbsplan0001"), 0);
      assert.deepEqual(
        emulator.requestsFor(MODIFY).map((r) => [r.statusCode, r.code]),
        [
          [400, "MissingAccessKeyId"],
          [400, "SignatureDoesNotMatch"],
          [400, "SignatureDoesNotMatch"],
        ],
      );
    });

    it("a key without the RAM permission gets 403 Request.Forbidden", async () => {
      const limited = {
        accessKeyId: "LTAIreadOnly",
        accessKeySecret: "read-only-secret-Qw12",
        deniedActions: [MODIFY],
      };
      await start({ credentials: [limited] });
      const error = await failure(caller({ credential: limited })(MODIFY, ENABLE));
      assert.deepEqual([error.statusCode, error.code], [403, "Request.Forbidden"]);
      assert.equal(changes("dbsplan0001"), 0);
    });
  });

  describe("DescribeBackupPlanList", () => {
    it("lists plans newest first, pages with PageNum/PageSize (1 to 100), and filters", async () => {
      await start();
      const call = caller();
      const all = await call(DESCRIBE);
      assert.deepEqual([all.PageNum, all.PageSize, all.TotalElements, all.TotalPages], [0, 30, 3, 1]);
      assert.deepEqual(
        planDetails(all).map((d) => d.BackupPlanId),
        ["dbsplan0003", "dbsplan0002", "dbsplan0001"],
      );
      const second = await call(DESCRIBE, { PageNum: "1", PageSize: "2" });
      assert.deepEqual(
        [second.TotalPages, planDetails(second).map((d) => d.BackupPlanId)],
        [2, ["dbsplan0001"]],
      );
      const byIds = await call(DESCRIBE, { BackupPlanId: "dbsplan0001,dbsplan0002,dbsnoplan" });
      assert.deepEqual(
        planDetails(byIds).map((d) => d.BackupPlanId),
        ["dbsplan0002", "dbsplan0001"],
      );
      const unknown = await call(DESCRIBE, { BackupPlanId: "dbsnoplan" });
      assert.deepEqual([unknown.Success, unknown.TotalElements, planDetails(unknown)], [true, 0, []]);
      const byName = await call(DESCRIBE, { BackupPlanName: "bulk-mysql", Region: "cn-hangzhou" });
      assert.deepEqual(
        planDetails(byName).map((d) => d.BackupPlanId),
        ["dbsplan0002"],
      );
      assert.equal((await call(DESCRIBE, { Region: "cn-beijing" })).TotalElements, 0);
      for (const size of ["0", "101"]) {
        const error = await failure(call(DESCRIBE, { PageSize: size }));
        assert.deepEqual(
          [error.code, (error.data as Body).Message],
          [
            "InvalidParameter",
            `The specified parameter "PageSize" value "${size}" is not valid. Valid values: 1 to 100.`,
          ],
        );
      }
    });

    it("with seeded sets only, lists the plans they name", async () => {
      await start({ backupSets: [{ backupSetId: "s1", backupPlanId: "dbsmine" }] });
      const details = planDetails(await caller()(DESCRIBE));
      assert.deepEqual(
        details.map((d) => [
          d.BackupPlanId,
          d.BackupPlanName,
          d.BackupStorageType,
          d.OpenBackupSetAutoDownload,
        ]),
        [["dbsmine", "dbsmine", "system", false]],
      );
    });

    it("addBackupPlan replaces a plan's rules behind the API's back (a console edit)", async () => {
      await start();
      emulator.addBackupPlan({
        backupPlanId: "dbsplan0001",
        downloadRules: { openAutoDownload: true, backupGatewayId: 9 },
      });
      assert.deepEqual(pick(await describePlan("dbsplan0001"), RULE_FIELDS), {
        OpenBackupSetAutoDownload: true,
        BackupSetDownloadGatewayId: 9,
      });
    });
  });

  describe("seeds", () => {
    it("a seed file's plans carry download rules, and --download-rules-update picks the mode", async () => {
      const options = parseCliArgs(["--seed", SEED, "--download-rules-update", "merge"]);
      assert.ok(options !== "help");
      assert.equal(options.downloadRulesUpdate, "merge");
      await start(options);
      const detail = await caller({
        credential: { accessKeyId: "LTAIfixtureKey", accessKeySecret: "fixture-secret-7Hq2" },
      })(DESCRIBE, { BackupPlanId: "dbsfixplan" });
      assert.deepEqual(
        pick(planDetails(detail)[0], ["BackupPlanName", "BackupPlanCreateTime", ...RULE_FIELDS]),
        {
          BackupPlanName: "fixture-plan",
          BackupPlanCreateTime: 1780000000000,
          OpenBackupSetAutoDownload: true,
          BackupSetDownloadGatewayId: 4242,
          BackupSetDownloadDir: "/mnt/nas/dbs",
          BackupSetDownloadFullDataFormat: "JSON",
        },
      );
      assert.throws(() => parseCliArgs(["--download-rules-update", "patch"]), {
        message: '--download-rules-update must be replace or merge, got "patch"',
      });
    });

    it("rejects a seed plan that cannot work, naming the plan and the field", async () => {
      const cases: [object, string][] = [
        [{ backupPlanId: "" }, "every backup plan needs a non-empty string backupPlanId"],
        [
          { backupPlanId: "p1", downloadRules: { fullDataFormat: "XML" } },
          'backup plan "p1": downloadRules.fullDataFormat must be one of Native, SQL, CSV, JSON, got "XML"',
        ],
        [
          { backupPlanId: "p1", downloadRules: { openAutoDownload: "yes" } },
          'backup plan "p1": downloadRules.openAutoDownload must be true or false, got "yes"',
        ],
        [
          { backupPlanId: "p1", downloadRules: { backupGatewayId: -1 } },
          'backup plan "p1": downloadRules.backupGatewayId must be an integer >= 0, got -1',
        ],
      ];
      for (const [plan, message] of cases) {
        await assert.rejects(startEmulator({ backupPlans: [plan as never] }), { message });
      }
      await assert.rejects(startEmulator({ downloadRulesUpdate: "patch" as never }), {
        message: 'downloadRulesUpdate must be "replace" or "merge", got "patch"',
      });
    });
  });
});
