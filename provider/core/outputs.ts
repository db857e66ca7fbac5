// The outputs a download task adds to its inputs: one table, from which each face's declared outputs,
// the mapping from a task detail and the keys a refresh replaces are all derived. Pure.
import type { BackupSetDownloadTaskDetail } from "../dbs/types";
import type { DownloadKind } from "./kinds";

export type PropertyBag = Record<string, unknown>;

interface OutputSpec {
  /** The field of the task detail (DescribeBackupSetDownloadTaskList) it comes from. */
  field: keyof BackupSetDownloadTaskDetail;
  type: "string" | "integer";
  description: string;
  /** Bearer links to the backup data: stored encrypted, shown as [secret]. */
  secret?: boolean;
}

function outputTable<K extends string>(table: Record<K, OutputSpec>): Record<K, OutputSpec> {
  return table;
}

export const TASK_OUTPUTS = outputTable({
  backupSetDownloadTaskId: {
    field: "BackupSetDownloadTaskId",
    type: "string",
    description: "The ID of the download task (also the resource ID).",
  },
  status: {
    field: "BackupSetDownloadStatus",
    type: "string",
    description:
      "The task's status as of create or the last refresh: checking, init (precheck failed), check_pass, pause, " +
      "schedule, running, stop (failed) or finish.",
  },
  backupSetDataSize: {
    field: "BackupSetDataSize",
    type: "integer",
    description: "The size of the converted data in bytes.",
  },
  createTime: {
    field: "BackupSetDownloadCreateTime",
    type: "integer",
    description: "When the task was created, in epoch milliseconds.",
  },
  finishTime: {
    field: "BackupSetDownloadFinishTime",
    type: "integer",
    description: "When the task ended, in epoch milliseconds.",
  },
  downloadWay: {
    field: "BackupSetDownloadWay",
    type: "string",
    description: "manual (download from the URLs) or auto (delivered to a backup gateway).",
  },
  internetUrl: {
    field: "BackupSetDownloadInternetUrl",
    type: "string",
    description: "The public download URL, set once the task finished (manual download way). Secret.",
    secret: true,
  },
  intranetUrl: {
    field: "BackupSetDownloadIntranetUrl",
    type: "string",
    description:
      "The internal-network download URL, set once the task finished (manual download way). Secret.",
    secret: true,
  },
  errorMessage: {
    field: "ErrMessage",
    type: "string",
    description: "DBS's error message for a failed task.",
  },
});

export type TaskOutputName = keyof typeof TASK_OUTPUTS;

export const TASK_OUTPUT_NAMES = Object.keys(TASK_OUTPUTS) as TaskOutputName[];

export const SECRET_OUTPUT_NAMES = TASK_OUTPUT_NAMES.filter((name) => TASK_OUTPUTS[name].secret);

/**
 * The outputs a task detail gives. Absent values are left out (an engine Struct cannot carry
 * `undefined`), so a key missing here must also be removed from older outputs.
 */
export function taskOutputs(detail: BackupSetDownloadTaskDetail): PropertyBag {
  const outputs: PropertyBag = {};
  for (const name of TASK_OUTPUT_NAMES) {
    const value = detail[TASK_OUTPUTS[name].field];
    if (value !== undefined && value !== "") outputs[name] = value;
  }
  return outputs;
}

/** `outputs` with the task's latest status replacing whatever status they held. */
export function withTaskStatus(outputs: PropertyBag, detail: BackupSetDownloadTaskDetail): PropertyBag {
  const kept = Object.entries(outputs).filter(([key]) => !(key in TASK_OUTPUTS));
  return { ...Object.fromEntries(kept), ...taskOutputs(detail) };
}

/** The inputs DBS reports for a task: its kind's own properties and the format. */
export function inputsFromTask<Own>(
  kind: DownloadKind<Own>,
  detail: BackupSetDownloadTaskDetail,
): PropertyBag {
  const inputs: PropertyBag = { ...kind.fromTask(detail) };
  if (detail.BackupSetDataFormat) inputs.backupSetDataFormat = detail.BackupSetDataFormat;
  for (const key of Object.keys(inputs)) if (inputs[key] === undefined) delete inputs[key];
  return inputs;
}

/**
 * The refreshed outputs: the stored ones plus the task's current status. A task adopted by ID has no
 * stored inputs, so its own properties and format come from DBS.
 */
export function readOutputs<Own>(
  kind: DownloadKind<Own>,
  props: PropertyBag,
  detail: BackupSetDownloadTaskDetail,
): PropertyBag {
  const adopted = Object.entries(inputsFromTask(kind, detail)).filter(([key]) => props[key] === undefined);
  return withTaskStatus({ ...props, ...Object.fromEntries(adopted) }, detail);
}
