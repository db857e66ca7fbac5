// Starts any Pulumi resource-provider plugin executable and talks to it over gRPC the way the engine
// does, with typed calls. I/O; the messages themselves are built and read in providerRpc.ts.
//
//   const plugin = await startProviderPlugin({ command: "bin/pulumi-resource-alicloud-dbs", args: ["127.0.0.1:1"] });
//   await plugin.configure({ variables: { "alicloud-dbs:region": "cn-hangzhou" }, args: { region: "cn-hangzhou" } });
//   const { inputs, failures } = await plugin.check(urn, {}, news);
//   const { id, properties } = await plugin.create(urn, inputs, { timeout: 60 });
//   await plugin.close();
//
// A call that fails rejects with a PluginCallError: the provider's message, the gRPC code and, for a
// Create/Update that left a resource behind, its id and state (`initFailure`).
import { ChildProcess, spawn } from "child_process";
import * as net from "net";

import * as grpc from "@grpc/grpc-js";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";

import type {
  CheckResult,
  ConfigureOptions,
  ConfigureResult,
  DiffOptions,
  DiffResult,
  InvokeResult,
  OperationOptions,
  PropertyBag,
  ReadResult,
  UpdateOptions,
} from "./providerRpc";
import {
  callError,
  checkRequest,
  checkResult,
  configureRequest,
  configureResult,
  createRequest,
  deleteRequest,
  diffRequest,
  diffResult,
  invokeRequest,
  invokeResult,
  readRequest,
  readResult,
  updateRequest,
} from "./providerRpc";

export interface ProviderPluginOptions {
  /** The plugin executable, e.g. `bin/pulumi-resource-alicloud-dbs`, or `process.execPath` for a script. */
  command: string;
  /**
   * The engine passes its own gRPC address as the first argument; a plugin that only logs through it
   * can be given an address nobody listens on, such as `127.0.0.1:1`.
   */
  args?: string[];
  /** Merged over the test process's environment (unless `inheritEnv` is false); `undefined` removes a key. */
  env?: Record<string, string | undefined>;
  /**
   * Default true. False: the plugin sees only `env`, so nothing on this machine leaks in (give it PATH
   * if `command` is not a path).
   */
  inheritEnv?: boolean;
  cwd?: string;
  /** How long the plugin may take to print its port and accept a connection (default 30 s). */
  startupTimeoutMs?: number;
}

export interface ProviderPlugin {
  /** OS pid of the plugin process. */
  readonly pid: number | undefined;
  /** The loopback port it serves gRPC on, for requests the generated client cannot encode. */
  readonly port: number;
  getPluginInfo(): Promise<{ version: string }>;
  /** The package schema as the plugin returns it (JSON text). */
  getSchema(options?: {
    version?: number;
    subpackageName?: string;
    subpackageVersion?: string;
  }): Promise<string>;
  /** Validates the provider's own configuration; `urn` is the provider resource's (`pulumi:providers:<pkg>`). */
  checkConfig(urn: string, olds: PropertyBag, news: PropertyBag): Promise<CheckResult>;
  diffConfig(urn: string, olds: PropertyBag, news: PropertyBag, options?: DiffOptions): Promise<DiffResult>;
  configure(options: ConfigureOptions): Promise<ConfigureResult>;
  check(urn: string, olds: PropertyBag, news: PropertyBag, randomSeed?: Uint8Array): Promise<CheckResult>;
  /** `olds` are the stored outputs; pass the stored inputs as `options.oldInputs`, as the engine does. */
  diff(
    urn: string,
    id: string,
    olds: PropertyBag,
    news: PropertyBag,
    options?: DiffOptions,
  ): Promise<DiffResult>;
  /** `properties` is `{}` when the response carries none. */
  create(
    urn: string,
    properties: PropertyBag,
    options?: OperationOptions,
  ): Promise<{ id: string; properties: PropertyBag }>;
  update(
    urn: string,
    id: string,
    olds: PropertyBag,
    news: PropertyBag,
    options?: UpdateOptions,
  ): Promise<{ properties: PropertyBag }>;
  /** Without `properties` and `inputs` this is the Read that `pulumi import` sends. */
  read(urn: string, id: string, properties?: PropertyBag, inputs?: PropertyBag): Promise<ReadResult>;
  delete(
    urn: string,
    id: string,
    properties: PropertyBag,
    options?: { oldInputs?: PropertyBag; timeout?: number },
  ): Promise<void>;
  /** A provider function such as `alicloud-dbs:index:getLatestFullBackupSet`. */
  invoke(token: string, args: PropertyBag, options?: { preview?: boolean }): Promise<InvokeResult>;
  /** What the engine sends on Ctrl-C: the provider should stop its operations gracefully. */
  cancel(): Promise<void>;
  /** Everything the plugin printed on stdout (after the port) and stderr so far, in arrival order. */
  output(): string;
  /**
   * Resolves once `output()` matches. Provider logs travel on a different pipe than the gRPC reply,
   * so a log line written before a call returned may still be in flight when the reply arrives.
   */
  waitForOutput(pattern: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Ends the process (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. Safe to call more than once. */
  close(): Promise<void>;
}

const DEFAULT_STARTUP_TIMEOUT_MS = 30_000;
const KILL_GRACE_MS = 5_000;
// The engine's own limit: a state with a large `__provider` or many outputs must not be cut off here.
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

const livePlugins = new Set<ChildProcess>();
let exitHookInstalled = false;

// A test that forgets close() must not leave its plugin running after the test process exits.
function trackForExit(child: ChildProcess): void {
  livePlugins.add(child);
  child.once("exit", () => livePlugins.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", () => {
      for (const c of livePlugins) c.kill("SIGKILL");
    });
  }
}

