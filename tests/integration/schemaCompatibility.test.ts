// sdk/schema.json against the schema of the last plugin release (git history; scripts/release/lastRelease.ts
// PLUGIN_RELEASE): nothing removed, retyped or newly required within a major version. `npm run release`
// runs the same check and stops on a failure.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { PLUGIN_RELEASE } from "../../scripts/release/lastRelease";
import { lastPluginSchema, schemaCompatibilityFailures } from "../../scripts/release/main";
import type { PackageSchema } from "../../scripts/release/schemaCompatibility";
import { compatibilityFailures } from "../../scripts/release/schemaCompatibility";

const FULL = "alicloud-dbs:index:FullBackupSetDownload";
const INCREMENT = "alicloud-dbs:index:IncrementBackupSetDownload";

describe(`integration: the plugin schema stays compatible with plugin release ${PLUGIN_RELEASE.version}`, () => {
  it(`the baseline is ${PLUGIN_RELEASE.commit}'s sdk/schema.json: the resources and functions users had`, async () => {
    const baseline = await lastPluginSchema();
    assert.equal(baseline.version, PLUGIN_RELEASE.version);
    assert.deepEqual(Object.keys(baseline.resources ?? {}).sort(), [FULL, INCREMENT]);
    assert.deepEqual(Object.keys(baseline.functions ?? {}).sort(), [
      "alicloud-dbs:index:getLatestFullBackupSet",
      "alicloud-dbs:index:listFullBackupSets",
      "alicloud-dbs:index:listIncrementBackupSets",
    ]);
  });

  it("sdk/schema.json breaks nothing a user of that release relies on", async () => {
    assert.deepEqual(await schemaCompatibilityFailures(), []);
  });

  it("a property of that release removed from sdk/schema.json fails the release", async () => {
    const now = JSON.parse(
      readFileSync(path.join(__dirname, "..", "..", "sdk", "schema.json"), "utf8"),
    ) as Required<PackageSchema> & { version: string };
    delete now.resources[INCREMENT].inputProperties?.backupSetName;
    assert.deepEqual(
      compatibilityFailures({ version: PLUGIN_RELEASE.version, schema: await lastPluginSchema() }, now),
      [`resource ${INCREMENT} input backupSetName was removed`],
    );
  });
});
