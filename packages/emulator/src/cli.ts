#!/usr/bin/env node
/** `alicloud-dbs-emulator`: runs the DBS API emulator until SIGINT/SIGTERM. */
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { startEmulator } from "./index";
import { validateFault } from "./faults";
import type {
  EmulatorCredential,
  EmulatorOidcProvider,
  EmulatorOptions,
  EmulatorRole,
  Fault,
  FaultKind,
  SeedBackupPlan,
  SeedBackupSet,
} from "./types";
import type { SeedInstance } from "./download2021Types";

const USAGE = `Usage: alicloud-dbs-emulator [options]

Local Alibaba Cloud DBS API emulator: 2019-03-06, 2021-01-01's advanced download (CreateDownload…),
and STS (2015-04-01) AssumeRole and AssumeRoleWithOIDC.

Options:
  --host <host>                 address to listen on (default 127.0.0.1)
  --port <port>                 port to listen on; 0 picks a free one (default 0)
  --https                       serve HTTPS with a self-signed certificate made at start
  --ca-cert-file <path>         with --https: write that certificate (PEM) here before listening,
                                e.g. for NODE_EXTRA_CA_CERTS
  --seed <file.json>            {"backupSets": SeedBackupSet[], "backupPlans"?: SeedBackupPlan[],
                                "credentials"?: EmulatorCredential[], "roles"?: EmulatorRole[],
                                "oidcProviders"?: EmulatorOidcProvider[], "instances"?: SeedInstance[]};
                                each list replaces the defaults
  --access-key-id <id>          accept this AccessKeyId (with --access-key-secret)
  --access-key-secret <secret>  its secret
  --time-scale <n>              simulated ms per real ms (default 1)
  --checking-ms <ms>            simulated time a download task spends in "checking" (default 2000)
  --download-ms <ms>            simulated time a download task spends in "running" (default 60000)
  --fault <kind[:count[:action]]>  inject a fault; repeatable. Kinds: unavailable, throttling,
                                nonJson, reset, actThenDrop, slow
  --rate-limit <n>              max requests per second per AccessKeyId
  --timestamp-unit <ms|s>       unit of StartTimestamp/EndTimestamp in Describe*BackupList (default ms)
  --ignore-backup-set-status    ignore DescribeFullBackupList's BackupSetStatus filter
  --business-errors <body|http> answer business errors as HTTP 200 Success:false (default body) or
                                as an HTTP 4xx gateway error with the same Code and Message
                                (2021-01-01: Success "false")
  --url-expiration-unit <ms|s>  unit of DescribeDownloadBackupSetStorageInfo's ExpirationTime (default ms)
  --retry-download-task <inPlace|newTask>
                                RetryDownloadTask restarts the failed task (default) or starts a new one
  --listed-format <documented|requested>
                                DescribeDownloadTask's Format for CSV: "csv" (default) or "CSV"
  --download-rules-update <replace|merge>  ModifyBackupSetDownloadRules resets the rules it is not
                                sent to their defaults (default replace) or keeps them (merge)
  --help, -h                    show this help

The first line on stdout is "DBS emulator listening on http://HOST:PORT" (https:// with --https);
each request is then logged on stderr as "<action> <status> [<code>]".`;

export class UsageError extends Error {}

/**
 * Control and format characters (newline, ESC, a right-to-left override…) as \u escapes, so that a
 * client-chosen Action can neither forge a log line nor restyle the terminal.
 */
export function printable(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** The stderr line of one request: "<action> <status> [<code>]". */
export function requestLogLine(r: { action: string; statusCode: number; code?: string }): string {
  return `${printable(r.action) || "-"} ${r.statusCode}${r.code ? ` ${printable(r.code)}` : ""}\n`;
}

function number(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0) {
    throw new UsageError(`${flag} needs a number >= 0, got ${JSON.stringify(text)}`);
  }
  return value;
}

function parseFault(text: string): Fault {
  const [kind, count, action] = text.split(":");
  const fault: Fault = { kind: kind as FaultKind };
  if (count) fault.count = number("--fault count", count);
  if (action) fault.action = action;
  try {
    validateFault(fault);
  } catch (error) {
    throw new UsageError(`--fault ${text}: ${(error as Error).message}`);
  }
  return fault;
}

interface SeedFile {
  backupSets?: SeedBackupSet[];
  backupPlans?: SeedBackupPlan[];
  credentials?: EmulatorCredential[];
  roles?: EmulatorRole[];
  oidcProviders?: EmulatorOidcProvider[];
  instances?: SeedInstance[];
}

const SEED_LISTS = [
  "backupSets",
  "backupPlans",
  "credentials",
  "roles",
  "oidcProviders",
  "instances",
] as const;

