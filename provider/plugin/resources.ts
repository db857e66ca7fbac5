// The plugin face of a download kind: the resource operations of the provider protocol over core/, in
// plugin terms (the token scope from the URN, secret outputs, import). Glue.
import { checkedInputs, checkTask } from "../core/check";
import type { PropertyChange } from "../core/diff";
import { diffTask } from "../core/diff";
import type { CheckFailure } from "../core/inputs";
import type { DownloadKind } from "../core/kinds";
import { fullDownload, incrementDownload } from "../core/kinds";
import { createTask, readTask, resumeTask } from "../core/operations";
import type { PropertyBag } from "../core/outputs";
import { inputsFromTask, SECRET_OUTPUT_NAMES } from "../core/outputs";
import type { SettingsResult } from "../core/settings";
import { usableSettings } from "../core/settings";
import { PACKAGE } from "./schema";
import { secret, tokenScopeOf } from "./values";

/** What the dynamic resources stored that the plugin does not: dropped from a migrated state. */
const DYNAMIC_ONLY = ["__provider", "tokenScope"];

export interface ResourceHandler {
  check(urn: string, olds: PropertyBag, news: PropertyBag): { inputs: PropertyBag; failures: CheckFailure[] };
  diff(olds: PropertyBag, news: PropertyBag): PropertyChange[];
  create(inputs: PropertyBag, cancel: AbortSignal): Promise<{ id: string; outs: PropertyBag }>;
  update(id: string, news: PropertyBag, cancel: AbortSignal): Promise<PropertyBag>;
  /** Undefined when DBS no longer lists the task. */
  read(
    id: string,
    props: PropertyBag,
    inputs: PropertyBag,
  ): Promise<{ props: PropertyBag; inputs: PropertyBag } | undefined>;
}

/** The URLs as secrets: the provider marks them itself, since `pulumi import` runs without any SDK. */
export function withSecretOutputs(outs: PropertyBag): PropertyBag {
  const marked = { ...outs };
  for (const name of SECRET_OUTPUT_NAMES) if (marked[name] !== undefined) marked[name] = secret(marked[name]);
  return marked;
}

/** A failure after the task exists carries its state: its URLs are secrets too. */
async function markingSecrets<T>(operation: Promise<T>): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    const failure = error as { properties?: PropertyBag };
    if (failure.properties) failure.properties = withSecretOutputs(failure.properties);
    throw error;
  }
}

function withoutDynamicKeys(props: PropertyBag): PropertyBag {
  return Object.fromEntries(Object.entries(props).filter(([key]) => !DYNAMIC_ONLY.includes(key)));
}

function bag(value: object): PropertyBag {
  return { ...value };
}

function handler<Own>(kind: DownloadKind<Own>, settings: () => SettingsResult): ResourceHandler {
  return {
    check(urn, olds, news) {
      const { inputs, failures } = checkTask(kind, olds, news, settings(), tokenScopeOf(urn));
      return { inputs: inputs ? bag(inputs) : news, failures };
    },
    diff: (olds, news) => diffTask(kind, olds, news),
    async create(inputs, cancel) {
      const created = await markingSecrets(
        createTask(kind, checkedInputs(kind, inputs), usableSettings(settings()), cancel),
      );
      return { id: created.id, outs: withSecretOutputs(created.outs) };
    },
    async update(id, news, cancel) {
      const { outs } = await markingSecrets(
        resumeTask(id, checkedInputs(kind, news), usableSettings(settings()), cancel),
      );
      return withSecretOutputs(outs);
    },
    async read(id, props, inputs) {
      const stored = withoutDynamicKeys(props);
      const found = await readTask(kind, id, stored, usableSettings(settings()));
      if (!found) return undefined;
      // An import reads a task by its ID alone: its inputs are what DBS reports (the region comes from
      // the provider, so it is left out of what a program would write).
      const imported = Object.keys(stored).length === 0;
      return {
        props: withSecretOutputs(found.outputs),
        inputs: imported ? inputsFromTask(kind, found.detail) : withoutDynamicKeys(inputs),
      };
    },
  };
}

/** The plugin's resources by type token. */
export function resourceHandlers(settings: () => SettingsResult): Record<string, ResourceHandler> {
  return {
    [`${PACKAGE}:index:${fullDownload.type}`]: handler(fullDownload, settings),
    [`${PACKAGE}:index:${incrementDownload.type}`]: handler(incrementDownload, settings),
  };
}
