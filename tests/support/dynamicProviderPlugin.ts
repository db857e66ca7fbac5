import { ChildProcess, spawn } from "child_process";
import * as net from "net";
import * as path from "path";

import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";

import { UNKNOWN_SENTINEL } from "./captureProtocol";

/** The engine's marker for a value that is not known yet (e.g. during preview). */
export const UNKNOWN: string = UNKNOWN_SENTINEL;

export const DEFAULT_PROJECT = "test-project";
export const DEFAULT_STACK = "test";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const STARTUP_TIMEOUT_MS = 30_000;
const INIT_FAILED_TYPE = "pulumirpc.ErrorResourceInitFailed";

export interface PluginOptions {
  /** Extra environment for the plugin process, merged over `process.env`; `undefined` removes a key. */
  env?: Record<string, string | undefined>;
  /** Working directory of the plugin; defaults to the repo root so that `@pulumi/pulumi` resolves. */
  cwd?: string;
  project?: string;
  stack?: string;
}

export interface InitFailure {
  id: string;
  properties: Record<string, unknown>;
  reasons: string[];
}

/** What every plugin call rejects with: a plain `Error` carrying the gRPC status. */
export interface PluginCallError extends Error {
  grpcCode: number;
  /** Present when the provider rejected create with an `id` (resource created, but not healthy). */
  initFailure?: InitFailure;
}

export type DiffChanges = "none" | "some" | "unknown";

export interface DynamicProviderPlugin {
  /** OS pid of the plugin process. */
  readonly pid: number | undefined;
  /** Namespaced keys such as `alicloud:region`, values as the engine sends them (strings). */
  configure(config: Record<string, string>): Promise<void>;
  check(
    urn: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<{ inputs: Record<string, unknown>; failures: { property: string; reason: string }[] }>;
  diff(
    urn: string,
    id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<{ changes: DiffChanges; replaces: string[]; deleteBeforeReplace: boolean; diffs: string[] }>;
  create(
    urn: string,
    properties: Record<string, unknown>,
    opts?: { preview?: boolean; timeoutSeconds?: number },
  ): Promise<{ id: string; properties: Record<string, unknown> }>;
  /** `inputs` is `{}` when the provider's read returned none. */
  read(
    urn: string,
    id: string,
    properties: Record<string, unknown>,
    inputs?: Record<string, unknown>,
  ): Promise<{ id: string; properties: Record<string, unknown>; inputs: Record<string, unknown> }>;
  delete(urn: string, id: string, properties: Record<string, unknown>): Promise<void>;
  /** Everything the plugin printed on stdout and stderr so far, in arrival order. */
  output(): string;
  /**
   * Resolves once `output()` matches. Provider logs travel on a different pipe than the gRPC reply,
   * so a log line written before a call returned may still be in flight when the reply arrives.
   */
  waitForOutput(pattern: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Kills the process and waits for it to exit. Safe to call more than once. */
  close(): Promise<void>;
}

export function urnFor(
  type: string,
  name: string,
  project: string = DEFAULT_PROJECT,
  stack: string = DEFAULT_STACK,
): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

const livePlugins = new Set<ChildProcess>();
let exitHookInstalled = false;

function trackForExit(child: ChildProcess): void {
  livePlugins.add(child);
  child.once("exit", () => livePlugins.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", () => {
      for (const c of livePlugins) {
        c.kill("SIGKILL");
      }
    });
  }
}

function buildEnv(options: PluginOptions): NodeJS.ProcessEnv {
  // The engine's language plumbing exports these; cmd/dynamic-provider reads the project (via
  // metadata.getProject) to namespace un-prefixed keys in `req.config.get()`.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_NODEJS_PROJECT: options.project ?? DEFAULT_PROJECT,
    PULUMI_NODEJS_STACK: options.stack ?? DEFAULT_STACK,
  };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) {
      delete env[key];
    } else {
      env[key] = value;
    }
  }
  return env;
}

/** Struct.fromJavaScript rejects `undefined`; JSON semantics (drop the key) match the engine. */
function toStruct(value: Record<string, unknown>): structproto.Struct {
  return structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(value)) as Record<string, never>);
}

