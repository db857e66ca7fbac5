import { strict as assert } from "node:assert";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { nestingDepth, MAX_VALUE_DEPTH } from "../../provider/lib/valueLimits";
import { deserializeCheckRequest, wireFields } from "../../provider/plugin/deepRequest";
import { deepCheckRequest } from "../support/deepCheckRequest";

const URN = "urn:pulumi:prod::shop::alicloud-dbs:index:FullBackupSetDownload::dl";

describe("reading a Check request nested too deeply for google-protobuf", () => {
  it("lists a message's top-level fields without decoding them", () => {
    const request = new provproto.CheckRequest()
      .setUrn("u")
      .setNews(structproto.Struct.fromJavaScript({ a: 1 }))
      .setRandomseed(new Uint8Array([7, 8]));
    assert.deepEqual(
      wireFields(request.serializeBinary()).map((f) => [f.number, f.bytes?.length]),
      [
        [1, 1],
        [3, 16],
        [5, 2],
      ],
    );
    assert.throws(() => wireFields(new Uint8Array([0x0a, 0x05, 0x61])), /truncated protobuf field/);
  });

  it("reads a shallow request as google-protobuf does", () => {
    const request = deserializeCheckRequest(deepCheckRequest(URN, 3));
    assert.equal(request.getUrn(), URN);
    assert.deepEqual(request.getNews()?.toJavaScript(), {
      backupSetId: "dbsset0001",
      triggers: { a: { a: { a: "leaf" } } },
    });
  });

  for (const depth of [2_000, 20_000]) {
    it(`keeps the urn and the other inputs of a request with triggers ${depth} deep, and marks triggers too deep`, () => {
      const bytes = deepCheckRequest(URN, depth);
      assert.throws(() => provproto.CheckRequest.deserializeBinary(bytes), RangeError);
      const news = deserializeCheckRequest(bytes).getNews()?.toJavaScript() ?? {};
      assert.equal(deserializeCheckRequest(bytes).getUrn(), URN);
      assert.equal(news.backupSetId, "dbsset0001");
      assert.equal(nestingDepth(news.triggers), MAX_VALUE_DEPTH + 1);
    });
  }
});
