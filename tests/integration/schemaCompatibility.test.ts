// sdk/schema.json against the schema of the last release (git history; scripts/release/main.ts
// LAST_RELEASE): nothing removed, retyped or newly required within a major version. `npm run release`
// runs the same check and stops on a failure.
import { strict as assert } from "node:assert";
import { schemaCompatibilityFailures } from "../../scripts/release/main";

describe("integration: the plugin schema stays compatible with the last release", () => {
  it("sdk/schema.json breaks nothing a user of the last release relies on", async () => {
    assert.deepEqual(await schemaCompatibilityFailures(), []);
  });
});
