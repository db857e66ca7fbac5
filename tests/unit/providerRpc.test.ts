// The plugin harness's messages, for what no plugin here sends or reads yet (Pulumi's dynamic-provider
// host ignores old inputs and never answers with a detailedDiff): tests/integration/pluginHarness.test.ts
// proves the rest against a real plugin process.
import { strict as assert } from "node:assert";
import * as grpc from "@grpc/grpc-js";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import * as anyproto from "google-protobuf/google/protobuf/any_pb";
import type * as structproto from "google-protobuf/google/protobuf/struct_pb";
import {
  callError,
  configureRequest,
  diffRequest,
  diffResult,
  invokeResult,
  isSecret,
  parseUrn,
  readRequest,
  secret,
  toStruct,
  unwrapSecret,
  updateRequest,
  urnFor,
} from "../support/providerRpc";

const js = (struct: structproto.Struct | undefined) => struct?.toJavaScript();

describe("provider plugin messages", () => {
  it("builds URNs, nested ones too, and reads the name and type back", () => {
    const urn = urnFor("alicloud-dbs:index:FullBackupSetDownload", "nightly", "shop", "prod");
    assert.equal(urn, "urn:pulumi:prod::shop::alicloud-dbs:index:FullBackupSetDownload::nightly");
    const child = urnFor(
      "alicloud-dbs:index:FullBackupSetDownload",
      "a::b",
      "shop",
      "prod",
      "my:index:Parent",
    );
    assert.deepEqual(parseUrn(child), {
      stack: "prod",
      project: "shop",
      type: "alicloud-dbs:index:FullBackupSetDownload",
      name: "a::b",
    });
    assert.throws(() => parseUrn("nightly"), { message: "not a Pulumi URN: nightly" });
  });

  it("wraps and unwraps secrets with the engine's signature", () => {
    assert.deepEqual(secret("s3"), {
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      value: "s3",
    });
    assert.deepEqual(unwrapSecret((js(toStruct({ k: secret({ a: 1 }) })) as { k: unknown }).k), { a: 1 });
    assert.equal(isSecret({ value: "s3" }), false);
    assert.throws(() => unwrapSecret("s3"), { message: 'not a secret: "s3"' });
  });

  it("configures as the engine does: variables, args, and secrets and resources accepted by default", () => {
    const request = configureRequest({
      variables: { "alicloud-dbs:region": "cn-hangzhou" },
      args: { region: "cn-hangzhou" },
    });
    assert.deepEqual(request.getVariablesMap().toObject(), [["alicloud-dbs:region", "cn-hangzhou"]]);
    assert.deepEqual(js(request.getArgs()), { region: "cn-hangzhou" });
    assert.deepEqual([request.getAcceptsecrets(), request.getAcceptresources()], [true, true]);
    const bare = configureRequest({ acceptSecrets: false });
    assert.deepEqual(
      [bare.hasArgs(), bare.getAcceptsecrets(), bare.getAcceptresources()],
      [false, false, true],
    );
  });

  it("names every resource request after its URN and sends old inputs when given", () => {
    const urn = urnFor("alicloud-dbs:index:FullBackupSetDownload", "nightly", "shop", "prod");
    const diff = diffRequest(
      urn,
      "t-1",
      { a: 1 },
      { a: 2, gone: undefined },
      { oldInputs: { a: 0 }, ignoreChanges: ["b"] },
    );
    assert.deepEqual(
      [
        diff.getName(),
        diff.getType(),
        diff.getId(),
        js(diff.getNews()),
        js(diff.getOldInputs()),
        diff.getIgnorechangesList(),
      ],
      ["nightly", "alicloud-dbs:index:FullBackupSetDownload", "t-1", { a: 2 }, { a: 0 }, ["b"]],
    );
    assert.equal(diffRequest(urn, "t-1", {}, {}).hasOldInputs(), false);
    const update = updateRequest(urn, "t-1", {}, {}, { preview: true, timeout: 90 });
    assert.deepEqual([update.getPreview(), update.getTimeout(), update.hasOldInputs()], [true, 90, false]);
  });

  it("reads with or without the stored state, as refresh and import send it", () => {
    const urn = urnFor("t:index:T", "n", "p", "s");
    const refresh = readRequest(urn, "t-1", { status: "running" }, { backupSetId: "b" });
    assert.deepEqual(
      [js(refresh.getProperties()), js(refresh.getInputs())],
      [{ status: "running" }, { backupSetId: "b" }],
    );
    const imported = readRequest(urn, "t-1");
    assert.deepEqual(
      [imported.getId(), imported.hasProperties(), imported.hasInputs()],
      ["t-1", false, false],
    );
  });

  it("decodes a detailed diff with each property's kind and whether it is an input", () => {
    const response = new provproto.DiffResponse()
      .setChanges(provproto.DiffResponse.DiffChanges.DIFF_SOME)
      .setReplacesList(["backupSetId"])
      .setHasdetaileddiff(true);
    const entries: [string, provproto.PropertyDiff.Kind, boolean][] = [
      ["backupSetId", provproto.PropertyDiff.Kind.UPDATE_REPLACE, true],
      ["triggers[0]", provproto.PropertyDiff.Kind.ADD, true],
      ["status", provproto.PropertyDiff.Kind.DELETE, false],
    ];
    for (const [path, kind, inputDiff] of entries) {
      response
        .getDetaileddiffMap()
        .set(path, new provproto.PropertyDiff().setKind(kind).setInputdiff(inputDiff));
    }
    assert.deepEqual(diffResult(response), {
      changes: "some",
      replaces: ["backupSetId"],
      stables: [],
      deleteBeforeReplace: false,
      diffs: [],
      hasDetailedDiff: true,
      detailedDiff: {
        backupSetId: { kind: "update-replace", inputDiff: true },
        "triggers[0]": { kind: "add", inputDiff: true },
        status: { kind: "delete", inputDiff: false },
      },
    });
  });

  it("decodes a function's returns and failures", () => {
    const failure = new provproto.CheckFailure().setProperty("backupPlanId").setReason("required");
    const withFailures = new provproto.InvokeResponse().setFailuresList([failure]);
    assert.deepEqual(invokeResult(withFailures), {
      returns: undefined,
      failures: [{ property: "backupPlanId", reason: "required" }],
    });
    const returned = new provproto.InvokeResponse().setReturn(toStruct({ backupSetId: "dbsset0003" }));
    assert.deepEqual(invokeResult(returned), { returns: { backupSetId: "dbsset0003" }, failures: [] });
  });

  it("turns a gRPC error into the provider's message, code and partial state", () => {
    const detail = new provproto.ErrorResourceInitFailed()
      .setId("t-1")
      .setProperties(toStruct({ status: "stop" }))
      .setReasonsList(["stopped"]);
    const any = new anyproto.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const metadata = new grpc.Metadata();
    const status = new statusproto.Status().setCode(2);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
    const error = callError(
      "Create",
      Object.assign(new Error("2 UNKNOWN: stopped"), { code: 2, details: "stopped", metadata }),
    );
    assert.deepEqual(
      { message: error.message, rpc: error.rpc, grpcCode: error.grpcCode, initFailure: error.initFailure },
      {
        message: "stopped",
        rpc: "Create",
        grpcCode: 2,
        initFailure: { id: "t-1", properties: { status: "stop" }, reasons: ["stopped"] },
      },
    );
    const plain = callError(
      "Check",
      Object.assign(new Error("x"), { code: 12, details: "no", metadata: new grpc.Metadata() }),
    );
    assert.deepEqual([plain.message, plain.grpcCode, plain.initFailure], ["no", 12, undefined]);
  });
});
