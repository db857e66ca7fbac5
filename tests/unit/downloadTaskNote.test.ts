import { strict as assert } from "node:assert";
import { pluginSchema } from "../../provider/plugin/schema";
import { resourceHandlers } from "../../provider/plugin/resources";
import { readSettings } from "../../provider/lib/settings";
import { downloadTaskNote } from "../../provider/resources/downloadTaskNote";
import { DYNAMIC_CONFIG_KEYS } from "../../provider/dynamic/provider";

const TYPE = "alicloud-dbs:index:DownloadTaskNote";
const settings = readSettings(
  DYNAMIC_CONFIG_KEYS,
  (k) => (k === "alicloud:region" ? "cn-hangzhou" : undefined),
  {},
);

describe("a resource added by its file and one registry line (DownloadTaskNote)", () => {
  it("is in the schema, the note updating in place and the task replacing", () => {
    const spec = pluginSchema("0.0.0").resources[TYPE] as unknown as {
      inputProperties: Record<string, { willReplaceOnChanges?: boolean }>;
      requiredInputs: string[];
    };
    assert.deepEqual(spec.requiredInputs, ["taskId"]);
    assert.equal(spec.inputProperties.taskId.willReplaceOnChanges, true);
    assert.equal(spec.inputProperties.note.willReplaceOnChanges, undefined);
  });

  it("is served by the plugin, and a note change is an update, a task change a replace", () => {
    const handler = resourceHandlers(() => settings)[TYPE];
    const olds = { taskId: "t1", region: "cn-hangzhou", note: "a", taskStatus: "finish" };
    const { inputs } = handler.check(
      "urn:pulumi:s::p::alicloud-dbs:index:DownloadTaskNote::n",
      {},
      { taskId: "t1", note: "b" },
    );
    assert.deepEqual(handler.diff(olds, inputs), [{ property: "note", kind: "update", replace: false }]);
    assert.deepEqual(
      downloadTaskNote.diff(olds, { ...inputs, taskId: "t2" }).map((c) => [c.property, c.replace]),
      [
        ["taskId", true],
        ["note", false],
      ],
    );
  });

  it("checks its task ID before any API call", () => {
    const { failures } = downloadTaskNote.check({}, { taskId: "a b" }, settings, {
      project: "p",
      stack: "s",
      name: "n",
    });
    assert.deepEqual(
      failures.map((f) => f.property),
      ["taskId"],
    );
  });
});
