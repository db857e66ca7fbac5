// The engine's side of Pulumi's ResourceProvider protocol (provider.proto) as plain data: URNs, secrets
// and unknowns as the engine encodes them, and each request and response message to and from plain
// objects. Pure; providerPlugin.ts sends these messages to a plugin process.
import type * as grpc from "@grpc/grpc-js";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";

import { UNKNOWN_SENTINEL } from "./captureProtocol";

/** A Struct as plain JSON values. */
export type PropertyBag = Record<string, unknown>;

/** The engine's marker for a value that is not known yet (preview); it travels as this string. */
export const UNKNOWN: string = UNKNOWN_SENTINEL;

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A secret as the engine sends it to a provider that accepts secrets (ConfigureRequest.acceptSecrets). */
export interface Secret<T = unknown> {
  [SIG_KEY]: typeof SECRET_SIG;
  value: T;
}

export function secret<T>(value: T): Secret<T> {
  return { [SIG_KEY]: SECRET_SIG, value };
}

export function isSecret(value: unknown): value is Secret {
  return (
    typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
  );
}

/** The value inside a secret; throws for anything else, so a test cannot mistake a plain value for one. */
export function unwrapSecret(value: unknown): unknown {
  if (!isSecret(value)) throw new Error(`not a secret: ${JSON.stringify(value)}`);
  return value.value;
}

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** `urn:pulumi:<stack>::<project>::[<parentType>$]<type>::<name>`. */
export function urnFor(
  type: string,
  name: string,
  project: string,
  stack: string,
  parentType?: string,
): string {
  return `urn:pulumi:${stack}::${project}::${parentType ? `${parentType}$` : ""}${type}::${name}`;
}

export interface UrnParts {
  stack: string;
  project: string;
  /** The resource's own type token (the last `$` segment). */
  type: string;
  name: string;
}

export function parseUrn(urn: string): UrnParts {
  const match = /^urn:pulumi:([^:]*)::([^:]*)::(.+?)::(.*)$/.exec(urn);
  if (!match) throw new Error(`not a Pulumi URN: ${urn}`);
  const [, stack, project, qualifiedType, name] = match;
  return { stack, project, type: qualifiedType.split("$").pop() as string, name };
}

/** Struct.fromJavaScript rejects `undefined`; JSON semantics (drop the key) match the engine. */
export function toStruct(value: PropertyBag): structproto.Struct {
  return structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(value)) as Record<string, never>);
}

function fromStruct(struct: structproto.Struct | undefined): PropertyBag | undefined {
  return struct ? (struct.toJavaScript() as PropertyBag) : undefined;
}

// The engine sets the name and type of every resource request (from its URN); older plugins only read
// the URN.
function named<T extends { setUrn(v: string): T; setName(v: string): T; setType(v: string): T }>(
  request: T,
  urn: string,
): T {
  const { name, type } = parseUrn(urn);
  return request.setUrn(urn).setName(name).setType(type);
}

export interface ConfigureOptions {
  /** Namespaced config, e.g. `{"alicloud-dbs:endpoint": "…"}`: the engine sends every value as a string. */
  variables?: Record<string, string>;
  /** The provider's inputs as a Struct; secrets wrapped (see `secret`) when `acceptSecrets` is set. */
  args?: PropertyBag;
  /** Default true, as the engine sends it. */
  acceptSecrets?: boolean;
  /** Default true, as the engine sends it. */
  acceptResources?: boolean;
  sendsOldInputs?: boolean;
  sendsOldInputsToDelete?: boolean;
}

export function configureRequest(options: ConfigureOptions): provproto.ConfigureRequest {
  const request = new provproto.ConfigureRequest();
  const variables = request.getVariablesMap();
  for (const [key, value] of Object.entries(options.variables ?? {})) variables.set(key, value);
  if (options.args) request.setArgs(toStruct(options.args));
  return request
    .setAcceptsecrets(options.acceptSecrets ?? true)
    .setAcceptresources(options.acceptResources ?? true)
    .setSendsOldInputs(options.sendsOldInputs ?? false)
    .setSendsOldInputsToDelete(options.sendsOldInputsToDelete ?? false);
}

/** What the provider announced in its ConfigureResponse. */
export interface ConfigureResult {
  acceptSecrets: boolean;
  supportsPreview: boolean;
  acceptResources: boolean;
  acceptOutputs: boolean;
  supportsAutonamingConfiguration: boolean;
}