function environment(options: ProviderPluginOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = options.inheritEnv === false ? {} : { ...process.env };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Signals the child (if still running), escalating to SIGKILL, and resolves once it has exited. */
function terminate(child: ChildProcess): Promise<void> {
  // No pid: the executable never started (e.g. ENOENT), so there is nothing to wait for.
  if (exited(child) || child.pid === undefined) return Promise.resolve();
  // The child is unref'd; re-ref it or nothing keeps the event loop alive until "exit" arrives.
  child.ref();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), KILL_GRACE_MS);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Reads the port the plugin prints as its first stdout line. */
function readPort(child: ChildProcess, timeoutMs: number, describe: () => string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let buffered = "";
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      child.off("error", onError);
    };
    const onData = (chunk: string): void => {
      buffered += chunk;
      const newline = buffered.indexOf("\n");
      if (newline < 0) return;
      cleanup();
      const line = buffered.slice(0, newline).trim();
      const port = Number(line);
      if (Number.isInteger(port) && port > 0) resolve(port);
      else reject(new Error(`printed ${JSON.stringify(line)} instead of its port${describe()}`));
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      cleanup();
      reject(new Error(`exited (${signal ?? code}) before printing its port${describe()}`));
    };
    // The executable could not be started at all (e.g. ENOENT); no "exit" follows.
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`printed no port within ${timeoutMs} ms${describe()}`));
    }, timeoutMs);
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
    child.once("error", onError);
  });
}

type Callback<T> = (error: grpc.ServiceError | null, response: T) => void;

function bag(struct: { toJavaScript(): unknown } | undefined): PropertyBag {
  return (struct?.toJavaScript() as PropertyBag | undefined) ?? {};
}

