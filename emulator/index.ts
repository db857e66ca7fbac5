/** A local Alibaba Cloud DBS (2019-03-06) API emulator over real HTTP. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Authenticator } from "./auth";
import { FaultQueue, RateLimiter } from "./faults";
import { SimClock } from "./lifecycle";
import { DEFAULT_BACKUP_SETS, DEFAULT_CREDENTIAL } from "./seed";
import { requestListener } from "./server";
import { Store } from "./store";
import type { Emulator, EmulatorOptions, RecordedRequest } from "./types";

export * from "./types";
export { DEFAULT_BACKUP_SETS, DEFAULT_CREDENTIAL } from "./seed";
export { API_VERSION } from "./server";

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  const result = value ?? fallback;
  if (!Number.isFinite(result) || result < 0)
    throw new Error(`${name} must be a finite number >= 0, got ${value}`);
  return result;
}

/** `value` if it is one of `allowed`, the first of them if undefined; else a clear error. */
function oneOf<T extends string>(name: string, value: T | undefined, allowed: readonly [T, ...T[]]): T {
  if (value === undefined) return allowed[0];
  if (!allowed.includes(value)) {
    throw new Error(
      `${name} must be ${allowed.map((a) => JSON.stringify(a)).join(" or ")}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? "127.0.0.1";
  const timeScale = nonNegative("timeScale", options.timeScale, 1);
  const durations = {
    checkingMs: nonNegative("checkingMs", options.checkingMs, 2000),
    downloadDurationMs: nonNegative("downloadDurationMs", options.downloadDurationMs, 60000),
  };
  if (options.rateLimit !== undefined && !(options.rateLimit >= 1)) {
    throw new Error(`rateLimit must be >= 1, got ${options.rateLimit}`);
  }
  const timestampUnit = oneOf("timestampUnit", options.timestampUnit, ["ms", "s"] as const);
  const businessErrors = oneOf("businessErrors", options.businessErrors, ["body", "http"] as const);
  if (options.ignoreBackupSetStatus !== undefined && typeof options.ignoreBackupSetStatus !== "boolean") {
    throw new Error(
      `ignoreBackupSetStatus must be true or false, got ${JSON.stringify(options.ignoreBackupSetStatus)}`,
    );
  }
  const clock = new SimClock(timeScale);
  const store = new Store(options.backupSets ?? DEFAULT_BACKUP_SETS, durations, () => clock.now());
  const faults = new FaultQueue();
  for (const fault of options.faults ?? []) faults.add(fault);
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer(
    requestListener({
      auth: new Authenticator(options.credentials ?? [DEFAULT_CREDENTIAL]),
      store,
      clock,
      faults,
      limiter: new RateLimiter(options.rateLimit),
      behaviour: { timestampUnit, ignoreBackupSetStatus: options.ignoreBackupSetStatus === true },
      businessErrors,
      record(request) {
        requests.push(request);
        options.onRequest?.(request);
      },
      sleep: (ms) =>
        new Promise((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, ms);
          timers.add(timer);
        }),
    }),
  );
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    requests,
    requestsFor: (action) => requests.filter((r) => r.action === action),
    clearRequests: () => void requests.splice(0, requests.length),
    tasks: () => store.records(clock.now()),
    delayedRequests: () => timers.size,
    advance: (ms) => clock.advance(ms),
    deleteTask: (taskId) => store.deleteTask(taskId),
    addBackupSet: (set) => store.addBackupSet(set),
    injectFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
