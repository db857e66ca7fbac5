import { strict as assert } from "node:assert";
import type { PackageSchema } from "../../scripts/release/schemaCompatibility";
import { breakingChanges, compatibilityFailures, typeName } from "../../scripts/release/schemaCompatibility";

const R = "alicloud-dbs:index:FullBackupSetDownload";
const F = "alicloud-dbs:index:getLatestFullBackupSet";
const E = "alicloud-dbs:index:BackupSetDataFormat";
const T = "alicloud-dbs:index:FullBackupSet";

const BASE: PackageSchema = {
  version: "1.2.0",
  resources: {
    [R]: {
      inputProperties: { backupSetId: { type: "string" }, format: { $ref: `#/types/${E}` } },
      requiredInputs: ["backupSetId"],
      properties: { taskId: { type: "string" }, tags: { type: "array", items: { type: "string" } } },
      required: ["taskId"],
    },
  },
  functions: {
    [F]: {
      inputs: { properties: { backupPlanId: { type: "string" } }, required: ["backupPlanId"] },
      outputs: { properties: { backupSetId: { type: "string" } } },
    },
  },
  types: {
    [E]: { type: "string", enum: [{ value: "SQL" }, { value: "CSV" }] },
    [T]: { type: "object", properties: { size: { type: "integer" } } },
  },
  provider: { inputProperties: { region: { type: "string" } } },
};

/** BASE with one change made by `edit` on a deep copy. */
function changed(edit: (schema: Required<PackageSchema>) => void): PackageSchema {
  const copy = structuredClone(BASE) as Required<PackageSchema>;
  edit(copy);
  return copy;
}

describe("schema compatibility (scripts/release/schemaCompatibility.ts)", () => {
  const table: [string, PackageSchema, string[]][] = [
    ["the same schema", BASE, []],
    [
      "descriptions, a new optional input, a new output, a new resource and function",
      changed((s) => {
        s.resources[R].inputProperties = { ...s.resources[R].inputProperties, region: { type: "string" } };
        s.resources[R].properties = { ...s.resources[R].properties, status: { type: "string" } };
        s.resources["alicloud-dbs:index:Other"] = {};
        s.functions["alicloud-dbs:index:other"] = {};
        s.types[E].enum?.push({ value: "JSON" });
      }),
      [],
    ],
    ["a removed resource", changed((s) => delete s.resources[R]), [`resource ${R} was removed`]],
    ["a removed function", changed((s) => delete s.functions[F]), [`function ${F} was removed`]],
    [
      "a removed input",
      changed((s) => delete s.resources[R].inputProperties?.format),
      [`resource ${R} input format was removed`],
    ],
    [
      "a removed output",
      changed((s) => delete s.resources[R].properties?.taskId),
      [`resource ${R} output taskId was removed`],
    ],
    [
      "a removed function output",
      changed((s) => delete s.functions[F].outputs?.properties?.backupSetId),
      [`function ${F} output backupSetId was removed`],
    ],
    [
      "a removed provider input",
      changed((s) => delete s.provider.inputProperties?.region),
      ["provider input region was removed"],
    ],
    [
      "an input whose type changed",
      changed(
        (s) =>
          (s.resources[R].inputProperties = {
            ...s.resources[R].inputProperties,
            format: { type: "string" },
          }),
      ),
      [`resource ${R} input format changed type from #/types/${E} to string`],
    ],
    [
      "an output whose item type changed",
      changed(
        (s) =>
          (s.resources[R].properties = {
            ...s.resources[R].properties,
            tags: { type: "array", items: { type: "integer" } },
          }),
      ),
      [`resource ${R} output tags changed type from array<string> to array<integer>`],
    ],
    [
      "a type property whose type changed",
      changed((s) => (s.types[T].properties = { size: { type: "number" } })),
      [`type ${T} property size changed type from integer to number`],
    ],
    ["a removed enum value", changed((s) => s.types[E].enum?.pop()), [`type ${E} value "CSV" was removed`]],
    ["a removed type", changed((s) => delete s.types[T]), [`type ${T} was removed`]],
    [
      "an existing input that became required",
      changed((s) => s.resources[R].requiredInputs?.push("format")),
      [`resource ${R} input format is newly required`],
    ],
    [
      "a new input that is required",
      changed((s) => {
        s.functions[F].inputs = {
          properties: { backupPlanId: { type: "string" }, region: { type: "string" } },
          required: ["backupPlanId", "region"],
        };
      }),
      [`function ${F} input region is newly required`],
    ],
  ];
  for (const [name, now, expected] of table) {
    it(`${name}: ${expected.length ? expected.join("; ") : "nothing breaks"}`, () => {
      assert.deepEqual(breakingChanges(BASE, now), expected);
    });
  }

  it("fails a release on a breaking change within a major version only", () => {
    const broken = changed((s) => delete s.resources[R]);
    const failures = [`resource ${R} was removed`];
    assert.deepEqual(
      compatibilityFailures({ version: "1.2.0", schema: BASE }, { ...broken, version: "1.3.0" }),
      failures,
    );
    assert.deepEqual(
      compatibilityFailures({ version: "1.2.0", schema: BASE }, { ...broken, version: "2.0.0" }),
      [],
    );
  });

  it("names a type by its reference, item or value type", () => {
    assert.equal(typeName({ $ref: "pulumi.json#/Any" }), "pulumi.json#/Any");
    assert.equal(typeName({ type: "object", additionalProperties: { type: "string" } }), "map<string>");
    assert.equal(typeName({ oneOf: [{ type: "string" }, { type: "integer" }] }), "oneOf<string|integer>");
  });
});
