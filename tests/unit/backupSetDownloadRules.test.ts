import { strict as assert } from "node:assert";
import { DYNAMIC_CONFIG_KEYS } from "../../provider/dynamic/provider";
import { readSettings } from "../../provider/lib/settings";
import { UNKNOWN } from "../../provider/lib/values";
import {
  backupSetDownloadRules as rules,
  changeToken,
  modifyRequest,
} from "../../provider/resources/backupSetDownloadRules";

const scope = { project: "shop", stack: "prod", name: "nightly" };
const regional = readSettings(
  DYNAMIC_CONFIG_KEYS,
  (k) => (k === "alicloud:region" ? "cn-hangzhou" : undefined),
  {},
);
const ON = { backupPlanId: "dbsplan0001", backupGatewayId: 20230001 };

function checked(news: Record<string, unknown>): Record<string, unknown> {
  const { inputs, failures } = rules.check({}, news, regional, scope);
  assert.deepEqual(failures, []);
  return { ...inputs };
}

describe("BackupSetDownloadRules check", () => {
  it("fills the documented defaults and the region, and keeps only inputs", () => {
    assert.deepEqual(checked({ ...ON, tokenScope: scope }), {
      backupPlanId: "dbsplan0001",
      region: "cn-hangzhou",
      openAutoDownload: true,
      backupGatewayId: 20230001,
      backupSetDownloadTargetType: "agent",
      backupSetDownloadTargetTypeLocation: "local",
      fullDataFormat: "CSV",
      incrementDataFormat: "Native",
    });
  });

  const bad: [string, Record<string, unknown>, { property: string; reason: string }[]][] = [
    [
      "no plan, no gateway while on",
      {},
      [
        {
          property: "backupPlanId",
          reason: 'backupPlanId is required: a backup plan ID such as "dbstooi01e****"',
        },
        {
          property: "backupGatewayId",
          reason:
            "backupGatewayId is required when openAutoDownload is true: the ID of the backup gateway that receives the files, e.g. 1234567",
        },
      ],
    ],
    [
      "values outside the API's allowed ones",
      {
        ...ON,
        openAutoDownload: "yes",
        backupGatewayId: -1,
        backupSetDownloadTargetType: "server",
        backupSetDownloadTargetTypeLocation: "oss",
        backupSetDownloadDir: " ",
        fullDataFormat: "csv",
        incrementDataFormat: "XML",
      },
      [
        { property: "openAutoDownload", reason: 'openAutoDownload must be true or false, got "yes"' },
        {
          property: "backupGatewayId",
          reason:
            "backupGatewayId number -1 is not allowed: use the backup gateway's ID, a whole number >= 0",
        },
        {
          property: "backupSetDownloadTargetType",
          reason: 'backupSetDownloadTargetType "server" is not allowed: use one of agent (case-sensitive)',
        },
        {
          property: "backupSetDownloadTargetTypeLocation",
          reason:
            'backupSetDownloadTargetTypeLocation "oss" is not allowed: use one of local, nas, ftp, minio (case-sensitive)',
        },
        {
          property: "backupSetDownloadDir",
          reason:
            'backupSetDownloadDir " " is not allowed: use a directory path on the destination server, e.g. /data/dbs',
        },
        {
          property: "fullDataFormat",
          reason:
            'fullDataFormat "csv" is not allowed: use one of Native, SQL, CSV, JSON (values are case-sensitive: did you mean "CSV"?)',
        },
        {
          property: "incrementDataFormat",
          reason: 'incrementDataFormat "XML" is not allowed: use one of Native, SQL, CSV, JSON',
        },
      ],
    ],
  ];
  for (const [name, news, failures] of bad) {
    it(`names the field, the value and what is allowed: ${name}`, () => {
      assert.deepEqual(rules.check({}, news, regional, scope), { failures });
    });
  }

  it("needs no gateway while off, and passes preview's unknowns through", () => {
    assert.equal(checked({ backupPlanId: "p", openAutoDownload: false }).openAutoDownload, false);
    assert.equal(checked({ backupPlanId: UNKNOWN, backupGatewayId: UNKNOWN }).backupPlanId, UNKNOWN);
    assert.equal(checked({ ...ON, openAutoDownload: UNKNOWN }).openAutoDownload, UNKNOWN);
  });
});

