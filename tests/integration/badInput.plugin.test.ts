import { strict as assert } from "node:assert";
import type { Emulator } from "../../emulator";
import { DEFAULT_CREDENTIAL, startEmulator } from "../../emulator";
import { getLatestFullBackupSet, listFullBackupSets, listIncrementBackupSets } from "../../provider";
import type { Registration } from "../support/captureRegistrations";
import { captureRegistrations } from "../support/captureRegistrations";
import type { DynamicProviderPlugin } from "../support/dynamicProviderPlugin";
import { startDynamicProviderPlugin, urnFor } from "../support/dynamicProviderPlugin";

const PROJECT = "shop";
const STACK = "prod";
const TYPES = {
  full: "pulumi-nodejs:dynamic/alicloud-dbs:FullBackupSetDownload",
  binlog: "pulumi-nodejs:dynamic/alicloud-dbs:IncrementBackupSetDownload",
};
const FORMATS = "use one of Native, SQL, CSV, JSON";
const TOKEN_RULE = "is not allowed: use 1 to 64 printable ASCII characters without spaces";
const TIMEOUT_RULE = "timeoutMinutes must be a number of minutes greater than 0 and at most 1440, got";
const ENDPOINT_SCOPE = "must be a scheme and host\\[:port\\] only, without path, query or credentials";

/** One plugin process per provider-wide setting under test: configure runs once per process. */
type PluginName = "main" | "noRegion" | "badUrl" | "withPath" | "ftp" | "insecure";

interface Row {
  what: string;
  resource?: "full" | "binlog";
  plugin?: PluginName;
  /** Replaces inputs of the valid registration; `undefined` removes one. */
  change: Record<string, unknown>;
  property: string;
  reason: RegExp;
}

