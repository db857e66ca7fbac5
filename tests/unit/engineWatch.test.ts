import { strict as assert } from "node:assert";
import { engineAddress } from "../../provider/plugin/engineWatch";

describe("the engine address a plugin is started with", () => {
  const table: [string | undefined, { host: string; port: number } | undefined][] = [
    ["127.0.0.1:40123", { host: "127.0.0.1", port: 40123 }],
    ["localhost:9", { host: "localhost", port: 9 }],
    ["[::1]:65535", { host: "::1", port: 65535 }],
    [undefined, undefined],
    ["", undefined],
    ["127.0.0.1", undefined],
    ["127.0.0.1:0", undefined],
    ["127.0.0.1:65536", undefined],
    ["-e", undefined],
    ["http://127.0.0.1:80", undefined],
  ];
  for (const [argument, expected] of table) {
    it(`${JSON.stringify(argument)} → ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(engineAddress(argument), expected);
    });
  }
});
