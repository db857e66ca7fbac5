// A resource-provider plugin's generic half, for any set of handlers: Pulumi's ResourceProvider service
// over @grpc/grpc-js and the generated stubs of @pulumi/pulumi, Structs to plain values and back, errors
// to gRPC statuses, cancellation, and the plugin process's start. What the provider does is in the
// handlers (server.ts for alicloud-dbs; the bench's no-op plugin). I/O.
import * as grpc from "@grpc/grpc-js";
import * as pluginproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import * as anyproto from "google-protobuf/google/protobuf/any_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import type { PropertyChange } from "../lib/definition";
import type { CheckFailure, PropertyBag } from "../lib/values";
import { deserializeCheckRequest } from "./deepRequest";
import { watchEngine } from "./engineWatch";
import { defined, unwrapSecrets } from "./values";

export interface CheckResult {
  inputs: PropertyBag;
  failures: CheckFailure[];
}

export type InvokeResult = { outputs: PropertyBag } | { failures: CheckFailure[] };

/**
 * What a provider does; an absent optional handler answers UNIMPLEMENTED. A change a diff reports
 * replaces the resource or updates it in place, as it says. Throwing an Error with `id` (and `properties`, `reasons`) from create or update
 * reports a resource that exists but failed to initialize.
 */
export interface ProviderHandlers {
  /** Named in the message of an RPC the provider does not implement. */
  name: string;
  version: string;
  /** The schema JSON GetSchema serves. */
  schema(): string;
  checkConfig(news: PropertyBag): CheckResult;
  /** One plugin process serves one provider instance: its configuration is process-wide. Throws what it refuses. */
  configure(args: PropertyBag): void;
  check(urn: string, olds: PropertyBag, news: PropertyBag): CheckResult;
  diff(urn: string, olds: PropertyBag, news: PropertyBag): PropertyChange[];
  create(urn: string, inputs: PropertyBag, cancel: AbortSignal): Promise<{ id: string; outs: PropertyBag }>;
  /** Undefined when the resource no longer exists. */
  read?(
    urn: string,
    id: string,
    props: PropertyBag,
    inputs: PropertyBag,
  ): Promise<{ props: PropertyBag; inputs: PropertyBag } | undefined>;
  update?(
    urn: string,
    id: string,
    olds: PropertyBag,
    news: PropertyBag,
    cancel: AbortSignal,
  ): Promise<PropertyBag>;
  delete(urn: string, id: string, props: PropertyBag): Promise<void>;
  invoke?(token: string, args: PropertyBag): Promise<InvokeResult>;
}

export interface PluginServer {
  port: number;
  close(): Promise<void>;
}

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

function checkResponse({ inputs, failures }: CheckResult): provproto.CheckResponse {
  return new provproto.CheckResponse().setInputs(struct(inputs)).setFailuresList(failureList(failures));
}

const DIFF_KIND: Record<PropertyChange["kind"], [provproto.PropertyDiff.Kind, provproto.PropertyDiff.Kind]> =
  {
    add: [provproto.PropertyDiff.Kind.ADD, provproto.PropertyDiff.Kind.ADD_REPLACE],
    delete: [provproto.PropertyDiff.Kind.DELETE, provproto.PropertyDiff.Kind.DELETE_REPLACE],
    update: [provproto.PropertyDiff.Kind.UPDATE, provproto.PropertyDiff.Kind.UPDATE_REPLACE],
  };

function diffResponse(changes: PropertyChange[]): provproto.DiffResponse {
  const response = new provproto.DiffResponse()
    .setChanges(
      changes.length > 0
        ? provproto.DiffResponse.DiffChanges.DIFF_SOME
        : provproto.DiffResponse.DiffChanges.DIFF_NONE,
    )
    .setReplacesList(changes.filter((c) => c.replace).map((c) => c.property))
    .setDiffsList(changes.map((c) => c.property))
    .setDeletebeforereplace(false)
    .setHasdetaileddiff(true);
  for (const change of changes) {
    response
      .getDetaileddiffMap()
      .set(
        change.property,
        new provproto.PropertyDiff()
          .setKind(DIFF_KIND[change.kind][change.replace ? 1 : 0])
          .setInputdiff(true),
      );
  }
  return response;
}

/** What a thrown error becomes: a failure after the resource exists carries its id and state. */
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

