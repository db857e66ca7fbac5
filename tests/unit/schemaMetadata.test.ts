// What the Pulumi Registry reads from the schema to list the package, and what `pulumi package add`
// names the .NET and Java SDKs after.
import { strict as assert } from "node:assert";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { pluginSchema } from "../../provider/plugin/schema";

const REPO_ROOT = path.resolve(__dirname, "../..");

describe("unit: the schema's Registry metadata", () => {
  const schema = pluginSchema("1.2.3");

  it("names the publisher, the repository as homepage, an SPDX license and the category and kind keywords", () => {
    assert.deepEqual(
      {
        publisher: schema.publisher,
        homepage: schema.homepage,
        repository: schema.repository,
        license: schema.license,
      },
      {
        publisher: "pulumi-alicloud-dbs",
        homepage: "https://github.com/pulumi-alicloud-dbs/pulumi-alicloud-dbs",
        repository: "https://github.com/pulumi-alicloud-dbs/pulumi-alicloud-dbs",
        license: "Apache-2.0",
      },
    );
    assert.ok(schema.displayName.length > 0);
    assert.deepEqual(
      schema.keywords.filter((k) => /^(category|kind)\//.test(k)),
      ["category/database", "kind/native"],
    );
  });

  it("takes its logo from a file of this repository's main branch", () => {
    const prefix = "https://raw.githubusercontent.com/pulumi-alicloud-dbs/pulumi-alicloud-dbs/main/";
    assert.ok(schema.logoUrl.startsWith(prefix), schema.logoUrl);
    assert.ok(existsSync(path.join(REPO_ROOT, schema.logoUrl.slice(prefix.length))), schema.logoUrl);
  });

  it("has a language section for each SDK language, .NET and Java included", () => {
    assert.deepEqual(Object.keys(schema.language).sort(), ["csharp", "go", "java", "nodejs", "python"]);
    assert.equal(schema.language.csharp.namespaces["alicloud-dbs"], "AliCloudDbs");
    assert.match(schema.language.java.basePackage, /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/);
  });
});
