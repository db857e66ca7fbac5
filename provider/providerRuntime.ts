// What the serialized provider calls, in the process the engine runs it in. Installed from npm, a
// resource's `__provider` refers to this module by its path (pulumi-alicloud-dbs/dist/provider/
// providerRuntime.js) and to nothing else: existing stacks depend on that path and these signatures.
import type * as pulumi from "@pulumi/pulumi";
import type { DownloadKindName } from "./downloadKinds";
import { downloadKind } from "./downloadKinds";
import { checkDownloadTask, diffDownloadTask } from "./downloadTask";
import type { PropertyBag } from "./downloadTask";
import { currentSettings, rememberConfig } from "./settings";
import { createDownloadTask, readDownloadTask, resumeDownloadTask } from "./taskOperations";

export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  rememberConfig((key) => {
    const value: unknown = req.config.get(key);
    return value === undefined || value === null ? undefined : String(value);
  });
}

export async function check(kind: DownloadKindName, olds: PropertyBag, news: PropertyBag) {
  return checkDownloadTask(downloadKind(kind), olds, news, currentSettings());
}

export async function diff(kind: DownloadKindName, olds: PropertyBag, news: PropertyBag) {
  return diffDownloadTask(downloadKind(kind), olds, news);
}

export async function create(kind: DownloadKindName, inputs: PropertyBag) {
  return createDownloadTask(downloadKind(kind), inputs, currentSettings());
}

export async function update(id: string, news: PropertyBag) {
  return resumeDownloadTask(id, news, currentSettings());
}

export async function read(kind: DownloadKindName, id: string, props: PropertyBag) {
  return readDownloadTask(downloadKind(kind), id, props, currentSettings());
}
