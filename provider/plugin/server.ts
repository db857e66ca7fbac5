// The plugin's gRPC server: Pulumi's ResourceProvider service over @grpc/grpc-js and the generated
// stubs of @pulumi/pulumi, mapping each RPC to the resources, functions and config of this plugin. I/O.
import * as grpc from "@grpc/grpc-js";
import * as pluginproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import * as anyproto from "google-protobuf/google/protobuf/any_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import type { CheckFailure } from "../core/inputs";
import type { PropertyChange } from "../core/diff";
import type { PropertyBag } from "../core/outputs";
import type { Environment, SettingsResult } from "../core/settings";
import { checkProviderConfig, pluginSettings } from "./config";
import { deserializeCheckRequest } from "./deepRequest";
import { FUNCTIONS } from "./functions";
import { resourceHandlers } from "./resources";
import { withSecretSettings } from "./secretSettings";
import type { ResourceHandler } from "./resources";
import { pluginSchema } from "./schema";
import { defined, typeOf, unwrapSecrets } from "./values";
import { VERSION } from "./version";

type Unary<Req, Res> = grpc.handleUnaryCall<Req, Res>;

/** A Struct as plain values, with any secret unwrapped (only Configure's args may carry them). */
function plain(struct: structproto.Struct | undefined): PropertyBag {
  return (unwrapSecrets(struct?.toJavaScript() ?? {}) as PropertyBag) ?? {};
}

function struct(bag: PropertyBag): structproto.Struct {
  return structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(defined(bag))));
}

function failureList(failures: CheckFailure[]): provproto.CheckFailure[] {
  return failures.map((f) => new provproto.CheckFailure().setProperty(f.property).setReason(f.reason));
}

const DIFF_KIND: Record<PropertyChange["kind"], provproto.PropertyDiff.Kind> = {
  add: provproto.PropertyDiff.Kind.ADD_REPLACE,
  delete: provproto.PropertyDiff.Kind.DELETE_REPLACE,
  update: provproto.PropertyDiff.Kind.UPDATE_REPLACE,
};

