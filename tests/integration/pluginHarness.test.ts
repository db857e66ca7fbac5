// The plugin harness (providerPlugin.ts) against a real plugin process: Pulumi's dynamic-provider host
// with an echo provider. It proves each generic call where this host implements it, and that the
// client surfaces the RPCs it does not implement as errors with their gRPC code.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import * as grpc from "@grpc/grpc-js";

import { startDynamicProviderPlugin, stackConfig } from "../support/dynamicProviderPlugin";
import { DELETE_LOG_ENV } from "../support/fixtures/echoProvider";
import type { ProviderPlugin } from "../support/providerPlugin";
import { startProviderPlugin } from "../support/providerPlugin";
import { moduleProviderText } from "../support/providerModuleText";
import type { PluginCallError } from "../support/providerRpc";
import { secret, UNKNOWN, unwrapSecret, urnFor } from "../support/providerRpc";

const PROJECT = "harness";
const STACK = "ci";
const URN = urnFor("pulumi-nodejs:dynamic/echo:Echo", "first", PROJECT, STACK);
const PROVIDER = moduleProviderText(
  path.join(__dirname, "..", "support", "fixtures", "echoProvider.ts"),
  "echoProvider",
);
const INPUTS = { __provider: PROVIDER, name: "first", value: "v1" };

async function rejection(promise: Promise<unknown>): Promise<PluginCallError> {
  return promise.then(
    () => assert.fail("expected the call to fail"),
    (error: PluginCallError) => error,
  );
}