export async function startProviderServer(handlers: ProviderHandlers): Promise<PluginServer> {
  const { read, update, invoke } = handlers;
  let cancelled = new AbortController();

  const unimplemented =
    <Req, Res>(rpc: string): Unary<Req, Res> =>
    (_call, callback) =>
      callback({ code: grpc.status.UNIMPLEMENTED, details: `${rpc} is not implemented by ${handlers.name}` });

  const service: provrpc.IResourceProviderServer = {
    handshake: unimplemented("Handshake"),
    parameterize: unimplemented("Parameterize"),
    getPluginInfo: unary(async () => new pluginproto.PluginInfo().setVersion(handlers.version)),
    getSchema: unary(async () => new provproto.GetSchemaResponse().setSchema(handlers.schema())),
    checkConfig: unary(async (req: provproto.CheckRequest) =>
      checkResponse(handlers.checkConfig(plain(req.getNews()))),
    ),
    diffConfig: unimplemented("DiffConfig"),
    configure: unary(async (req: provproto.ConfigureRequest) => {
      handlers.configure(plain(req.getArgs()));
      // Secrets arrive unwrapped and the engine re-marks outputs of secret inputs; a provider marks
      // secret outputs itself.
      return new provproto.ConfigureResponse()
        .setAcceptsecrets(false)
        .setAcceptresources(false)
        .setSupportspreview(false);
    }),
    check: unary(async (req: provproto.CheckRequest) =>
      checkResponse(handlers.check(req.getUrn(), plain(req.getOlds()), plain(req.getNews()))),
    ),
    diff: unary(async (req: provproto.DiffRequest) =>
      diffResponse(handlers.diff(req.getUrn(), plain(req.getOlds()), plain(req.getNews()))),
    ),
    create: unary(
      async (req: provproto.CreateRequest) => {
        const { id, outs } = await handlers.create(
          req.getUrn(),
          plain(req.getProperties()),
          cancelled.signal,
        );
        return new provproto.CreateResponse().setId(id).setProperties(struct(outs));
      },
      (req) => plain(req.getProperties()),
    ),
    read: read
      ? unary(async (req: provproto.ReadRequest) => {
          const found = await read(
            req.getUrn(),
            req.getId(),
            plain(req.getProperties()),
            plain(req.getInputs()),
          );
          const response = new provproto.ReadResponse();
          if (!found) return response.setId("");
          return response
            .setId(req.getId())
            .setProperties(struct(found.props))
            .setInputs(struct(found.inputs));
        })
      : unimplemented("Read"),
    update: update
      ? unary(
          async (req: provproto.UpdateRequest) => {
            const outs = await update(
              req.getUrn(),
              req.getId(),
              plain(req.getOlds()),
              plain(req.getNews()),
              cancelled.signal,
            );
            return new provproto.UpdateResponse().setProperties(struct(outs));
          },
          (req) => plain(req.getNews()),
        )
      : unimplemented("Update"),
    delete: unary(async (req: provproto.DeleteRequest) => {
      await handlers.delete(req.getUrn(), req.getId(), plain(req.getProperties()));
      return new emptyproto.Empty();
    }),
    invoke: invoke
      ? unary(async (req: provproto.InvokeRequest) => {
          const result = await invoke(req.getTok(), plain(req.getArgs()));
          const response = new provproto.InvokeResponse();
          return "failures" in result
            ? response.setFailuresList(failureList(result.failures))
            : response.setReturn(struct(result.outputs));
        })
      : unimplemented("Invoke"),
    call: unimplemented("Call"),
    construct: unimplemented("Construct"),
    list: (call) =>
      call.emit("error", {
        code: grpc.status.UNIMPLEMENTED,
        details: `List is not implemented by ${handlers.name}`,
      }),
    cancel: unary(async () => {
      // Ends every create and update in progress.
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

/** How long calls still running may take to answer once the engine is gone; nothing new starts meanwhile. */
const ORPHAN_GRACE_MS = 200;

/**
 * The plugin process: serves on a loopback port and prints the port as its first line, as the engine
 * expects, until SIGINT or SIGTERM. The engine's address (the first argument) is watched: when the
 * engine is gone, the plugin ends its waits as a cancel does and exits.
 */
export function runPluginProcess(executable: string, start: () => Promise<PluginServer>): void {
  start().then(
    (server) => {
      process.stdout.write(`${server.port}\n`);
      const stop = () => void server.close().then(() => process.exit(0));
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      watchEngine(process.argv[2], () => {
        stop();
        setTimeout(() => process.exit(0), ORPHAN_GRACE_MS);
      });
    },
    (error: unknown) => {
      process.stderr.write(`${executable}: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
