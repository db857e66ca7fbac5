import { strict as assert } from "node:assert";
import type { ClientTokenSeed } from "../../provider/lib/clientToken";
import { canonicalJson, deriveClientToken } from "../../provider/lib/clientToken";

const seed: ClientTokenSeed = {
  action: "CreateFullBackupSetDownload",
  project: "shop",
  stack: "prod",
  resourceName: "nightly-sql",
  region: "cn-hangzhou",
  params: { BackupSetId: "dbs1hv01", BackupSetDataFormat: "SQL" },
  triggers: { release: 7 },
};

describe("deriveClientToken", () => {
  it("is deterministic, versioned and at most 64 printable ASCII characters", () => {
    const token = deriveClientToken(seed);
    assert.equal(token, deriveClientToken({ ...seed, params: { ...seed.params } }));
    assert.match(token, /^pdbs1-[0-9a-f]{40}$/);
    assert.ok(token.length <= 64);
  });

  it("does not depend on the order of keys in params or triggers", () => {
    const reordered = {
      ...seed,
      params: { BackupSetDataFormat: "SQL", BackupSetId: "dbs1hv01" },
      triggers: { release: 7 },
    };
    assert.equal(deriveClientToken(reordered), deriveClientToken(seed));
  });

  it("changes with every field it is derived from", () => {
    const variants: Partial<ClientTokenSeed>[] = [
      { action: "CreateIncrementBackupSetDownload" },
      { project: "shop2" },
      { stack: "staging" },
      { resourceName: "nightly-csv" },
      { region: "cn-beijing" },
      { params: { BackupSetId: "dbs1hv02", BackupSetDataFormat: "SQL" } },
      { params: { BackupSetId: "dbs1hv01", BackupSetDataFormat: "CSV" } },
      { triggers: { release: 8 } },
      { triggers: undefined },
    ];
    const tokens = new Set([
      deriveClientToken(seed),
      ...variants.map((v) => deriveClientToken({ ...seed, ...v })),
    ]);
    assert.equal(tokens.size, variants.length + 1);
  });

  it("keeps a known value so that a scheme change is noticed", () => {
    // Changing this value changes the token of every task created from now on: bump CLIENT_TOKEN_SCHEME then.
    assert.equal(deriveClientToken(seed), "pdbs1-b98fb4357d6d3d2ff5728fcd88cbce5279e4cb30");
    assert.equal(canonicalJson({ b: [2, { d: 1, c: undefined }], a: "x" }), '{"a":"x","b":[2,{"d":1}]}');
  });
});