describe("plugin harness: a provider plugin process over gRPC (Pulumi's dynamic-provider host)", function () {
  let plugin: ProviderPlugin;
  let tmpDir: string;
  let deleteLog: string;

  before(async function () {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "plugin-harness-"));
    deleteLog = path.join(tmpDir, "deletes.jsonl");
    plugin = await startDynamicProviderPlugin({
      project: PROJECT,
      stack: STACK,
      env: { [DELETE_LOG_ENV]: deleteLog },
    });
  });
  after(async function () {
    await plugin?.close();
    fs.rmSync(tmpDir, { recursive: true, force: true });
  });

  it("smoke: configure, check, create, read and delete reach the provider, which sees the stack config", async function () {
    const flags = await plugin.configure(
      stackConfig({ "alicloud:region": "cn-hangzhou", [`${PROJECT}:color`]: "teal" }),
    );
    // The host announces nothing but `acceptSecrets: false`, so the engine strips secrets for it.
    assert.deepEqual(flags, {
      acceptSecrets: false,
      supportsPreview: false,
      acceptResources: false,
      acceptOutputs: false,
      supportsAutonamingConfiguration: false,
    });

    const checked = await plugin.check(URN, {}, INPUTS);
    assert.deepEqual(checked, { inputs: INPUTS, failures: [] });
    const bad = await plugin.check(URN, {}, { ...INPUTS, name: "" });
    assert.deepEqual(bad.failures, [{ property: "name", reason: "name must be a non-empty string" }]);

    const created = await plugin.create(URN, checked.inputs, { timeout: 30 });
    assert.deepEqual(created, {
      id: "fixed-1",
      properties: { ...INPUTS, echoed: true, region: "cn-hangzhou", color: "teal" },
    });
    await plugin.waitForOutput("[echo] configure region=cn-hangzhou color=teal");

    const refreshed = await plugin.read(URN, "fixed-1", created.properties, checked.inputs);
    assert.deepEqual(refreshed, {
      id: "fixed-1",
      properties: { ...created.properties, refreshed: true },
      inputs: { name: "first", value: "v1", __provider: PROVIDER },
    });

    await plugin.delete(URN, "fixed-1", created.properties);
    assert.deepEqual(
      fs
        .readFileSync(deleteLog, "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line)),
      [{ id: "fixed-1", name: "first" }],
    );
    await plugin.waitForOutput("[echo] delete id=fixed-1");
  });

  it("getPluginInfo reports the host's version", async function () {
    const { version } = (await import("@pulumi/pulumi/package.json")) as { version: string };
    assert.deepEqual(await plugin.getPluginInfo(), { version });
  });

  it("check passes secrets and unknowns through as the engine encodes them", async function () {
    const news = { ...INPUTS, value: secret("hunter2"), mode: UNKNOWN };
    const { inputs } = await plugin.check(URN, {}, news);
    assert.equal(unwrapSecret(inputs.value), "hunter2");
    assert.equal(inputs.mode, UNKNOWN);
  });

  it("diff maps none, some and replace; this host sends no detailedDiff", async function () {
    const olds = { ...INPUTS, echoed: true };
    assert.deepEqual(await plugin.diff(URN, "fixed-1", olds, INPUTS, { oldInputs: INPUTS }), {
      changes: "none",
      replaces: [],
      stables: [],
      deleteBeforeReplace: false,
      diffs: [],
      hasDetailedDiff: false,
      detailedDiff: {},
    });
    const renamed = await plugin.diff(URN, "fixed-1", olds, { ...INPUTS, name: "renamed" });
    assert.deepEqual([renamed.changes, renamed.replaces], ["some", []]);
    const revalued = await plugin.diff(URN, "fixed-1", olds, { ...INPUTS, value: "v2" });
    assert.deepEqual(
      [revalued.changes, revalued.replaces, revalued.deleteBeforeReplace],
      ["some", ["value"], true],
    );
  });

  it("update returns the provider's outputs; read reports a gone resource and, without properties (as import sends it), fails in this host", async function () {
    const updated = await plugin.update(
      URN,
      "fixed-1",
      INPUTS,
      { ...INPUTS, value: "v2" },
      { oldInputs: INPUTS },
    );
    assert.deepEqual(updated, { properties: { ...INPUTS, value: "v2", updatedFrom: "v1", id: "fixed-1" } });

    const gone = await plugin.read(URN, "gone-1", INPUTS);
    assert.equal(gone.id, "");
    assert.equal(gone.inputs, undefined);

    const imported = await rejection(plugin.read(URN, "fixed-1"));
    assert.equal(imported.rpc, "Read");
    assert.equal(imported.grpcCode, grpc.status.UNKNOWN);
    assert.match(imported.message, /Cannot read properties of undefined \(reading 'toJavaScript'\)/);
  });

  it("a create rejected with an id surfaces ErrorResourceInitFailed as initFailure; a plain error has none", async function () {
    const partial = await rejection(plugin.create(URN, { ...INPUTS, mode: "partial" }));
    assert.equal(partial.message, "echo: created but never became ready");
    assert.equal(partial.grpcCode, grpc.status.UNKNOWN);
    assert.deepEqual(partial.initFailure, {
      id: "partial-1",
      properties: { ...INPUTS, mode: "partial", status: "stuck" },
      reasons: ["status stayed 'stuck'", "gave up after 1 poll"],
    });

    const failed = await rejection(plugin.create(URN, { ...INPUTS, mode: "error" }));
    assert.equal(failed.message, "echo: create failed for first");
    assert.equal(failed.initFailure, undefined);
  });

  it("the RPCs this host does not implement fail with their gRPC code; cancel is answered", async function () {
    const providerUrn = urnFor("pulumi:providers:pulumi-nodejs", "default", PROJECT, STACK);
    const calls: [Promise<unknown>, string, number, string][] = [
      [
        plugin.getSchema(),
        "GetSchema",
        grpc.status.UNIMPLEMENTED,
        "GetSchema is not implemented by the dynamic provider",
      ],
      [
        plugin.checkConfig(providerUrn, {}, {}),
        "CheckConfig",
        grpc.status.UNIMPLEMENTED,
        "CheckConfig is not implemented by the dynamic provider",
      ],
      [
        plugin.diffConfig(providerUrn, {}, {}),
        "DiffConfig",
        grpc.status.UNIMPLEMENTED,
        "DiffConfig is not implemented by the dynamic provider",
      ],
      [
        plugin.invoke("echo:index:lookup", { name: "x" }),
        "Invoke",
        grpc.status.UNKNOWN,
        "unknown function echo:index:lookup",
      ],
    ];
    for (const [call, rpc, grpcCode, message] of calls) {
      const error = await rejection(call);
      assert.deepEqual(
        { rpc: error.rpc, grpcCode: error.grpcCode, message: error.message },
        { rpc, grpcCode, message },
      );
    }
    await plugin.cancel();
  });

  it("a plugin that does not start is reported with its command and what it printed", async function () {
    await assert.rejects(
      startProviderPlugin({ command: process.execPath, args: ["-e", "console.log('listening soon')"] }),
      (error: Error) => {
        assert.match(error.message, /^provider plugin printed "listening soon" instead of its port \(.+ -e /);
        return true;
      },
    );
    await assert.rejects(
      startProviderPlugin({ command: "pulumi-resource-nonexistent-xyz", args: ["127.0.0.1:1"] }),
      /^Error: provider plugin spawn pulumi-resource-nonexistent-xyz ENOENT$/,
    );
  });

  // Last: it ends the suite's plugin, and after() closes it again.
  it("close() ends the process, and may be called again", async function () {
    const pid = plugin.pid as number;
    assert.doesNotThrow(() => process.kill(pid, 0));
    await plugin.close();
    assert.throws(() => process.kill(pid, 0), { code: "ESRCH" });
  });
});