describe("BackupSetDownloadRules diff", () => {
  const stored = { ...checked(ON), clientToken: "pdbs1-x", backupSetDownloadDir: "/data" };
  const changes = (news: Record<string, unknown>) =>
    rules.diff(stored, checked(news)).map((c) => `${c.property}:${c.kind}${c.replace ? ":replace" : ""}`);
  const table: [string, Record<string, unknown>, string[]][] = [
    ["the same rules", { ...ON, backupSetDownloadDir: "/data" }, []],
    ["a rule updates in place", { ...ON, backupSetDownloadDir: "/backups" }, ["backupSetDownloadDir:update"]],
    ["a rule removed", ON, ["backupSetDownloadDir:delete"]],
    [
      "formats and location update in place",
      {
        ...ON,
        backupSetDownloadDir: "/data",
        fullDataFormat: "SQL",
        backupSetDownloadTargetTypeLocation: "nas",
      },
      ["backupSetDownloadTargetTypeLocation:update", "fullDataFormat:update"],
    ],
    [
      "another plan replaces",
      { ...ON, backupPlanId: "p2", backupSetDownloadDir: "/data" },
      ["backupPlanId:update:replace"],
    ],
    [
      "another region replaces",
      { ...ON, backupSetDownloadDir: "/data", region: "cn-shanghai" },
      ["region:update:replace"],
    ],
    ["an unknown rule may change", { ...ON, backupSetDownloadDir: UNKNOWN }, ["backupSetDownloadDir:update"]],
  ];
  for (const [name, news, expected] of table) {
    it(name, () => assert.deepEqual(changes(news), expected));
  }

  it("while download stays off, only openAutoDownload counts; turning it on or off is an update", () => {
    const off = { ...stored, openAutoDownload: false };
    assert.deepEqual(rules.diff(off, checked({ backupPlanId: "dbsplan0001", openAutoDownload: false })), []);
    assert.deepEqual(
      rules.diff(off, checked(ON)).map((c) => `${c.property}:${c.replace}`),
      ["openAutoDownload:false", "backupSetDownloadDir:false"],
    );
  });
});

describe("BackupSetDownloadRules ClientToken", () => {
  const request = (dir: string) => modifyRequest(checked({ ...ON, backupSetDownloadDir: dir }));
  const a = changeToken(request("/a"), "cn-hangzhou", "create", undefined);
  const b = changeToken(request("/b"), "cn-hangzhou", "update", a);
  const backToA = changeToken(request("/a"), "cn-hangzhou", "update", b);

  it("is the versioned scheme's, and the same for the same change (a retried or re-run one)", () => {
    assert.match(a, /^pdbs1-[0-9a-f]{40}$/);
    assert.equal(changeToken(request("/b"), "cn-hangzhou", "update", a), b);
  });

  it("differs with the rules, the plan, the region, the operation and the previous token", () => {
    const tokens = [
      a,
      b,
      backToA,
      changeToken(request("/a"), "cn-shanghai", "create", undefined),
      changeToken({ ...request("/a"), BackupPlanId: "dbsplan0002" }, "cn-hangzhou", "create", undefined),
      changeToken(request("/a"), "cn-hangzhou", "update", undefined),
      changeToken(request("/a"), "cn-hangzhou", "reapply", a, "n1"),
      changeToken(request("/a"), "cn-hangzhou", "reapply", a, "n2"),
    ];
    assert.equal(new Set(tokens).size, tokens.length);
  });

  it("sends every rule, with its documented default", () => {
    assert.deepEqual(request("/a"), {
      BackupPlanId: "dbsplan0001",
      OpenAutoDownload: true,
      BackupGatewayId: 20230001,
      BackupSetDownloadTargetType: "agent",
      BackupSetDownloadTargetTypeLocation: "local",
      BackupSetDownloadDir: "/a",
      FullDataFormat: "CSV",
      IncrementDataFormat: "Native",
    });
  });
});
