#!/usr/bin/env node
/** `alicloud-dbs-emulator`: runs the DBS API emulator until SIGINT/SIGTERM. */
import { readFileSync } from "node:fs";
import { startEmulator } from "./index";
import { validateFault } from "./faults";
import type { EmulatorCredential, EmulatorOptions, Fault, FaultKind, SeedBackupSet } from "./types";

const USAGE = `Usage: alicloud-dbs-emulator [options]

Local Alibaba Cloud DBS (2019-03-06) API emulator.

Options:
  --host <host>                 address to listen on (default 127.0.0.1)
  --port <port>                 port to listen on; 0 picks a free one (default 0)
  --seed <file.json>            {"backupSets": SeedBackupSet[], "credentials"?: EmulatorCredential[]}
  --access-key-id <id>          accept this AccessKeyId (with --access-key-secret)
  --access-key-secret <secret>  its secret
  --time-scale <n>              simulated ms per real ms (default 1)
  --checking-ms <ms>            simulated time a download task spends in "checking" (default 2000)
  --download-ms <ms>            simulated time a download task spends in "running" (default 60000)
  --fault <kind[:count[:action]]>  inject a fault; repeatable. Kinds: unavailable, throttling,
                                nonJson, reset, actThenDrop, slow
  --rate-limit <n>              max requests per second per AccessKeyId
  --help                        show this help

The first line on stdout is "DBS emulator listening on http://HOST:PORT"; each request is then
logged on stderr as "<action> <status> [<code>]".`;

export class UsageError extends Error {}

const VALUE_FLAGS = new Set([
  "--host",
  "--port",
  "--seed",
  "--access-key-id",
  "--access-key-secret",
  "--time-scale",
  "--checking-ms",
  "--download-ms",
  "--fault",
  "--rate-limit",
]);

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
  credentials?: EmulatorCredential[];
}

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
  if (seed.backupSets !== undefined && !Array.isArray(seed.backupSets)) {
    throw new UsageError(`--seed ${file}: "backupSets" must be an array`);
  }
  if (seed.credentials !== undefined && !Array.isArray(seed.credentials)) {
    throw new UsageError(`--seed ${file}: "credentials" must be an array`);
  }
  return seed;
}

/** Splits argv into flag/value pairs, accepting both `--flag value` and `--flag=value`. */
function pairs(argv: string[]): [string, string | undefined][] {
  const out: [string, string | undefined][] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf("=");
    const flag = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    if (flag === "--help" || flag === "-h") {
      out.push(["--help", undefined]);
    } else if (!VALUE_FLAGS.has(flag)) {
      throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
    } else if (flag !== arg) {
      out.push([flag, arg.slice(eq + 1)]);
    } else if (i + 1 < argv.length) {
      out.push([flag, argv[++i]]);
    } else {
      throw new UsageError(`${flag} needs a value`);
    }
  }
  return out;
}

/** Returns the emulator options, or "help". Throws UsageError on bad input. */
export function parseCliArgs(argv: string[]): EmulatorOptions | "help" {
  const options: EmulatorOptions = {};
  const faults: Fault[] = [];
  let accessKeyId: string | undefined;
  let accessKeySecret: string | undefined;
  for (const [flag, value = ""] of pairs(argv)) {
    switch (flag) {
      case "--help":
        return "help";
      case "--host":
        options.host = value;
        break;
      case "--port":
        options.port = number(flag, value);
        break;
      case "--seed": {
        const seed = readSeed(value);
        if (seed.backupSets) options.backupSets = seed.backupSets;
        if (seed.credentials) options.credentials = seed.credentials;
        break;
      }
      case "--access-key-id":
        accessKeyId = value;
        break;
      case "--access-key-secret":
        accessKeySecret = value;
        break;
      case "--time-scale":
        options.timeScale = number(flag, value);
        break;
      case "--checking-ms":
        options.checkingMs = number(flag, value);
        break;
      case "--download-ms":
        options.downloadDurationMs = number(flag, value);
        break;
      case "--fault":
        faults.push(parseFault(value));
        break;
      case "--rate-limit":
        options.rateLimit = number(flag, value);
        break;
    }
  }
  if ((accessKeyId === undefined) !== (accessKeySecret === undefined)) {
    throw new UsageError("--access-key-id and --access-key-secret go together");
  }
  if (accessKeyId !== undefined && accessKeySecret !== undefined) {
    options.credentials = [...(options.credentials ?? []), { accessKeyId, accessKeySecret }];
  }
  if (faults.length > 0) options.faults = faults;
  return options;
}

async function main(): Promise<void> {
  let options: EmulatorOptions | "help";
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
  options.onRequest = (r) => {
    process.stderr.write(`${r.action || "-"} ${r.statusCode}${r.code ? ` ${r.code}` : ""}\n`);
  };
  const emulator = await startEmulator(options);
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