function fromStruct(struct: structproto.Struct | undefined): Record<string, unknown> {
  return struct ? (struct.toJavaScript() as Record<string, unknown>) : {};
}

function decodeInitFailure(metadata: grpc.Metadata | undefined): InitFailure | undefined {
  for (const raw of metadata?.get("grpc-status-details-bin") ?? []) {
    const bytes = typeof raw === "string" ? Buffer.from(raw, "base64") : raw;
    const status = statusproto.Status.deserializeBinary(new Uint8Array(bytes));
    for (const detail of status.getDetailsList()) {
      const failure = detail.unpack(provproto.ErrorResourceInitFailed.deserializeBinary, INIT_FAILED_TYPE);
      if (failure) {
        return {
          id: failure.getId(),
          properties: fromStruct(failure.getProperties()),
          reasons: failure.getReasonsList(),
        };
      }
    }
  }
  return undefined;
}

function toCallError(err: grpc.ServiceError): PluginCallError {
  const error = new Error(err.details ?? err.message) as PluginCallError;
  error.grpcCode = err.code;
  const initFailure = decodeInitFailure(err.metadata);
  if (initFailure) {
    error.initFailure = initFailure;
  }
  return error;
}

type Callback<T> = (err: grpc.ServiceError | null, res: T) => void;

function unary<T>(invoke: (cb: Callback<T>) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    invoke((err, res) => (err ? reject(toCallError(err)) : resolve(res)));
  });
}

function mapChanges(changes: provproto.DiffResponse.DiffChanges): DiffChanges {
  switch (changes) {
    case provproto.DiffResponse.DiffChanges.DIFF_NONE:
      return "none";
    case provproto.DiffResponse.DiffChanges.DIFF_SOME:
      return "some";
    default:
      return "unknown";
  }
}

/** Kills the child (if still running) and resolves once it has exited. */
function terminate(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  // The child is unref'd; re-ref it or nothing keeps the event loop alive until "exit" arrives.
  child.ref();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  return exited;
}

/** Reads the port the plugin prints as its first stdout line. */
function readPort(child: ChildProcess, output: () => string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let buffered = "";
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
    };
    const onData = (chunk: string): void => {
      buffered += chunk;
      const newline = buffered.indexOf("\n");
      if (newline < 0) {
        return;
      }
      cleanup();
      const port = Number(buffered.slice(0, newline).trim());
      if (Number.isInteger(port) && port > 0) {
        resolve(port);
      } else {
        reject(new Error(`dynamic-provider plugin printed no port; output:\n${output()}`));
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      cleanup();
      reject(
        new Error(
          `dynamic-provider plugin exited (${signal ?? code}) before listening; output:\n${output()}`,
        ),
      );
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`dynamic-provider plugin did not report a port in ${STARTUP_TIMEOUT_MS} ms`));
    }, STARTUP_TIMEOUT_MS);
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
  });
}

/**
 * Starts `@pulumi/pulumi/cmd/dynamic-provider` the way `pulumi-resource-pulumi-nodejs` does and
 * connects to it over gRPC. The engine address argument is required but never dialled.
 */