export function configureResult(response: provproto.ConfigureResponse): ConfigureResult {
  return {
    acceptSecrets: response.getAcceptsecrets(),
    supportsPreview: response.getSupportspreview(),
    acceptResources: response.getAcceptresources(),
    acceptOutputs: response.getAcceptoutputs(),
    supportsAutonamingConfiguration: response.getSupportsAutonamingConfiguration(),
  };
}

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface CheckResult {
  /** `{}` when the response carries none (the engine reads absent inputs as empty). */
  inputs: PropertyBag;
  failures: CheckFailure[];
}

/** Check and CheckConfig take the same request. */
export function checkRequest(
  urn: string,
  olds: PropertyBag,
  news: PropertyBag,
  randomSeed?: Uint8Array,
): provproto.CheckRequest {
  const request = named(new provproto.CheckRequest(), urn).setOlds(toStruct(olds)).setNews(toStruct(news));
  return randomSeed ? request.setRandomseed(randomSeed) : request;
}

function failures(list: provproto.CheckFailure[]): CheckFailure[] {
  return list.map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
}

export function checkResult(response: provproto.CheckResponse): CheckResult {
  return { inputs: fromStruct(response.getInputs()) ?? {}, failures: failures(response.getFailuresList()) };
}

export type DiffChanges = "unknown" | "none" | "some";
export type PropertyDiffKind =
  "add" | "add-replace" | "delete" | "delete-replace" | "update" | "update-replace";

const DIFF_KINDS: Record<provproto.PropertyDiff.Kind, PropertyDiffKind> = {
  [provproto.PropertyDiff.Kind.ADD]: "add",
  [provproto.PropertyDiff.Kind.ADD_REPLACE]: "add-replace",
  [provproto.PropertyDiff.Kind.DELETE]: "delete",
  [provproto.PropertyDiff.Kind.DELETE_REPLACE]: "delete-replace",
  [provproto.PropertyDiff.Kind.UPDATE]: "update",
  [provproto.PropertyDiff.Kind.UPDATE_REPLACE]: "update-replace",
};

const CHANGES: Record<provproto.DiffResponse.DiffChanges, DiffChanges> = {
  [provproto.DiffResponse.DiffChanges.DIFF_UNKNOWN]: "unknown",
  [provproto.DiffResponse.DiffChanges.DIFF_NONE]: "none",
  [provproto.DiffResponse.DiffChanges.DIFF_SOME]: "some",
};

export interface DiffOptions {
  /** The inputs stored with the resource (DiffRequest.old_inputs); `olds` are its stored outputs. */
  oldInputs?: PropertyBag;
  ignoreChanges?: string[];
}

export interface DiffResult {
  changes: DiffChanges;
  replaces: string[];
  stables: string[];
  deleteBeforeReplace: boolean;
  /** Top-level properties that changed (the legacy, non-detailed form). */
  diffs: string[];
  /** Whether `detailedDiff` is authoritative; when false the engine derives one itself. */
  hasDetailedDiff: boolean;
  /** Property paths such as `backupSetId` or `triggers[0]`, with what changed and whether it is an input. */
  detailedDiff: Record<string, { kind: PropertyDiffKind; inputDiff: boolean }>;
}

/** Diff and DiffConfig take the same request. */
export function diffRequest(
  urn: string,
  id: string,
  olds: PropertyBag,
  news: PropertyBag,
  options: DiffOptions = {},
): provproto.DiffRequest {
  const request = named(new provproto.DiffRequest(), urn)
    .setId(id)
    .setOlds(toStruct(olds))
    .setNews(toStruct(news))
    .setIgnorechangesList(options.ignoreChanges ?? []);
  return options.oldInputs ? request.setOldInputs(toStruct(options.oldInputs)) : request;
}

export function diffResult(response: provproto.DiffResponse): DiffResult {
  const detailedDiff: DiffResult["detailedDiff"] = {};
  response.getDetaileddiffMap().forEach((diff, path) => {
    detailedDiff[path] = { kind: DIFF_KINDS[diff.getKind()], inputDiff: diff.getInputdiff() };
  });
  return {
    changes: CHANGES[response.getChanges()],
    replaces: response.getReplacesList(),
    stables: response.getStablesList(),
    deleteBeforeReplace: response.getDeletebeforereplace(),
    diffs: response.getDiffsList(),
    hasDetailedDiff: response.getHasdetaileddiff(),
    detailedDiff,
  };
}

export interface OperationOptions {
  /** Create/Update during `pulumi preview`: only sent to providers that announced supportsPreview. */
  preview?: boolean;
  /** Seconds (the resource's customTimeouts); 0 or absent: none. */
  timeout?: number;
}

export function createRequest(
  urn: string,
  properties: PropertyBag,
  options: OperationOptions = {},
): provproto.CreateRequest {
  return named(new provproto.CreateRequest(), urn)
    .setProperties(toStruct(properties))
    .setPreview(options.preview ?? false)
    .setTimeout(options.timeout ?? 0);
}