const ROWS: Row[] = [
  {
    what: "empty backupSetId",
    change: { backupSetId: "" },
    property: "backupSetId",
    reason: /^backupSetId is required: a backup set ID such as "dbs1hv\*\*\*\*"$/,
  },
  {
    what: "missing backupSetId",
    change: { backupSetId: undefined },
    property: "backupSetId",
    reason: /^backupSetId is required: a backup set ID such as "dbs1hv\*\*\*\*"$/,
  },
  {
    what: "whitespace backupSetId",
    change: { backupSetId: "   " },
    property: "backupSetId",
    reason: /^backupSetId " {3}" must not contain whitespace$/,
  },
  {
    what: "backupSetId with a space",
    change: { backupSetId: "dbs set01" },
    property: "backupSetId",
    reason: /^backupSetId "dbs set01" must not contain whitespace$/,
  },
  {
    what: "backupSetId as a number",
    change: { backupSetId: 42 },
    property: "backupSetId",
    reason: /^backupSetId must be a string such as "dbs1hv\*\*\*\*", got number 42$/,
  },
  {
    what: "too long backupSetId",
    change: { backupSetId: "d".repeat(129) },
    property: "backupSetId",
    reason: /^backupSetId "d{80}…" is 129 characters long; at most 128 are allowed$/,
  },
  {
    what: "format in the wrong case",
    change: { backupSetDataFormat: "sql" },
    property: "backupSetDataFormat",
    reason: new RegExp(
      `^backupSetDataFormat "sql" is not allowed: ${FORMATS} \\(values are case-sensitive: did you mean "SQL"\\?\\)$`,
    ),
  },
  {
    what: "unknown format",
    change: { backupSetDataFormat: "XML" },
    property: "backupSetDataFormat",
    reason: new RegExp(`^backupSetDataFormat "XML" is not allowed: ${FORMATS}$`),
  },
  {
    what: "empty format",
    change: { backupSetDataFormat: "" },
    property: "backupSetDataFormat",
    reason: new RegExp(`^backupSetDataFormat "" is not allowed: ${FORMATS}$`),
  },
  {
    what: "format as a number",
    change: { backupSetDataFormat: 3 },
    property: "backupSetDataFormat",
    reason: new RegExp(`^backupSetDataFormat number 3 is not allowed: ${FORMATS}$`),
  },
  {
    what: "65-character clientToken",
    change: { clientToken: "t".repeat(65) },
    property: "clientToken",
    reason: new RegExp(
      `^clientToken "t{65}" ${TOKEN_RULE} \\(got 65 characters\\), or leave it unset to derive one$`,
    ),
  },
  {
    what: "non-ASCII clientToken",
    change: { clientToken: "tökén-1" },
    property: "clientToken",
    reason: new RegExp(`^clientToken "tökén-1" ${TOKEN_RULE} \\(got 7 characters\\)`),
  },
  {
    what: "clientToken with a space",
    change: { clientToken: "my token" },
    property: "clientToken",
    reason: new RegExp(`^clientToken "my token" ${TOKEN_RULE} \\(got 8 characters\\)`),
  },
  {
    what: "empty clientToken",
    change: { clientToken: "" },
    property: "clientToken",
    reason: new RegExp(`^clientToken "" ${TOKEN_RULE} \\(got 0 characters\\)`),
  },
  {
    what: "clientToken as a number",
    change: { clientToken: 12345 },
    property: "clientToken",
    reason: /^clientToken must be a string, got number 12345$/,
  },
  {
    what: "negative timeoutMinutes",
    change: { timeoutMinutes: -5 },
    property: "timeoutMinutes",
    reason: new RegExp(`^${TIMEOUT_RULE} -5$`),
  },
  {
    what: "zero timeoutMinutes",
    change: { timeoutMinutes: 0 },
    property: "timeoutMinutes",
    reason: new RegExp(`^${TIMEOUT_RULE} 0$`),
  },
  {
    what: "absurd timeoutMinutes",
    change: { timeoutMinutes: 1e9 },
    property: "timeoutMinutes",
    reason: new RegExp(`^${TIMEOUT_RULE} 1000000000$`),
  },
  {
    what: "timeoutMinutes as a string",
    change: { timeoutMinutes: "30" },
    property: "timeoutMinutes",
    reason: new RegExp(`^${TIMEOUT_RULE} "30"$`),
  },
  {
    what: "non-boolean waitForCompletion",
    change: { waitForCompletion: "yes" },
    property: "waitForCompletion",
    reason: /^waitForCompletion must be true or false, got "yes"$/,
  },
  {
    what: "waitForCompletion as 1",
    change: { waitForCompletion: 1 },
    property: "waitForCompletion",
    reason: /^waitForCompletion must be true or false, got 1$/,
  },
  {
    what: "triggers as a string",
    change: { triggers: "release-7" },
    property: "triggers",
    reason: /^triggers must be an array or an object of values, got "release-7"$/,
  },
  {
    what: "malformed region",
    change: { region: "CN_Hangzhou" },
    property: "region",
    reason: /^region "CN_Hangzhou" \(from the region argument\) is not a region ID such as "cn-hangzhou"$/,
  },
  {
    what: "empty region",
    change: { region: "" },
    property: "region",
    reason: /^region "" \(from the region argument\) is not a region ID such as "cn-hangzhou"$/,
  },
  {
    what: "region as a number",
    change: { region: 42 },
    property: "region",
    reason: /^region number 42 \(from the region argument\) is not a region ID/,
  },
  {
    what: "incremental without backupSetName",
    resource: "binlog",
    change: { backupSetName: undefined },
    property: "backupSetName",
    reason: /^backupSetName is required: a binlog file name such as "mysql-bin\.00\*\*\*\*"$/,
  },
  {
    what: "incremental backupSetName with a space",
    resource: "binlog",
    change: { backupSetName: "mysql-bin 54" },
    property: "backupSetName",
    reason: /^backupSetName "mysql-bin 54" must not contain whitespace$/,
  },
  {
    what: "incremental empty backupSetId",
    resource: "binlog",
    change: { backupSetId: "" },
    property: "backupSetId",
    reason: /^backupSetId is required: a backup set ID such as "dbsjob\*\*\*\*"$/,
  },
  {
    what: "incremental format in the wrong case",
    resource: "binlog",
    change: { backupSetDataFormat: "native" },
    property: "backupSetDataFormat",
    reason: /did you mean "Native"\?\)$/,
  },
  {
    what: "incremental timeoutMinutes as null",
    resource: "binlog",
    change: { timeoutMinutes: null },
    property: "timeoutMinutes",
    reason: new RegExp(`^${TIMEOUT_RULE} null$`),
  },
  {
    what: "missing region (no arg, config or env)",
    plugin: "noRegion",
    change: {},
    property: "region",
    reason:
      /^region is not set: set the resource's region argument, config alicloud:region or env ALIBABA_CLOUD_REGION_ID$/,
  },
  {
    what: "unknown region",
    plugin: "noRegion",
    change: { region: "mars-west-1" },
    property: "region",
    reason:
      /^region "mars-west-1" \(from the region argument\) has no known DBS endpoint; use one of cn-hangzhou, .*me-east-1, or set config alicloud-dbs:endpoint \/ env ALIBABA_CLOUD_DBS_ENDPOINT$/,
  },
  {
    what: "malformed endpoint URL (config)",
    plugin: "badUrl",
    change: {},
    property: "",
    reason:
      /^config alicloud-dbs:endpoint "http:\/\/127\.0\.0\.1:99999" is not a URL or host: use e\.g\. http:\/\/127\.0\.0\.1:8080 or dbs-api\.cn-hangzhou\.aliyuncs\.com$/,
  },
  {
    what: "endpoint with a path (env)",
    plugin: "withPath",
    change: {},
    property: "",
    reason: new RegExp(
      `^env ALIBABA_CLOUD_DBS_ENDPOINT "http://127\\.0\\.0\\.1:8080/dbs" ${ENDPOINT_SCOPE}$`,
    ),
  },
  {
    what: "ftp:// endpoint (config)",
    plugin: "ftp",
    change: {},
    property: "",
    reason:
      /^config alicloud-dbs:endpoint "ftp:\/\/127\.0\.0\.1:21" has scheme "ftp": only http and https are allowed$/,
  },
  {
    what: "http:// to a non-loopback host (env)",
    plugin: "insecure",
    change: {},
    property: "",
    reason:
      /^env ALIBABA_CLOUD_DBS_ENDPOINT "http:\/\/dbs\.internal\.example:8080" uses plain http to a non-loopback host; use https, or set config alicloud-dbs:allowInsecureHttp=true/,
  },
];