export async function startDynamicProviderPlugin(
  options: PluginOptions = {},
): Promise<DynamicProviderPlugin> {
  const cwd = options.cwd ?? REPO_ROOT;
  const script = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [cwd] });
  const child = spawn(process.execPath, [script, "127.0.0.1:1"], {
    cwd,
    env: buildEnv(options),
    stdio: ["ignore", "pipe", "pipe"],
  });
  trackForExit(child);

  let captured = "";
  const waiters = new Set<() => void>();
  const append = (chunk: string): void => {
    captured += chunk;
    for (const wake of waiters) {
      wake();
    }
  };
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stdout.on("data", append);
  child.stderr.on("data", append);
  // A test that forgets close() must not keep mocha alive; the exit hook reaps the process.
  child.unref();
  for (const stream of [child.stdout, child.stderr]) {
    if (stream instanceof net.Socket) {
      stream.unref();
    }
  }

  let client: provrpc.ResourceProviderClient | undefined;
  try {
    const port = await readPort(child, () => captured);
    client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": 400 * 1024 * 1024,
      "grpc.max_send_message_length": 400 * 1024 * 1024,
    });
    const ready = client;
    await new Promise<void>((resolve, reject) =>
      ready.waitForReady(Date.now() + STARTUP_TIMEOUT_MS, (err) => (err ? reject(err) : resolve())),
    );
  } catch (err) {
    client?.close();
    await terminate(child, "SIGKILL");
    throw err;
  }
  const rpc = client;

  const plugin: DynamicProviderPlugin = {
    pid: child.pid,

    async configure(config) {
      const req = new provproto.ConfigureRequest();
      const variables = req.getVariablesMap();
      for (const [key, value] of Object.entries(config)) {
        variables.set(key, value);
      }
      req.setArgs(toStruct(config));
      req.setAcceptsecrets(true);
      req.setAcceptresources(true);
      await unary<provproto.ConfigureResponse>((cb) => rpc.configure(req, cb));
    },

    async check(urn, olds, news) {
      const req = new provproto.CheckRequest();
      req.setUrn(urn);
      req.setOlds(toStruct(olds));
      req.setNews(toStruct(news));
      const res = await unary<provproto.CheckResponse>((cb) => rpc.check(req, cb));
      return {
        inputs: fromStruct(res.getInputs()),
        failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
    },

    async diff(urn, id, olds, news) {
      const req = new provproto.DiffRequest();
      req.setUrn(urn);
      req.setId(id);
      req.setOlds(toStruct(olds));
      req.setNews(toStruct(news));
      const res = await unary<provproto.DiffResponse>((cb) => rpc.diff(req, cb));
      return {
        changes: mapChanges(res.getChanges()),
        replaces: res.getReplacesList(),
        deleteBeforeReplace: res.getDeletebeforereplace(),
        diffs: res.getDiffsList(),
      };
    },

    async create(urn, properties, opts = {}) {
      const req = new provproto.CreateRequest();
      req.setUrn(urn);
      req.setProperties(toStruct(properties));
      req.setPreview(opts.preview ?? false);
      if (opts.timeoutSeconds !== undefined) {
        req.setTimeout(opts.timeoutSeconds);
      }
      const res = await unary<provproto.CreateResponse>((cb) => rpc.create(req, cb));
      return { id: res.getId(), properties: fromStruct(res.getProperties()) };
    },

    async read(urn, id, properties, inputs) {
      const req = new provproto.ReadRequest();
      req.setUrn(urn);
      req.setId(id);
      req.setProperties(toStruct(properties));
      if (inputs) {
        req.setInputs(toStruct(inputs));
      }
      const res = await unary<provproto.ReadResponse>((cb) => rpc.read(req, cb));
      return {
        id: res.getId(),
        properties: fromStruct(res.getProperties()),
        inputs: fromStruct(res.getInputs()),
      };
    },

    async delete(urn, id, properties) {
      const req = new provproto.DeleteRequest();
      req.setUrn(urn);
      req.setId(id);
      req.setProperties(toStruct(properties));
      await unary<unknown>((cb) => rpc.delete(req, cb));
    },

    output: () => captured,

    waitForOutput(pattern, timeoutMs = 5_000) {
      const matches = (): boolean =>
        typeof pattern === "string" ? captured.includes(pattern) : pattern.test(captured);
      if (matches()) {
        return Promise.resolve(captured);
      }
      return new Promise<string>((resolve, reject) => {
        const finish = (err?: Error): void => {
          clearTimeout(timer);
          waiters.delete(wake);
          child.off("exit", onExit);
          if (err) {
            reject(err);
          } else {
            resolve(captured);
          }
        };
        const wake = (): void => {
          if (matches()) {
            finish();
          }
        };
        const onExit = (): void =>
          finish(new Error(`plugin exited before printing ${String(pattern)}; output:\n${captured}`));
        const timer = setTimeout(
          () =>
            finish(
              new Error(
                `plugin did not print ${String(pattern)} within ${timeoutMs} ms; output:\n${captured}`,
              ),
            ),
          timeoutMs,
        );
        waiters.add(wake);
        child.once("exit", onExit);
      });
    },

    async close() {
      rpc.close();
      await terminate(child, "SIGTERM");
    },
  };
  return plugin;
}