export interface UpdateOptions extends OperationOptions {
  oldInputs?: PropertyBag;
  ignoreChanges?: string[];
}

export function updateRequest(
  urn: string,
  id: string,
  olds: PropertyBag,
  news: PropertyBag,
  options: UpdateOptions = {},
): provproto.UpdateRequest {
  const request = named(new provproto.UpdateRequest(), urn)
    .setId(id)
    .setOlds(toStruct(olds))
    .setNews(toStruct(news))
    .setPreview(options.preview ?? false)
    .setTimeout(options.timeout ?? 0)
    .setIgnorechangesList(options.ignoreChanges ?? []);
  return options.oldInputs ? request.setOldInputs(toStruct(options.oldInputs)) : request;
}

/** `pulumi refresh` sends the stored outputs and inputs; `pulumi import` and `get` send neither. */
export function readRequest(
  urn: string,
  id: string,
  properties?: PropertyBag,
  inputs?: PropertyBag,
): provproto.ReadRequest {
  const request = named(new provproto.ReadRequest(), urn).setId(id);
  if (properties) request.setProperties(toStruct(properties));
  if (inputs) request.setInputs(toStruct(inputs));
  return request;
}

export interface ReadResult {
  /** "" when the resource no longer exists. */
  id: string;
  /** Undefined when the response carries none (a resource that is gone). */
  properties?: PropertyBag;
  /** Undefined when the provider gave none: the engine then keeps the inputs it had (none on import). */
  inputs?: PropertyBag;
}

export function readResult(response: provproto.ReadResponse): ReadResult {
  return {
    id: response.getId(),
    properties: fromStruct(response.getProperties()),
    inputs: fromStruct(response.getInputs()),
  };
}

export function deleteRequest(
  urn: string,
  id: string,
  properties: PropertyBag,
  options: { oldInputs?: PropertyBag; timeout?: number } = {},
): provproto.DeleteRequest {
  const request = named(new provproto.DeleteRequest(), urn)
    .setId(id)
    .setProperties(toStruct(properties))
    .setTimeout(options.timeout ?? 0);
  return options.oldInputs ? request.setOldInputs(toStruct(options.oldInputs)) : request;
}

export function invokeRequest(token: string, args: PropertyBag, preview = false): provproto.InvokeRequest {
  return new provproto.InvokeRequest().setTok(token).setArgs(toStruct(args)).setPreview(preview);
}

export interface InvokeResult {
  /** Undefined when the function returned nothing (e.g. it only reported failures). */
  returns?: PropertyBag;
  failures: CheckFailure[];
}

export function invokeResult(response: provproto.InvokeResponse): InvokeResult {
  return { returns: fromStruct(response.getReturn()), failures: failures(response.getFailuresList()) };
}

/** The resource the provider created but could not finish (partial state), from a failed Create/Update. */
export interface InitFailure {
  id: string;
  properties: PropertyBag;
  reasons: string[];
}

/** What every plugin call rejects with: a plain `Error` whose message is the provider's own. */
export interface PluginCallError extends Error {
  /** The RPC that failed, e.g. "Create". */
  rpc: string;
  /** The gRPC status code (`grpc.status`): UNKNOWN (2) for a provider's error, UNIMPLEMENTED (12), … */
  grpcCode: number;
  /** Present when the provider rejected Create/Update with `ErrorResourceInitFailed` (an id, its state). */
  initFailure?: InitFailure;
}

const INIT_FAILED_TYPE = "pulumirpc.ErrorResourceInitFailed";

/** Reads `ErrorResourceInitFailed` out of the `grpc-status-details-bin` trailer, where providers put it. */
export function initFailureOf(metadata: grpc.Metadata | undefined): InitFailure | undefined {
  for (const raw of metadata?.get("grpc-status-details-bin") ?? []) {
    const bytes = typeof raw === "string" ? Buffer.from(raw, "base64") : raw;
    const status = statusproto.Status.deserializeBinary(new Uint8Array(bytes));
    for (const detail of status.getDetailsList()) {
      const failure = detail.unpack(provproto.ErrorResourceInitFailed.deserializeBinary, INIT_FAILED_TYPE);
      if (failure) {
        return {
          id: failure.getId(),
          properties: fromStruct(failure.getProperties()) ?? {},
          reasons: failure.getReasonsList(),
        };
      }
    }
  }
  return undefined;
}

export function callError(rpc: string, error: grpc.ServiceError): PluginCallError {
  const result = new Error(error.details || error.message) as PluginCallError;
  result.rpc = rpc;
  result.grpcCode = error.code;
  const initFailure = initFailureOf(error.metadata);
  if (initFailure) result.initFailure = initFailure;
  return result;
}
