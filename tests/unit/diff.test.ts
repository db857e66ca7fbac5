import { strict as assert } from "node:assert";
import { UNKNOWN } from "../../provider/lib/values";
import { fullBackupSetDownload } from "../../provider/resources/fullBackupSetDownload";
import { readSettings } from "../../provider/lib/settings";
import { DYNAMIC_CONFIG_KEYS } from "../../provider/dynamic/provider";

const scope = { project: "shop", stack: "prod", name: "nightly" };
const settings = readSettings(
  DYNAMIC_CONFIG_KEYS,
  (k) => (k === "alicloud:region" ? "cn-hangzhou" : undefined),
  {},
);

function checked(news: Record<string, unknown>, s = scope): Record<string, unknown> {
  const { inputs, failures } = fullBackupSetDownload.check({}, news, settings, s);
  assert.deepEqual(failures, []);
  const checkedInputs: Record<string, unknown> = { ...inputs };
  return checkedInputs;
}

/** The stored outputs of a created task: its checked inputs plus what create added. */
const stored: Record<string, unknown> = {
  ...checked({ backupSetId: "b", triggers: ["v1"] }),
  backupSetDownloadTaskId: "dbstk1",
  status: "running",
  __provider: "old code",
};

const replaced = (olds: Record<string, unknown>, news: Record<string, unknown>) =>
  fullBackupSetDownload.diff(olds, news).map((c) => `${c.property}:${c.kind}`);

describe("diff", () => {
  it("reports no change when nothing changed, whatever the provider code or the wait arguments", () => {
    const news = {
      ...checked({ backupSetId: "b", triggers: ["v1"], waitForCompletion: true, timeoutMinutes: 90 }),
      __provider: "new code",
    };
    assert.deepEqual(fullBackupSetDownload.diff(stored, news), []);
  });

  it("replaces on any input change and names each property with the kind of change", () => {
    const news = checked({ backupSetId: "c", backupSetDataFormat: "SQL", region: "cn-beijing" });
    assert.deepEqual(replaced(stored, news), [
      "backupSetId:update",
      "backupSetDataFormat:update",
      "region:update",
      "triggers:delete",
    ]);
    const { triggers: _none, ...untriggered } = stored;
    assert.deepEqual(replaced(untriggered, checked({ backupSetId: "b", triggers: { release: 7 } })), [
      "triggers:add",
    ]);
  });

  it("ignores a different derived token from a stack rename, but compares explicit tokens", () => {
    const renamed = checked({ backupSetId: "b", triggers: ["v1"] }, { ...scope, stack: "prod2" });
    assert.notEqual(renamed.clientToken, stored.clientToken);
    assert.deepEqual(fullBackupSetDownload.diff(stored, renamed), []);
    const explicit = checked({ backupSetId: "b", triggers: ["v1"], clientToken: "mine" });
    assert.deepEqual(replaced(stored, explicit), ["clientToken:update"]);
    assert.deepEqual(replaced({ ...stored, ...explicit }, checked({ backupSetId: "b", triggers: ["v1"] })), [
      "clientToken:update",
    ]);
  });

  it("never replaces an imported task for its token, which nobody knows", () => {
    const imported = { ...stored, clientTokenSource: "imported", clientToken: undefined };
    assert.deepEqual(
      fullBackupSetDownload.diff(
        imported,
        checked({ backupSetId: "b", triggers: ["v1"], clientToken: "mine" }),
      ),
      [],
    );
  });

  it("treats an unknown new value as a replacement", () => {
    assert.deepEqual(replaced(stored, checked({ backupSetId: UNKNOWN, triggers: ["v1"] })), [
      "backupSetId:update",
    ]);
  });

  it("treats a missing stored format as the default, and compares triggers by value", () => {
    const { backupSetDataFormat: _omitted, ...older } = stored;
    assert.deepEqual(fullBackupSetDownload.diff(older, checked({ backupSetId: "b", triggers: ["v1"] })), []);
    const keyed = { ...stored, triggers: { b: 1, a: [2] } };
    assert.deepEqual(
      fullBackupSetDownload.diff(keyed, checked({ backupSetId: "b", triggers: { a: [2], b: 1 } })),
      [],
    );
  });
});