export async function startProviderPlugin(options: ProviderPluginOptions): Promise<ProviderPlugin> {
  const startupTimeoutMs = options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS;
  const child = spawn(options.command, options.args ?? [], {
    cwd: options.cwd,
    env: environment(options),
    stdio: ["ignore", "pipe", "pipe"],
  });
  trackForExit(child);

  let portSeen = false;
  let captured = "";
  const waiters = new Set<() => void>();
  const append = (chunk: string): void => {
    captured += chunk;
    for (const wake of waiters) wake();
  };
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    // The first line is the port, read by readPort; everything after it is the plugin's output.
    if (portSeen) return append(chunk);
    const newline = chunk.indexOf("\n");
    if (newline >= 0) {
      portSeen = true;
      append(chunk.slice(newline + 1));
    }
  });
  child.stderr.on("data", append);
  // Without a listener, a later process error (a failed kill) would be thrown in the test process.
  child.on("error", (error) => append(`[provider plugin process] ${error.message}\n`));
  child.unref();
  for (const stream of [child.stdout, child.stderr]) {
    if (stream instanceof net.Socket) stream.unref();
  }
  const describe = () =>
    ` (${options.command} ${(options.args ?? []).join(" ")})\n--- output ---\n${captured}`;

  let client: provrpc.ResourceProviderClient | undefined;
  let port = 0;
  try {
    port = await readPort(child, startupTimeoutMs, describe);
    client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
      "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
    });
    const ready = client;
    await new Promise<void>((resolve, reject) =>
      ready.waitForReady(Date.now() + startupTimeoutMs, (err) => (err ? reject(err) : resolve())),
    );
  } catch (err) {
    client?.close();
    await terminate(child);
    throw err instanceof Error ? new Error(`provider plugin ${err.message}`) : err;
  }
  const rpc = client;

  function unary<T>(name: string, send: (callback: Callback<T>) => unknown): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      send((error, response) => (error ? reject(callError(name, error)) : resolve(response)));
    });
  }

  return {
    pid: child.pid,
    port,

    async getPluginInfo() {
      const empty = new emptyproto.Empty();
      const info = await unary<plugproto.PluginInfo>("GetPluginInfo", (cb) => rpc.getPluginInfo(empty, cb));
      return { version: info.getVersion() };
    },

    async getSchema(schemaOptions = {}) {
      const request = new provproto.GetSchemaRequest()
        .setVersion(schemaOptions.version ?? 0)
        .setSubpackageName(schemaOptions.subpackageName ?? "")
        .setSubpackageVersion(schemaOptions.subpackageVersion ?? "");
      const response = await unary<provproto.GetSchemaResponse>("GetSchema", (cb) =>
        rpc.getSchema(request, cb),
      );
      return response.getSchema();
    },

    async checkConfig(urn, olds, news) {
      const request = checkRequest(urn, olds, news);
      return checkResult(
        await unary<provproto.CheckResponse>("CheckConfig", (cb) => rpc.checkConfig(request, cb)),
      );
    },

    async diffConfig(urn, olds, news, diffOptions) {
      const request = diffRequest(urn, "", olds, news, diffOptions);
      return diffResult(
        await unary<provproto.DiffResponse>("DiffConfig", (cb) => rpc.diffConfig(request, cb)),
      );
    },

    async configure(configureOptions) {
      const request = configureRequest(configureOptions);
      const response = await unary<provproto.ConfigureResponse>("Configure", (cb) =>
        rpc.configure(request, cb),
      );
      return configureResult(response);
    },

    async check(urn, olds, news, randomSeed) {
      const request = checkRequest(urn, olds, news, randomSeed);
      return checkResult(await unary<provproto.CheckResponse>("Check", (cb) => rpc.check(request, cb)));
    },

    async diff(urn, id, olds, news, diffOptions) {
      const request = diffRequest(urn, id, olds, news, diffOptions);
      return diffResult(await unary<provproto.DiffResponse>("Diff", (cb) => rpc.diff(request, cb)));
    },

    async create(urn, properties, operation) {
      const request = createRequest(urn, properties, operation);
      const response = await unary<provproto.CreateResponse>("Create", (cb) => rpc.create(request, cb));
      return { id: response.getId(), properties: bag(response.getProperties()) };
    },

    async update(urn, id, olds, news, operation) {
      const request = updateRequest(urn, id, olds, news, operation);
      const response = await unary<provproto.UpdateResponse>("Update", (cb) => rpc.update(request, cb));
      return { properties: bag(response.getProperties()) };
    },

    async read(urn, id, properties, inputs) {
      const request = readRequest(urn, id, properties, inputs);
      return readResult(await unary<provproto.ReadResponse>("Read", (cb) => rpc.read(request, cb)));
    },

    async delete(urn, id, properties, deleteOptions) {
      const request = deleteRequest(urn, id, properties, deleteOptions);
      await unary<emptyproto.Empty>("Delete", (cb) => rpc.delete(request, cb));
    },

    async invoke(token, args, invokeOptions = {}) {
      const request = invokeRequest(token, args, invokeOptions.preview);
      return invokeResult(await unary<provproto.InvokeResponse>("Invoke", (cb) => rpc.invoke(request, cb)));
    },

    async cancel() {
      const empty = new emptyproto.Empty();
      await unary<emptyproto.Empty>("Cancel", (cb) => rpc.cancel(empty, cb));
    },

    output: () => captured,

    waitForOutput(pattern, timeoutMs = 5_000) {
      const matches = (): boolean =>
        typeof pattern === "string" ? captured.includes(pattern) : pattern.test(captured);
      if (matches()) return Promise.resolve(captured);
      return new Promise<string>((resolve, reject) => {
        const finish = (err?: Error): void => {
          clearTimeout(timer);
          waiters.delete(wake);
          child.off("exit", onExit);
          if (err) reject(err);
          else resolve(captured);
        };
        const wake = (): void => {
          if (matches()) finish();
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
      await terminate(child);
    },
  };
}
