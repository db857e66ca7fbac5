import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { captureRegistrations, Registration } from "../support/captureRegistrations";
import {
  DynamicProviderPlugin,
  PluginCallError,
  startDynamicProviderPlugin,
  UNKNOWN,
  urnFor,
} from "../support/dynamicProviderPlugin";
import { DELETE_LOG_ENV, ECHO_MODULE, ECHO_TYPE } from "../support/fixtures/echoProvider";

const FIXTURE = path.join(__dirname, "..", "support", "fixtures", "echoProvider.ts");
const PROJECT = "harness";
const STACK = "ci";
const TYPE = `pulumi-nodejs:dynamic/${ECHO_MODULE}:${ECHO_TYPE}`;

async function rejection(promise: Promise<unknown>): Promise<PluginCallError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof Error);
    return err as PluginCallError;
  }
  assert.fail("expected the call to reject");
}

describe("plugin harness (real cmd/dynamic-provider over gRPC)", function () {
  let registrations: Registration[];
  let plugin: DynamicProviderPlugin;
  let tmpDir: string;
  let deleteLog: string;
  let first: Registration;
  const urn = (name: string): string => urnFor(TYPE, name, PROJECT, STACK);

  before(async function () {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "plugin-harness-"));
    deleteLog = path.join(tmpDir, "deletes.jsonl");
    // Independent child processes: capture and plugin start-up overlap.
    [registrations, plugin] = await Promise.all([
      captureRegistrations(FIXTURE, "echoProgram", { project: PROJECT, stack: STACK }),
      startDynamicProviderPlugin({ project: PROJECT, stack: STACK, env: { [DELETE_LOG_ENV]: deleteLog } }),
    ]);
    first = registrations.find((r) => r.name === "first") as Registration;
    // Must precede every call that loads the provider: cmd/dynamic-provider runs the provider's
    // configure() once, on first use, with whatever config it holds at that moment.
    await plugin.configure({
      "alicloud:region": "cn-hangzhou",
      [`${PROJECT}:color`]: "teal",
      "other:key": "x",
    });
  });

  after(async function () {
    await plugin?.close();
    fs.rmSync(tmpDir, { recursive: true, force: true });
  });

  describe("captureRegistrations", function () {
    it("records every registration with the dynamic type token and a __provider text", function () {
      assert.deepStrictEqual(
        registrations.map((r) => [r.name, r.type, r.custom]),
        [
          ["first", TYPE, true],
          ["secretive", TYPE, true],
          ["dependent", TYPE, true],
        ],
      );
      for (const r of registrations) {
        assert.strictEqual(typeof r.inputs.__provider, "string");
        assert.match(r.inputs.__provider as string, /exports\.handler = /);
      }
      assert.strictEqual(registrations[1].inputs.__provider, first.inputs.__provider);
      assert.deepStrictEqual(
        { ...first.inputs, __provider: "<text>" },
        { __provider: "<text>", name: "first", value: "v1" },
      );
    });

    it("keeps the secret wrapper and waits for resources declared inside apply", function () {
      assert.deepStrictEqual(registrations[1].inputs.value, {
        "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
        value: "hunter2",
      });
      assert.strictEqual(registrations[2].inputs.value, "first-id");
    });

    it("reports a program that throws, with its stderr", async function () {
      await assert.rejects(
        captureRegistrations(FIXTURE, "failingProgram"),
        /exit 1[\s\S]*echo program exploded/,
      );
    });
  });

  describe("dynamicProviderPlugin", function () {
    it("check passes inputs through (re-adding __provider) and reports failures", async function () {
      const ok = await plugin.check(urn("first"), {}, first.inputs);
      assert.deepStrictEqual(ok, { inputs: first.inputs, failures: [] });

      const bad = await plugin.check(urn("first"), {}, { ...first.inputs, name: "" });
      assert.deepStrictEqual(bad.failures, [{ property: "name", reason: "name must be a non-empty string" }]);
      assert.strictEqual(bad.inputs.__provider, first.inputs.__provider);
    });

    it("check tolerates the unknown sentinel in news", async function () {
      const res = await plugin.check(urn("first"), {}, { ...first.inputs, value: UNKNOWN });
      assert.strictEqual(res.inputs.value, UNKNOWN);
    });

    it("diff maps none, some and replace", async function () {
      const olds = { ...first.inputs, echoed: true };
      assert.deepStrictEqual(await plugin.diff(urn("first"), "fixed-1", olds, first.inputs), {
        changes: "none",
        replaces: [],
        deleteBeforeReplace: false,
        diffs: [],
      });
      const renamed = await plugin.diff(urn("first"), "fixed-1", olds, { ...first.inputs, name: "renamed" });
      assert.deepStrictEqual([renamed.changes, renamed.replaces], ["some", []]);
      const revalued = await plugin.diff(urn("first"), "fixed-1", olds, { ...first.inputs, value: "v2" });
      assert.deepStrictEqual(
        [revalued.changes, revalued.replaces, revalued.deleteBeforeReplace],
        ["some", ["value"], true],
      );
    });

    it("create returns the id and outputs, with configure's namespaced config and __provider echoed", async function () {
      const res = await plugin.create(urn("first"), first.inputs, { timeoutSeconds: 30 });
      assert.strictEqual(res.id, "fixed-1");
      assert.deepStrictEqual(res.properties, {
        ...first.inputs,
        echoed: true,
        region: "cn-hangzhou",
        color: "teal",
      });
      await plugin.waitForOutput("[echo] configure region=cn-hangzhou color=teal");
      await plugin.waitForOutput("[echo] create name=first");
    });

    it("a create rejected with { message, id, properties, reasons } surfaces initFailure", async function () {
      const err = await rejection(plugin.create(urn("first"), { ...first.inputs, mode: "partial" }));
      assert.strictEqual(err.message, "echo: created but never became ready");
      assert.strictEqual(err.grpcCode, 2);
      assert.deepStrictEqual(err.initFailure, {
        id: "partial-1",
        properties: { ...first.inputs, mode: "partial", status: "stuck" },
        reasons: ["status stayed 'stuck'", "gave up after 1 poll"],
      });
    });

    it("a create that throws a plain Error surfaces its message and no initFailure", async function () {
      const err = await rejection(plugin.create(urn("first"), { ...first.inputs, mode: "error" }));
      assert.strictEqual(err.message, "echo: create failed for first");
      assert.strictEqual(err.grpcCode, 2);
      assert.strictEqual(err.initFailure, undefined);
    });

    it("read returns refreshed props and inputs; an empty id means gone", async function () {
      const state = { ...first.inputs, echoed: true };
      const res = await plugin.read(urn("first"), "fixed-1", state, first.inputs);
      assert.strictEqual(res.id, "fixed-1");
      assert.deepStrictEqual(res.properties, { ...state, refreshed: true });
      assert.deepStrictEqual(res.inputs, { name: "first", value: "v1", __provider: first.inputs.__provider });

      const gone = await plugin.read(urn("first"), "gone-1", state);
      assert.strictEqual(gone.id, "");
    });

    it("delete reaches the provider, which sees the plugin's env", async function () {
      await plugin.delete(urn("first"), "fixed-1", { ...first.inputs, echoed: true });
      assert.deepStrictEqual(
        fs
          .readFileSync(deleteLog, "utf8")
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l)),
        [{ id: "fixed-1", name: "first" }],
      );
      await plugin.waitForOutput("[echo] delete id=fixed-1");
    });

    it("a provider error outside create comes back as its message", async function () {
      const err = await rejection(plugin.check(urn("first"), {}, { name: "no provider text" }));
      assert.strictEqual(err.grpcCode, 2);
      assert.match(err.message, /string/);
    });

    it("close() ends the process", async function () {
      const extra = await startDynamicProviderPlugin();
      const pid = extra.pid as number;
      assert.doesNotThrow(() => process.kill(pid, 0));
      await extra.close();
      await extra.close();
      assert.throws(() => process.kill(pid, 0), { code: "ESRCH" });
    });
  });
});
