import type * as pulumi from "@pulumi/pulumi";
import type { DownloadKindName } from "./downloadKinds";
import * as runtime from "./providerRuntime";

/**
 * The provider object of a download kind. Pulumi serializes it into every resource's state as
 * `__provider` and runs it in the engine's dynamic-provider host, so it holds nothing but the kind's
 * name and calls into one module; clients, credentials and settings are made there, per call.
 */
export function downloadTaskProvider(kind: DownloadKindName): pulumi.dynamic.ResourceProvider {
  return {
    configure: (req) => runtime.configure(req),
    check: (olds, news) => runtime.check(kind, olds, news),
    diff: (_id, olds, news) => runtime.diff(kind, olds, news),
    create: (inputs) => runtime.create(kind, inputs),
    update: (id, _olds, news) => runtime.update(id, news),
    read: (id, props) => runtime.read(kind, id, props),
    // DBS has no API to delete or cancel a download task: deleting the resource only forgets it.
    delete: async () => {},
  };
}
