// The no-op provider plugin `npm run bench` compares the alicloud-dbs plugin with (I/O): the same runtime
// (a Node.js process, @grpc/grpc-js and the protocol stubs of @pulumi/pulumi, bundled by esbuild and
// started by the same sh wrapper), serving a schema with our FullBackupSetDownload's properties, whose
// check and create answer at once with what ours answered for one real resource. Everything it serves is
// fixed when bundle.ts builds it (the BENCH_NOOP constant).
import * as grpc from "@grpc/grpc-js";
import * as pluginproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import type { NoopDefinition } from "./definition";

declare const BENCH_NOOP: NoopDefinition;

type Unary<Req, Res> = grpc.handleUnaryCall<Req, Res>;
type Bag = Record<string, unknown>;

const toStruct = (bag: Bag): structproto.Struct => structproto.Struct.fromJavaScript(bag as never);
const plain = (struct: structproto.Struct | undefined): Bag => (struct?.toJavaScript() ?? {}) as Bag;

function answer<Req, Res>(run: (request: Req) => Res): Unary<Req, Res> {
  return (call, callback) => callback(null, run(call.request));
}

function unimplemented<Req, Res>(name: string): Unary<Req, Res> {
  return (_call, callback) => callback({ code: grpc.status.UNIMPLEMENTED, details: `${name}: no-op plugin` });
}

let created = 0;

const service: provrpc.IResourceProviderServer = {
  handshake: unimplemented("Handshake"),
  parameterize: unimplemented("Parameterize"),
  getPluginInfo: answer(() => new pluginproto.PluginInfo().setVersion(BENCH_NOOP.version)),
  getSchema: answer(() => new provproto.GetSchemaResponse().setSchema(BENCH_NOOP.schema)),
  checkConfig: answer((req: provproto.CheckRequest) =>
    new provproto.CheckResponse().setInputs(req.getNews()),
  ),
  diffConfig: unimplemented("DiffConfig"),
  configure: answer(() =>
    new provproto.ConfigureResponse()
      .setAcceptsecrets(false)
      .setAcceptresources(false)
      .setSupportspreview(false),
  ),
  check: answer((req: provproto.CheckRequest) =>
    new provproto.CheckResponse().setInputs(toStruct({ ...BENCH_NOOP.inputs, ...plain(req.getNews()) })),
  ),
  diff: answer(() => new provproto.DiffResponse().setChanges(provproto.DiffResponse.DiffChanges.DIFF_NONE)),
  create: answer((req: provproto.CreateRequest) =>
    new provproto.CreateResponse()
      .setId(`noop${++created}`)
      .setProperties(toStruct({ ...BENCH_NOOP.outputs, ...plain(req.getProperties()) })),
  ),
  read: unimplemented("Read"),
  update: unimplemented("Update"),
  delete: answer(() => new emptyproto.Empty()),
  invoke: unimplemented("Invoke"),
  call: unimplemented("Call"),
  construct: unimplemented("Construct"),
  list: (call) => call.emit("error", { code: grpc.status.UNIMPLEMENTED, details: "List: no-op plugin" }),
  cancel: answer(() => new emptyproto.Empty()),
  attach: unimplemented("Attach"),
  getMapping: unimplemented("GetMapping"),
  getMappings: unimplemented("GetMappings"),
};

const server = new grpc.Server({ "grpc.max_receive_message_length": 64 * 1024 * 1024 });
server.addService(provrpc.ResourceProviderService, service);
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) {
    process.stderr.write(`no-op plugin: ${error.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`${port}\n`);
  const stop = (): void => server.tryShutdown(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
});
