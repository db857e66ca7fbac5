import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { fullBackupSetDownload } from "../../provider/resources/fullBackupSetDownload";
import { incrementBackupSetDownload } from "../../provider/resources/incrementBackupSetDownload";
import { CONFIG_KEYS } from "../../provider/lib/config";
import { pluginSchema } from "../../provider/plugin/schema";
import { VERSION } from "../../provider/plugin/version";

const schema = pluginSchema(VERSION);
const TASK_OUTPUTS = [
  "backupSetDownloadTaskId",
  "status",
  "backupSetDataSize",
  "createTime",
  "finishTime",
  "downloadWay",
  "internetUrl",
  "intranetUrl",
  "errorMessage",
];
type Spec = { properties: Record<string, { secret?: boolean; $ref?: string }>; [key: string]: unknown };

describe("plugin schema", () => {
  it("has the package's version", () => {
    const pkg = JSON.parse(readFileSync(path.resolve(__dirname, "../../package.json"), "utf8")) as {
      version: string;
    };
    assert.equal(VERSION, pkg.version);
    assert.equal(schema.version, pkg.version);
  });

  it("declares both resources with every input and output of their definitions", () => {
    const rows = [
      [fullBackupSetDownload, ["backupSetId"]],
      [incrementBackupSetDownload, ["backupSetId", "backupSetName"]],
    ] as const;
    for (const [kind, own] of rows) {
      const spec = schema.resources[`alicloud-dbs:index:${kind.type}`] as unknown as Spec;
      assert.deepEqual(spec.requiredInputs, own);
      for (const name of [...own, ...TASK_OUTPUTS, "clientTokenSource", "clientToken", "region"]) {
        assert.ok(spec.properties[name], `${kind.type} declares ${name}`);
      }
      assert.deepEqual(
        Object.keys(spec.properties).filter((name) => spec.properties[name].secret),
        ["internetUrl", "intranetUrl"],
      );
      assert.match(
        String(spec.description),
        new RegExp(
          `## Import\\n[\\s\\S]*\\$ pulumi import alicloud-dbs:index:${kind.type} \\S+ dbstooi01e\\*\\*\\*\\*`,
        ),
      );
    }
  });

  it("declares the functions and the provider config, with the credentials and minted links secret", () => {
    assert.deepEqual(Object.keys(schema.functions), [
      "alicloud-dbs:index:listFullBackupSets",
      "alicloud-dbs:index:listIncrementBackupSets",
      "alicloud-dbs:index:getLatestFullBackupSet",
      "alicloud-dbs:index:getAdvancedDownloadUrls",
    ]);
    const { outputs } = schema.functions["alicloud-dbs:index:getAdvancedDownloadUrls"] ?? {};
    const links = (outputs?.properties ?? {}) as Record<string, { secret?: boolean }>;
    assert.deepEqual(
      Object.keys(links).filter((name) => links[name].secret),
      ["publicUrl", "privateUrl"],
    );
    const secrets = Object.entries(schema.config.variables).filter(([, v]) => "secret" in v && v.secret);
    assert.deepEqual(
      secrets.map(([name]) => name),
      ["secretKey", "securityToken"],
    );
    assert.deepEqual(Object.keys(schema.provider.inputProperties), CONFIG_KEYS);
  });

  it("refers only to types it defines", () => {
    const refs = JSON.stringify(schema).match(/"#\/types\/[^"]+"/g) ?? [];
    assert.ok(refs.length > 0);
    for (const ref of refs) assert.ok(ref.slice(9, -1) in schema.types, `${ref} is defined`);
  });
});