/** What a thrown error becomes: a failure after the task exists carries its id and state. */
function grpcError(error: unknown, inputs?: PropertyBag): grpc.ServiceError {
  const e = error as Error & { id?: string; properties?: PropertyBag; reasons?: string[] };
  const message = e instanceof Error ? e.message : String(error);
  const metadata = new grpc.Metadata();
  if (e.id) {
    const detail = new provproto.ErrorResourceInitFailed()
      .setId(e.id)
      .setProperties(struct(e.properties ?? {}))
      .setReasonsList(e.reasons ?? [message]);
    if (inputs) detail.setInputs(struct(inputs));
    const details = new anyproto.Any();
    details.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusproto.Status().setCode(grpc.status.UNKNOWN).setMessage(message);
    status.addDetails(details);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return Object.assign(new Error(message), { code: grpc.status.UNKNOWN, details: message, metadata });
}

function unimplemented<Req, Res>(name: string): Unary<Req, Res> {
  return (_call, callback) =>
    callback({ code: grpc.status.UNIMPLEMENTED, details: `${name} is not implemented by alicloud-dbs` });
}

/** Runs an async handler, answering its result or its error. */
function unary<Req, Res>(
  run: (request: Req) => Promise<Res>,
  errorInputs?: (request: Req) => PropertyBag,
): Unary<Req, Res> {
  return (call, callback) => {
    run(call.request).then(
      (response) => callback(null, response),
      (error: unknown) => callback(grpcError(error, errorInputs?.(call.request))),
    );
  };
}

export interface PluginServer {
  port: number;
  close(): Promise<void>;
}

export async function startPluginServer(env: Environment = process.env): Promise<PluginServer> {
  // One plugin process serves one provider instance: its configuration is process-wide.
  let settings: SettingsResult = pluginSettings({}, env);
  let cancelled = new AbortController();
  const handlers = resourceHandlers(() => settings);

  function handlerFor(urn: string): ResourceHandler {
    const type = typeOf(urn);
    const found = handlers[type];
    if (!found) throw new Error(`alicloud-dbs has no resource type ${type}`);
    return found;
  }

  const service: provrpc.IResourceProviderServer = {
    handshake: unimplemented("Handshake"),
    parameterize: unimplemented("Parameterize"),
    getPluginInfo: unary(async () => new pluginproto.PluginInfo().setVersion(VERSION)),
    getSchema: unary(async () =>
      new provproto.GetSchemaResponse().setSchema(JSON.stringify(pluginSchema(VERSION))),
    ),
    checkConfig: unary(async (req: provproto.CheckRequest) => {
      const news = plain(req.getNews());
      return new provproto.CheckResponse()
        .setInputs(struct(withSecretSettings(news)))
        .setFailuresList(failureList(checkProviderConfig(news, env)));
    }),
    diffConfig: unimplemented("DiffConfig"),
    configure: unary(async (req: provproto.ConfigureRequest) => {
      const args = plain(req.getArgs());
      // What CheckConfig would have refused (an engine that skipped it, a raw client) fails here too.
      const failures = checkProviderConfig(args, env);
      if (failures.length > 0) throw new Error(failures.map((f) => f.reason).join("; "));
      settings = pluginSettings(args, env);
      // Secrets arrive unwrapped and the engine re-marks outputs of secret inputs; the URLs are marked here.
      return new provproto.ConfigureResponse()
        .setAcceptsecrets(false)
        .setAcceptresources(false)
        .setSupportspreview(false);
    }),
    check: unary(async (req: provproto.CheckRequest) => {
      const { inputs, failures } = handlerFor(req.getUrn()).check(
        req.getUrn(),
        plain(req.getOlds()),
        plain(req.getNews()),
      );
      return new provproto.CheckResponse().setInputs(struct(inputs)).setFailuresList(failureList(failures));
    }),
    diff: unary(async (req: provproto.DiffRequest) => {
      const changes = handlerFor(req.getUrn()).diff(plain(req.getOlds()), plain(req.getNews()));
      const response = new provproto.DiffResponse()
        .setChanges(
          changes.length > 0
            ? provproto.DiffResponse.DiffChanges.DIFF_SOME
            : provproto.DiffResponse.DiffChanges.DIFF_NONE,
        )
        .setReplacesList(changes.map((c) => c.property))
        .setDiffsList(changes.map((c) => c.property))
        .setDeletebeforereplace(false)
        .setHasdetaileddiff(true);
      for (const change of changes) {
        response
          .getDetaileddiffMap()
          .set(
            change.property,
            new provproto.PropertyDiff().setKind(DIFF_KIND[change.kind]).setInputdiff(true),
          );
      }
      return response;
    }),
    create: unary(
      async (req: provproto.CreateRequest) => {
        const { id, outs } = await handlerFor(req.getUrn()).create(
          plain(req.getProperties()),
          cancelled.signal,
        );
        return new provproto.CreateResponse().setId(id).setProperties(struct(outs));
      },
      (req) => plain(req.getProperties()),
    ),
    read: unary(async (req: provproto.ReadRequest) => {
      const found = await handlerFor(req.getUrn()).read(
        req.getId(),
        plain(req.getProperties()),
        plain(req.getInputs()),
      );
      const response = new provproto.ReadResponse();
      if (!found) return response.setId("");
      return response.setId(req.getId()).setProperties(struct(found.props)).setInputs(struct(found.inputs));
    }),
    update: unary(
      async (req: provproto.UpdateRequest) => {
        const outs = await handlerFor(req.getUrn()).update(
          req.getId(),
          plain(req.getNews()),
          cancelled.signal,
        );
        return new provproto.UpdateResponse().setProperties(struct(outs));
      },
      (req) => plain(req.getNews()),
    ),
    // DBS has no API to delete or cancel a download task: deleting the resource only forgets it.
    delete: unary(async () => new emptyproto.Empty()),
    invoke: unary(async (req: provproto.InvokeRequest) => {
      const run = FUNCTIONS[req.getTok()];
      if (!run) throw new Error(`alicloud-dbs has no function ${req.getTok()}`);
      const result = await run(settings, plain(req.getArgs()));
      const response = new provproto.InvokeResponse();
      return "failures" in result
        ? response.setFailuresList(failureList(result.failures))
        : response.setReturn(struct(result.outputs));
    }),
    call: unimplemented("Call"),
    construct: unimplemented("Construct"),
    list: (call) =>
      call.emit("error", {
        code: grpc.status.UNIMPLEMENTED,
        details: "List is not implemented by alicloud-dbs",
      }),
    cancel: unary(async () => {
      // Ends every wait in progress: the tasks are kept in the state as failed to initialize.
      cancelled.abort();
      cancelled = new AbortController();
      return new emptyproto.Empty();
    }),
    attach: unimplemented("Attach"),
    getMapping: unimplemented("GetMapping"),
    getMappings: unimplemented("GetMappings"),
  };

  const server = new grpc.Server({ "grpc.max_receive_message_length": 64 * 1024 * 1024 });
  const definition = provrpc.ResourceProviderService;
  server.addService(
    { ...definition, check: { ...definition.check, requestDeserialize: deserializeCheckRequest } },
    service,
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        cancelled.abort();
        server.tryShutdown(() => resolve());
      }),
  };
}
