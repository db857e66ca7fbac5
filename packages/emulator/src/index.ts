/**
 * A local Alibaba Cloud DBS API emulator over real HTTP or HTTPS: 2019-03-06, 2021-01-01's advanced
 * download, and the STS (2015-04-01) calls that credential chains make.
 */
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { Authenticator } from "./auth";
import { generateCertificate } from "./certificate";
import { DEFAULT_INSTANCES } from "./download2021Seed";
import { AdvancedDownloads } from "./download2021Store";
import { FaultQueue, RateLimiter } from "./faults";
import { SimClock } from "./lifecycle";
import {
  DEFAULT_BACKUP_PLANS,
  DEFAULT_BACKUP_SETS,
  DEFAULT_CREDENTIAL,
  DEFAULT_OIDC_PROVIDER,
  DEFAULT_ROLE,
} from "./seed";
import { requestListener } from "./server";
import { Store } from "./store";
import { Sts } from "./sts";
import type { Emulator, EmulatorOptions, RecordedRequest } from "./types";

export * from "./types";
export * from "./download2021Types";
export { DEFAULT_INSTANCES } from "./download2021Seed";
export { API_VERSION_2021 } from "./download2021";
export {
  DEFAULT_BACKUP_PLANS,
  DEFAULT_BACKUP_SETS,
  DEFAULT_CREDENTIAL,
  DEFAULT_OIDC_PROVIDER,
  DEFAULT_ROLE,
} from "./seed";
export { API_VERSION } from "./server";
export { STS_API_VERSION } from "./sts";
export { emulatorOidcToken, type OidcTokenOptions } from "./oidcToken";

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
  const downloadRulesUpdate = oneOf("downloadRulesUpdate", options.downloadRulesUpdate, [
    "replace",
    "merge",
  ] as const);
  const behaviour2021 = {
    urlExpirationUnit: oneOf("urlExpirationUnit", options.urlExpirationUnit, ["ms", "s"] as const),
    retryDownloadTask: oneOf("retryDownloadTask", options.retryDownloadTask, ["inPlace", "newTask"] as const),
    listedFormat: oneOf("listedFormat", options.listedFormat, ["documented", "requested"] as const),
  };
  if (options.ignoreBackupSetStatus !== undefined && typeof options.ignoreBackupSetStatus !== "boolean") {
    throw new Error(
      `ignoreBackupSetStatus must be true or false, got ${JSON.stringify(options.ignoreBackupSetStatus)}`,
    );
  }
  if (options.https !== undefined && typeof options.https !== "boolean") {
    throw new Error(`https must be true or false, got ${JSON.stringify(options.https)}`);
  }
  const keyLifetimeMs = options.stsKeyLifetimeMs;
  if (keyLifetimeMs !== undefined && !(Number.isFinite(keyLifetimeMs) && keyLifetimeMs > 0)) {
    throw new Error(`stsKeyLifetimeMs must be a finite number > 0, got ${keyLifetimeMs}`);
  }
  const auth = new Authenticator(options.credentials ?? [DEFAULT_CREDENTIAL]);
  const sts = new Sts(
    options.roles ?? [DEFAULT_ROLE],
    options.oidcProviders ?? [DEFAULT_OIDC_PROVIDER],
    auth,
    keyLifetimeMs,
  );
  const clock = new SimClock(timeScale);
  const seeds = {
    // A program that seeds its own sets gets only the plans they name, unless it seeds plans too.
    plans: options.backupPlans ?? (options.backupSets ? [] : DEFAULT_BACKUP_PLANS),
    sets: options.backupSets ?? DEFAULT_BACKUP_SETS,
  };
  const store = new Store(seeds, durations, () => clock.now());
  const downloads2021 = new AdvancedDownloads(options.instances ?? DEFAULT_INSTANCES, durations);
  const faults = new FaultQueue();
  for (const fault of options.faults ?? []) faults.add(fault);
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const listener = requestListener({
    auth,
    sts,
    store,
    clock,
    faults,
    limiter: new RateLimiter(options.rateLimit),
    behaviour: {
      timestampUnit,
      ignoreBackupSetStatus: options.ignoreBackupSetStatus === true,
      downloadRulesUpdate,
    },
    businessErrors,
    downloads2021,
    behaviour2021,
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
  });
  const tls = options.https ? generateCertificate({ hosts: [host] }) : undefined;
  // An https.Server is an http.Server as far as listening, keep-alive and closing go.
  const server: Server = tls
    ? createHttpsServer({ key: tls.privateKey, cert: tls.certificate }, listener)
    : createHttpServer(listener);
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

  const emulator: Emulator = {
    url: `${tls ? "https" : "http"}://${urlHost}:${port}`,
    host,
    port,
    requests,
    requestsFor: (action) => requests.filter((r) => r.action === action),
    clearRequests: () => void requests.splice(0, requests.length),
    tasks: () => store.records(clock.now()),
    advancedTasks: () => downloads2021.records(clock.now()),
    issuedCredentials: () => auth.issuedCredentials(),
    delayedRequests: () => timers.size,
    advance: (ms) => clock.advance(ms),
    deleteTask: (taskId) => store.deleteTask(taskId),
    addBackupSet: (set) => store.addBackupSet(set),
    addBackupPlan: (plan) => store.addBackupPlan(plan),
    backupPlans: () => store.planRecords(),
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
  if (tls) emulator.caCertificate = tls.certificate;
  return emulator;
}
