import { strict as assert } from "node:assert";
import { defined, secret, tokenScopeOf, typeOf, unwrapSecrets } from "../../provider/plugin/values";

describe("plugin protocol values", () => {
  it("wrap and unwrap secrets at any depth", () => {
    const wrapped = { a: secret("s1"), b: [secret({ c: secret(2) })], d: "plain" };
    assert.deepEqual(wrapped.a, {
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      value: "s1",
    });
    assert.deepEqual(unwrapSecrets(wrapped), { a: "s1", b: [{ c: 2 }], d: "plain" });
  });

  it("drop undefined entries, which a Struct cannot carry", () => {
    assert.deepEqual(defined({ a: 1, b: undefined, c: null }), { a: 1, c: null });
  });

  it("read the token scope and the type from a URN", () => {
    const urn = "urn:pulumi:prod::shop::alicloud-dbs:index:FullBackupSetDownload::nightly";
    assert.deepEqual(tokenScopeOf(urn), { project: "shop", stack: "prod", name: "nightly" });
    assert.equal(typeOf(urn), "alicloud-dbs:index:FullBackupSetDownload");
    const child = "urn:pulumi:prod::shop::my:Component$alicloud-dbs:index:FullBackupSetDownload::a::b";
    assert.deepEqual(tokenScopeOf(child), { project: "shop", stack: "prod", name: "a::b" });
    assert.equal(typeOf(child), "alicloud-dbs:index:FullBackupSetDownload");
    assert.throws(() => tokenScopeOf("nightly"), { message: "not a resource URN: nightly" });
  });
});