function readSeed(file: string): SeedFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(`--seed ${file}: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`--seed ${file}: expected a JSON object with "backupSets"`);
  }
  const seed = parsed as SeedFile;
  for (const list of SEED_LISTS) {
    if (seed[list] !== undefined && !Array.isArray(seed[list])) {
      throw new UsageError(`--seed ${file}: "${list}" must be an array`);
    }
  }
  return seed;
}

const OPTIONS = {
  host: { type: "string" },
  port: { type: "string" },
  https: { type: "boolean" },
  "ca-cert-file": { type: "string" },
  seed: { type: "string" },
  "access-key-id": { type: "string" },
  "access-key-secret": { type: "string" },
  "time-scale": { type: "string" },
  "checking-ms": { type: "string" },
  "download-ms": { type: "string" },
  fault: { type: "string", multiple: true },
  "rate-limit": { type: "string" },
  "timestamp-unit": { type: "string" },
  "ignore-backup-set-status": { type: "boolean" },
  "business-errors": { type: "string" },
  "download-rules-update": { type: "string" },
  "url-expiration-unit": { type: "string" },
  "retry-download-task": { type: "string" },
  "listed-format": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

/** The flags whose value is a number >= 0, and the option each sets. */
const NUMBER_FLAGS = {
  port: "port",
  "time-scale": "timeScale",
  "checking-ms": "checkingMs",
  "download-ms": "downloadDurationMs",
  "rate-limit": "rateLimit",
} as const;

function choice<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} must be ${allowed.join(" or ")}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

function parseFlags(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // Node's messages name the flag: "Unknown option '--bogus'", "Option '--seed <value>' argument missing".
    throw new UsageError((error as Error).message.split("\n")[0]);
  }
}

/** The emulator's options plus what only the CLI does with them. */
export interface CliOptions extends EmulatorOptions {
  /** Where to write the HTTPS certificate before printing the listening line. */
  caCertFile?: string;
}

/** Returns the emulator options, or "help". Throws UsageError on bad input. */
export function parseCliArgs(argv: string[]): CliOptions | "help" {
  const values = parseFlags(argv);
  if (values.help) return "help";
  const options: CliOptions = {};
  if (values.host !== undefined) options.host = values.host;
  if (values.https) options.https = true;
  const caCertFile = values["ca-cert-file"];
  if (caCertFile !== undefined) {
    if (!values.https) throw new UsageError("--ca-cert-file needs --https");
    if (caCertFile === "") throw new UsageError("--ca-cert-file needs a path");
    options.caCertFile = caCertFile;
  }
  for (const flag of Object.keys(NUMBER_FLAGS) as (keyof typeof NUMBER_FLAGS)[]) {
    const text = values[flag];
    if (text !== undefined) options[NUMBER_FLAGS[flag]] = number(`--${flag}`, text);
  }
  if (values.seed !== undefined) {
    const seed = readSeed(values.seed);
    if (seed.backupSets) options.backupSets = seed.backupSets;
    if (seed.backupPlans) options.backupPlans = seed.backupPlans;
    if (seed.credentials) options.credentials = seed.credentials;
    if (seed.roles) options.roles = seed.roles;
    if (seed.oidcProviders) options.oidcProviders = seed.oidcProviders;
    if (seed.instances) options.instances = seed.instances;
  }
  const unit = values["timestamp-unit"];
  if (unit !== undefined) options.timestampUnit = choice("--timestamp-unit", unit, ["ms", "s"] as const);
  if (values["ignore-backup-set-status"]) options.ignoreBackupSetStatus = true;
  const businessErrors = values["business-errors"];
  if (businessErrors !== undefined) {
    options.businessErrors = choice("--business-errors", businessErrors, ["body", "http"] as const);
  }
  const rulesUpdate = values["download-rules-update"];
  if (rulesUpdate !== undefined) {
    options.downloadRulesUpdate = choice("--download-rules-update", rulesUpdate, [
      "replace",
      "merge",
    ] as const);
  }
  const expirationUnit = values["url-expiration-unit"];
  if (expirationUnit !== undefined) {
    options.urlExpirationUnit = choice("--url-expiration-unit", expirationUnit, ["ms", "s"] as const);
  }
  const retry = values["retry-download-task"];
  if (retry !== undefined) {
    options.retryDownloadTask = choice("--retry-download-task", retry, ["inPlace", "newTask"] as const);
  }
  const listedFormat = values["listed-format"];
  if (listedFormat !== undefined) {
    options.listedFormat = choice("--listed-format", listedFormat, ["documented", "requested"] as const);
  }
  const accessKeyId = values["access-key-id"];
  const accessKeySecret = values["access-key-secret"];
  if ((accessKeyId === undefined) !== (accessKeySecret === undefined)) {
    throw new UsageError("--access-key-id and --access-key-secret go together");
  }
  if (accessKeyId !== undefined && accessKeySecret !== undefined) {
    options.credentials = [...(options.credentials ?? []), { accessKeyId, accessKeySecret }];
  }
  if (values.fault) options.faults = values.fault.map(parseFault);
  return options;
}

async function main(): Promise<void> {
  let options: CliOptions | "help";
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`alicloud-dbs-emulator: ${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (options === "help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { caCertFile, ...emulatorOptions } = options;
  // Only the action, status and code: never a param (an OIDC token) or an answer (issued keys).
  emulatorOptions.onRequest = (r) => process.stderr.write(requestLogLine(r));
  const emulator = await startEmulator(emulatorOptions);
  if (caCertFile !== undefined && emulator.caCertificate !== undefined) {
    writeFileSync(caCertFile, emulator.caCertificate);
  }
  process.stdout.write(`DBS emulator listening on ${emulator.url}\n`);
  const stop = (): void => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `alicloud-dbs-emulator: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