describe("bad inputs are refused by check (and the lookups) before any API request", function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let registrations: Registration[];
  const plugins = {} as Record<PluginName, DynamicProviderPlugin>;

  function plugin(config: Record<string, string>, env: Record<string, string | undefined> = {}) {
    return startDynamicProviderPlugin({ project: PROJECT, stack: STACK, env }).then(async (started) => {
      await started.configure({
        "alicloud:accessKey": DEFAULT_CREDENTIAL.accessKeyId,
        "alicloud:secretKey": DEFAULT_CREDENTIAL.accessKeySecret,
        ...config,
      });
      return started;
    });
  }

  before(async () => {
    emulator = await startEmulator();
    const region = { "alicloud:region": "cn-hangzhou" };
    [
      registrations,
      plugins.main,
      plugins.noRegion,
      plugins.badUrl,
      plugins.withPath,
      plugins.ftp,
      plugins.insecure,
    ] = await Promise.all([
      captureRegistrations(require.resolve("./fixtures/robustnessPrograms"), "oneOfEach", {
        project: PROJECT,
        stack: STACK,
      }),
      plugin(region, { ALIBABA_CLOUD_DBS_ENDPOINT: emulator.url }),
      plugin({}),
      plugin({ ...region, "alicloud-dbs:endpoint": "http://127.0.0.1:99999" }),
      plugin(region, { ALIBABA_CLOUD_DBS_ENDPOINT: "http://127.0.0.1:8080/dbs" }),
      plugin({ ...region, "alicloud-dbs:endpoint": "ftp://127.0.0.1:21" }),
      plugin(region, { ALIBABA_CLOUD_DBS_ENDPOINT: "http://dbs.internal.example:8080" }),
    ]);
  });
  after(async () => {
    assert.equal(emulator.requests.length, 0, "the emulator saw no request over the whole table");
    await Promise.all(Object.values(plugins).map((p) => p.close()));
    await emulator?.close();
  });

  function inputsOf(resource: "full" | "binlog"): Record<string, unknown> {
    const registration = registrations.find((r) => r.name === resource);
    assert.ok(registration, `program registered ${resource}`);
    return registration.inputs;
  }

  it(`the table has ${ROWS.length} rows and every valid input passes every plugin's checks but the one under test`, async () => {
    assert.ok(ROWS.length >= 25);
    for (const resource of ["full", "binlog"] as const) {
      const { failures } = await plugins.main.check(
        urnFor(TYPES[resource], resource, PROJECT, STACK),
        {},
        inputsOf(resource),
      );
      assert.deepEqual(failures, []);
    }
  });

  for (const row of ROWS) {
    it(`${row.what}: ${row.property || "(provider)"} refused`, async () => {
      const resource = row.resource ?? "full";
      const news = { ...inputsOf(resource), ...row.change };
      const { failures } = await plugins[row.plugin ?? "main"].check(
        urnFor(TYPES[resource], resource, PROJECT, STACK),
        {},
        news,
      );
      assert.equal(failures.length, 1, `exactly one failure, got ${JSON.stringify(failures)}`);
      assert.equal(failures[0].property, row.property);
      assert.match(failures[0].reason, row.reason);
      assert.equal(emulator.requests.length, 0);
    });
  }

  it("a create that reaches a bad endpoint anyway (no check) names the setting before any request", async () => {
    const { inputs } = await plugins.main.check(
      urnFor(TYPES.full, "full", PROJECT, STACK),
      {},
      inputsOf("full"),
    );
    await assert.rejects(plugins.ftp.create(urnFor(TYPES.full, "full", PROJECT, STACK), inputs), {
      message:
        'config alicloud-dbs:endpoint "ftp://127.0.0.1:21" has scheme "ftp": only http and https are allowed',
    });
  });

  describe("lookup functions, in the program's process", () => {
    const env = {
      ALIBABA_CLOUD_DBS_ENDPOINT: "",
      ALIBABA_CLOUD_REGION_ID: "cn-hangzhou",
      ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_CREDENTIAL.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_CREDENTIAL.accessKeySecret,
    };
    const saved: Record<string, string | undefined> = {};
    before(() => {
      env.ALIBABA_CLOUD_DBS_ENDPOINT = emulator.url;
      for (const [key, value] of Object.entries(env)) {
        saved[key] = process.env[key];
        process.env[key] = value;
      }
    });
    after(() => {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    });

    const TIMESTAMP_RULE = "is not allowed: use epoch milliseconds, a whole number >= 0";
    const lookups: [string, () => Promise<unknown>, RegExp][] = [
      [
        "empty backupPlanId",
        () => listFullBackupSets({ backupPlanId: "" }),
        /^listFullBackupSets: backupPlanId is required: a backup plan ID such as "dbstooi\*\*\*\*"$/,
      ],
      [
        "backupPlanId with a space",
        () => listIncrementBackupSets({ backupPlanId: "dbs plan" }),
        /^listIncrementBackupSets: backupPlanId "dbs plan" must not contain whitespace$/,
      ],
      [
        "backupPlanId as a number",
        () => getLatestFullBackupSet({ backupPlanId: 7 as unknown as string }),
        /^getLatestFullBackupSet: backupPlanId must be a string such as "dbstooi\*\*\*\*", got number 7$/,
      ],
      [
        "negative startTimestamp",
        () => listFullBackupSets({ backupPlanId: "dbsplan0001", startTimestamp: -1 }),
        new RegExp(`^listFullBackupSets: startTimestamp number -1 ${TIMESTAMP_RULE}`),
      ],
      [
        "fractional endTimestamp",
        () => listIncrementBackupSets({ backupPlanId: "dbsplan0001", endTimestamp: 1.5 }),
        new RegExp(`^listIncrementBackupSets: endTimestamp number 1\\.5 ${TIMESTAMP_RULE}`),
      ],
      [
        "NaN startTimestamp",
        () => listFullBackupSets({ backupPlanId: "dbsplan0001", startTimestamp: NaN }),
        new RegExp(`^listFullBackupSets: startTimestamp number NaN ${TIMESTAMP_RULE}`),
      ],
      [
        "date string as endTimestamp",
        () =>
          listFullBackupSets({
            backupPlanId: "dbsplan0001",
            endTimestamp: "2026-10-01" as unknown as number,
          }),
        new RegExp(`^listFullBackupSets: endTimestamp "2026-10-01" ${TIMESTAMP_RULE}`),
      ],
      [
        "start after end",
        () => listFullBackupSets({ backupPlanId: "dbsplan0001", startTimestamp: 2000, endTimestamp: 1000 }),
        /^listFullBackupSets: startTimestamp 2000 is after endTimestamp 1000: the range would be empty$/,
      ],
      [
        "status in the wrong case",
        () => listFullBackupSets({ backupPlanId: "dbsplan0001", backupSetStatus: "Finish" }),
        /^listFullBackupSets: backupSetStatus "Finish" is not allowed: use one of schedule, running, finish, stop, pause \(values are case-sensitive: did you mean "finish"\?\)$/,
      ],
      [
        "malformed region",
        () => listFullBackupSets({ backupPlanId: "dbsplan0001", region: "Hangzhou" }),
        /^listFullBackupSets: region "Hangzhou" \(from the region argument\) is not a region ID such as "cn-hangzhou"$/,
      ],
      [
        "two problems at once",
        () => listFullBackupSets({ backupPlanId: "", startTimestamp: -2 }),
        /^listFullBackupSets: backupPlanId is required: .*; startTimestamp number -2 is not allowed/,
      ],
    ];
    for (const [what, call, message] of lookups) {
      it(`${what}: rejected before any request`, async () => {
        await assert.rejects(call(), (error: Error) => {
          assert.match(error.message, message);
          return true;
        });
        assert.equal(emulator.requests.length, 0);
      });
    }

    it("valid arguments do reach the emulator (the zero-request checks above can fail)", async () => {
      const sets = await listFullBackupSets({ backupPlanId: "dbsplan0001", backupSetStatus: "finish" });
      assert.ok(sets.length > 0);
      assert.equal(emulator.requestsFor("DescribeFullBackupList").length, 1);
      emulator.clearRequests();
    });
  });
});
