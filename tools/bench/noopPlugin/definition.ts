/**
 * Pure: what the no-op plugin serves, derived from the alicloud-dbs plugin's own schema and from what
 * the real plugin answered for one resource, so that the engine and the YAML language host do the same
 * per-property work for both.
 */
import { PACKAGE, pluginSchema } from "../../../provider/plugin/schema";

export const NOOP_PACKAGE = "alicloud-dbs-noop";
export const NOOP_VERSION = "1.0.0";
export const RESOURCE = "FullBackupSetDownload";

/** The constant BENCH_NOOP that bundle.ts compiles into the no-op plugin. */
export interface NoopDefinition {
  /** The package name, e.g. in the plugin's messages. */
  name: string;
  version: string;
  /** The schema JSON GetSchema serves. */
  schema: string;
  /** Check answers these, overlaid with the resource's own inputs. */
  inputs: Record<string, unknown>;
  /** Create answers these, overlaid with the checked inputs. */
  outputs: Record<string, unknown>;
}

/** What ours recorded for one FullBackupSetDownload: its state entry's inputs and outputs. */
export interface RecordedResource {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

/**
 * Our schema with only FullBackupSetDownload (its properties, required lists and secret flags as they
 * are), the types it refers to and the same provider config, under the no-op's package name.
 */
export function noopSchema(): string {
  const ours = pluginSchema(NOOP_VERSION);
  const token = `${PACKAGE}:index:${RESOURCE}`;
  const resource = ours.resources[token];
  const referenced = JSON.stringify(resource);
  const types = Object.fromEntries(
    Object.entries(ours.types).filter(([type]) => referenced.includes(`#/types/${type}"`)),
  );
  const schema = {
    name: NOOP_PACKAGE,
    version: NOOP_VERSION,
    config: ours.config,
    provider: ours.provider,
    types,
    resources: { [token]: resource },
  };
  return JSON.stringify(schema).replaceAll(`${PACKAGE}:index:`, `${NOOP_PACKAGE}:index:`);
}

function rejectSecrets(bag: Record<string, unknown>, what: string): Record<string, unknown> {
  for (const [key, value] of Object.entries(bag)) {
    if (value !== null && typeof value === "object" && "ciphertext" in value) {
      throw new Error(`the no-op plugin cannot answer the secret ${what} ${key} of the recorded resource`);
    }
  }
  return bag;
}

export function noopDefinition(recorded: RecordedResource): NoopDefinition {
  return {
    name: NOOP_PACKAGE,
    version: NOOP_VERSION,
    schema: noopSchema(),
    inputs: rejectSecrets(recorded.inputs, "input"),
    outputs: rejectSecrets(recorded.outputs, "output"),
  };
}
