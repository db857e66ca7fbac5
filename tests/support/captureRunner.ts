// Child-process half of captureRegistrations: runs one Pulumi program under setMocks and prints what
// it registered. Usage: node -r ts-node/register/transpile-only captureRunner.ts <module> <export> <project> <stack>
import * as path from "path";

import type * as PulumiModule from "@pulumi/pulumi";

import { RESULT_MARKER, UNKNOWN_SENTINEL } from "./captureProtocol";

interface Recorded {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  custom: boolean;
}

function report(err: unknown): void {
  const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`${text}\n`, () => process.exit(1));
}

function emit(pulumi: typeof PulumiModule, recorded: Recorded[]): void {
  const json = JSON.stringify(recorded, (_key, value: unknown) => {
    if (pulumi.Output.isInstance(value) || value instanceof Promise) {
      throw new Error("a registered input was still an Output/Promise");
    }
    return value !== null && typeof value === "object" && pulumi.isUnknown(value) ? UNKNOWN_SENTINEL : value;
  });
  process.stdout.write(`${RESULT_MARKER}${json}\n`, () => process.exit(0));
}

async function main(): Promise<void> {
  const [modulePath, exportName, project, stack] = process.argv.slice(2);
  if (!modulePath || !exportName || !project || !stack) {
    throw new Error("usage: captureRunner <module> <export> <project> <stack>");
  }
  const absolute = path.resolve(modulePath);
  // Mock the @pulumi/pulumi instance the program itself will import, wherever it lives.
  const pulumi = require(
    require.resolve("@pulumi/pulumi", { paths: [path.dirname(absolute)] }),
  ) as typeof PulumiModule;

  const recorded: Recorded[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const inputs = args.inputs as Record<string, unknown>;
        recorded.push({ type: args.type, name: args.name, inputs, custom: args.custom ?? false });
        return { id: `${args.name}-id`, state: inputs };
      },
      call: (args) => args.inputs,
    },
    project,
    stack,
    false,
  );
  process.on("unhandledRejection", report);

  const program = (require(absolute) as Record<string, unknown>)[exportName];
  if (typeof program !== "function") {
    throw new Error(`${absolute} does not export a function named ${exportName}`);
  }
  await (program as () => unknown)();

  // Under mocks every registration step (serializing inputs, the mock monitor, resolving outputs,
  // resources declared inside apply callbacks) is promise-driven with no timers or sockets, so an
  // empty event loop means nothing is left in flight. The real `pulumi` runner waits for the same
  // signal before it shuts down.
  process.once("beforeExit", () => {
    try {
      emit(pulumi, recorded);
    } catch (err) {
      report(err);
    }
  });
}

main().catch(report);
