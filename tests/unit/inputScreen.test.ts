// Every resource and function of the registry, those added later included, screens its inputs before its
// own check: an unknown key and a value past the limits are named, whatever the definition.
import { strict as assert } from "node:assert";
import { DYNAMIC_CONFIG_KEYS } from "../../provider/dynamic/provider";
import type { Definition } from "../../provider/lib/definition";
import { checkArguments, checkResource, definitionsOf } from "../../provider/lib/definition";
import { readSettings } from "../../provider/lib/settings";
import type { CheckFailure, PropertyBag } from "../../provider/lib/values";
import * as registry from "../../provider/resources";

const regional = readSettings(
  DYNAMIC_CONFIG_KEYS,
  (key) => (key === "alicloud:region" ? "cn-hangzhou" : undefined),
  {},
);
const scope = { project: "shop", stack: "prod", name: "nightly" };

function failuresOf(definition: Definition, news: PropertyBag): CheckFailure[] {
  return definition.kind === "resource"
    ? checkResource(definition, {}, news, regional, scope).failures
    : checkArguments(definition, news, regional);
}

function nested(depth: number): unknown {
  let value: unknown = "leaf";
  for (let level = 0; level < depth; level++) value = [value];
  return value;
}

describe("every definition screens its inputs before its own check", () => {
  for (const definition of definitionsOf(registry)) {
    const name = definition.kind === "resource" ? definition.type : definition.name;
    const table = definition.kind === "resource" ? definition.properties : definition.inputs;
    const inputs = Object.keys(table).filter((key) => table[key].input);
    const [first] = inputs;

    it(`${name}: names an unknown key such as constructor, listing its inputs`, () => {
      const failures = failuresOf(definition, { constructor: "x" }).filter(
        (f) => f.property === "constructor",
      );
      assert.deepEqual(failures, [
        {
          property: "constructor",
          reason: `"constructor" is not an input of ${name}; its inputs are ${inputs.join(", ")}`,
        },
      ]);
    });

    it(`${name}: names ${first} nested 2,000 levels deep, once, with the limit`, () => {
      const failures = failuresOf(definition, { [first]: nested(2000) }).filter((f) => f.property === first);
      assert.deepEqual(failures, [
        {
          property: first,
          reason: `${first} is nested more than 32 levels deep; at most 32 levels of arrays and objects are allowed`,
        },
      ]);
    });

    it(`${name}: names ${first} of 100 KiB, once, with the limit`, () => {
      const failures = failuresOf(definition, { [first]: "x".repeat(100 * 1024) }).filter(
        (f) => f.property === first,
      );
      assert.deepEqual(failures, [
        { property: first, reason: `${first} is 102402 bytes as JSON; at most 65536 bytes are allowed` },
      ]);
    });
  }
});
