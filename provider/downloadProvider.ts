import type * as pulumi from "@pulumi/pulumi";
import type { DownloadTaskInputs, DownloadTaskKind } from "./downloadTask";
import { checkDownloadTask, diffDownloadTask } from "./downloadTask";
import { currentSettings, rememberConfig } from "./settings";
import { createDownloadTask, readDownloadTask } from "./taskOperations";

/**
 * The provider object of a download kind. It is serialized into every resource's state as `__provider`
 * and run by the engine's dynamic-provider host: a plain object whose methods reach everything else
 * through module references and the captured `kind` (plain data and functions, no clients or secrets).
 */
export function downloadTaskProvider<I extends DownloadTaskInputs>(
  kind: DownloadTaskKind<I>,
): pulumi.dynamic.ResourceProvider {
  return {
    async configure(req) {
      rememberConfig((key) => {
        const value: unknown = req.config.get(key);
        return value === undefined || value === null ? undefined : String(value);
      });
    },
    async check(olds, news) {
      return checkDownloadTask(kind, olds, news, currentSettings());
    },
    async diff(_id, olds, news) {
      return diffDownloadTask(kind, olds, news);
    },
    async create(inputs) {
      return createDownloadTask(kind, inputs, currentSettings());
    },
    async read(id, props) {
      return readDownloadTask(kind, id, props, currentSettings());
    },
    // DBS has no API to delete or cancel a download task: deleting the resource only forgets it.
    async delete() {},
  };
}

/** The URLs are bearer links to the backup data. */
export const SECRET_OUTPUTS = ["internetUrl", "intranetUrl"];

export function withSecretOutputs(
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.CustomResourceOptions {
  return {
    ...opts,
    additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...SECRET_OUTPUTS],
  };
}

/** The output-only properties every download resource declares, passed as `undefined` to the engine. */
export const TASK_OUTPUTS = {
  clientTokenSource: undefined,
  backupSetDownloadTaskId: undefined,
  status: undefined,
  backupSetDataSize: undefined,
  createTime: undefined,
  finishTime: undefined,
  downloadWay: undefined,
  internetUrl: undefined,
  intranetUrl: undefined,
  errorMessage: undefined,
};
