import { strict as assert } from "node:assert";
import { disallowedCharacter, quoted } from "../../provider/lib/identifier";
import { MAX_VALUE_DEPTH, nestingDepth, valueLimitFailure } from "../../provider/lib/valueLimits";

describe("identifier characters", () => {
  const table: [string, string | undefined][] = [
    ["dbs1hv0001", undefined],
    ["mysql-bin.000054", undefined],
    ["pdbs1-0f3a_b:c/d", undefined],
    ["dbs set", "character 4 is a space"],
    ["\u0000dbs", "character 1 is the control character U+0000"],
    ["dbs\u007f", "character 4 is the control character U+007F"],
    ["dbs\u0085", "character 4 is the control character U+0085"],
    ["dbs\u202a", "character 4 is the bidirectional control character U+202A"],
    ["dbs\u2069", "character 4 is the bidirectional control character U+2069"],
    ["dbs\u200f", "character 4 is the bidirectional control character U+200F"],
    ["dbs\u00a0", "character 4 is the invisible character U+00A0"],
    ["dbs\ufeff", "character 4 is the invisible character U+FEFF"],
    ["😀dbs", "character 1 is the non-ASCII character U+{1F600}"],
    ["dbs\u{e0041}", "character 4 is the invisible character U+{E0041}"],
  ];
  for (const [text, problem] of table) {
    it(`${JSON.stringify(text)}: ${problem ?? "allowed"}`, () =>
      assert.equal(disallowedCharacter(text), problem));
  }
});

describe("quoting a value for a message", () => {
  const table: [string, string][] = [
    ["dbs1hv0001", '"dbs1hv0001"'],
    ["a b", '"a b"'],
    ['say "hi"', '"say \\"hi\\""'],
    ["dbs\u0000\u202e\u0007set", '"dbs\\u0000\\u202e\\u0007set"'],
    ["line\nforged", '"line\\nforged"'],
    ["\u001b[31mred", '"\\u001b[31mred"'],
    ["Modèle", '"Modèle"'],
    ["tag\u{e0041}", '"tag\\u{e0041}"'],
    ["x".repeat(81), `"${"x".repeat(80)}…"`],
  ];
  for (const [text, shown] of table) {
    it(`${JSON.stringify(text).slice(0, 40)} → ${shown.slice(0, 40)}`, () =>
      assert.equal(quoted(text), shown));
  }
});

describe("value limits", () => {
  function nested(depth: number): unknown {
    let value: unknown = 1;
    for (let level = 0; level < depth; level++) value = level % 2 ? [value] : { a: value };
    return value;
  }
  const depths: [unknown, number][] = [
    ["scalar", 0],
    [[], 1],
    [{ a: [1, { b: 2 }] }, 3],
    [nested(MAX_VALUE_DEPTH), MAX_VALUE_DEPTH],
    [nested(100_000), MAX_VALUE_DEPTH + 1],
  ];
  for (const [value, depth] of depths) {
    it(`nesting depth ${depth}`, () => assert.equal(nestingDepth(value), depth));
  }

  it("passes a value at the limits and names the property and the limit beyond them", () => {
    assert.equal(valueLimitFailure("triggers", nested(MAX_VALUE_DEPTH)), undefined);
    assert.equal(valueLimitFailure("triggers", ["x".repeat(65_532)]), undefined);
    assert.deepEqual(valueLimitFailure("triggers", ["x".repeat(65_533)]), {
      property: "triggers",
      reason: "triggers is 65537 bytes as JSON; at most 65536 bytes are allowed",
    });
    assert.match(
      valueLimitFailure("triggers", nested(33))?.reason ?? "",
      /^triggers is nested more than 32 levels/,
    );
  });
});
