// What the full and incremental download resources share: input checking, the ClientToken and the diff.
// Pure functions; the API calls live in taskOperations.ts.
import { CLIENT_TOKEN_SCHEME, deriveClientToken } from "./clientToken";
import type { BackupSetDataFormat, BackupSetDownloadTaskDetail, CreateDownloadAction } from "./dbs/types";
import type { CheckFailure, ReplaceDiff } from "./inputs";
import {
  checkClientToken,
  checkDataFormat,
  checkRegion,
  checkTriggers,
  containsUnknown,
  diffForReplace,
  UNKNOWN,
} from "./inputs";
import type { ProviderSettings } from "./settings";
import { endpointOverrideProblem } from "./settings";

/** Which stack resource a task belongs to; passed by the resource class, since providers never see URNs. */
export interface TokenScope {
  project: string;
  stack: string;
  name: string;
}

export type ClientTokenSource = "explicit" | typeof CLIENT_TOKEN_SCHEME;

/** The normalized inputs every download task stores (and returns among its outputs). */
export interface DownloadTaskInputs {
  backupSetDataFormat: BackupSetDataFormat;
  region: string;
  clientToken: string;
  clientTokenSource: ClientTokenSource;
  triggers?: unknown;
  tokenScope: TokenScope;
  waitForCompletion: boolean;
  timeoutMinutes: number;
}

const DEFAULT_TIMEOUT_MINUTES = 30;
const MAX_TIMEOUT_MINUTES = 1440;

export interface DownloadTaskKind<I extends DownloadTaskInputs> {
  action: CreateDownloadAction;
  defaultFormat: BackupSetDataFormat;
  /** The kind's own input properties (both kinds also have format, region, clientToken, triggers). */
  properties: readonly (keyof I & string)[];
  validate(news: Record<string, unknown>): (CheckFailure | undefined)[];
  /** The API parameters, without ClientToken. */
  params(inputs: I): Record<string, string>;
  /** The kind's own properties as the task list reports them (used when adopting a task by ID). */
  fromTask(detail: BackupSetDownloadTaskDetail): Partial<Record<keyof I & string, string>>;
}

/**
 * What a status lookup adds to the outputs; times are epoch milliseconds. Absent values are left out
 * (the engine's Struct cannot carry `undefined`), so every key is also removed from older outputs.
 */
function taskOutputs(detail: BackupSetDownloadTaskDetail): PropertyBag {
  const outputs: PropertyBag = {
    backupSetDownloadTaskId: detail.BackupSetDownloadTaskId,
    status: detail.BackupSetDownloadStatus,
    backupSetDataSize: detail.BackupSetDataSize,
    createTime: detail.BackupSetDownloadCreateTime,
    finishTime: detail.BackupSetDownloadFinishTime,
    downloadWay: detail.BackupSetDownloadWay,
    internetUrl: detail.BackupSetDownloadInternetUrl,
    intranetUrl: detail.BackupSetDownloadIntranetUrl,
    errorMessage: detail.ErrMessage || undefined,
  };
  for (const key of Object.keys(outputs)) if (outputs[key] === undefined) delete outputs[key];
  return outputs;
}

const STATUS_OUTPUT_KEYS: readonly string[] = [
  "status",
  "backupSetDataSize",
  "createTime",
  "finishTime",
  "downloadWay",
  "internetUrl",
  "intranetUrl",
  "errorMessage",
];

/** `outputs` with the task's latest status replacing whatever status they held. */
export function withTaskStatus(outputs: PropertyBag, detail: BackupSetDownloadTaskDetail): PropertyBag {
  const kept = Object.fromEntries(
    Object.entries(outputs).filter(([key]) => !STATUS_OUTPUT_KEYS.includes(key)),
  );
  return { ...kept, ...taskOutputs(detail) };
}

/**
 * The refreshed outputs: the stored ones plus the task's current status. A task adopted with `get` has
 * no stored inputs, so its own properties and format come from the API.
 */
export function readOutputs<I extends DownloadTaskInputs>(
  kind: DownloadTaskKind<I>,
  props: PropertyBag,
  detail: BackupSetDownloadTaskDetail,
): PropertyBag {
  const adopted: PropertyBag = {};
  for (const [key, value] of Object.entries(kind.fromTask(detail))) {
    if (props[key] === undefined && value !== undefined) adopted[key] = value;
  }
  if (props.backupSetDataFormat === undefined && detail.BackupSetDataFormat) {
    adopted.backupSetDataFormat = detail.BackupSetDataFormat;
  }
  return withTaskStatus({ ...props, ...adopted }, detail);
}

function checkWaitArgs(news: PropertyBag): (CheckFailure | undefined)[] {
  const failures: (CheckFailure | undefined)[] = [];
  const wait = news.waitForCompletion;
  if (wait !== undefined && wait !== UNKNOWN && typeof wait !== "boolean") {
    failures.push({
      property: "waitForCompletion",
      reason: `waitForCompletion must be true or false, got ${JSON.stringify(wait)}`,
    });
  }
  const timeout = news.timeoutMinutes;
  const valid = typeof timeout === "number" && Number.isFinite(timeout) && timeout > 0;
  if (timeout !== undefined && timeout !== UNKNOWN && !(valid && timeout <= MAX_TIMEOUT_MINUTES)) {
    failures.push({
      property: "timeoutMinutes",
      reason: `timeoutMinutes must be a number of minutes greater than 0 and at most ${MAX_TIMEOUT_MINUTES}, got ${JSON.stringify(timeout)}`,
    });
  }
  return failures;
}

export type PropertyBag = Record<string, unknown>;

function tokenSeedFields(kind: DownloadTaskKind<DownloadTaskInputs>, inputs: PropertyBag): unknown[] {
  return [
    ...kind.properties.map((p) => inputs[p]),
    inputs.backupSetDataFormat,
    inputs.region,
    inputs.triggers,
  ];
}

function isTokenScope(value: unknown): value is TokenScope {
  const scope = value as TokenScope | undefined;
  return (
    typeof scope === "object" &&
    scope !== null &&
    typeof scope.project === "string" &&
    typeof scope.stack === "string" &&
    typeof scope.name === "string"
  );
}

export function checkDownloadTask<I extends DownloadTaskInputs>(
  kind: DownloadTaskKind<I>,
  olds: PropertyBag,
  news: PropertyBag,
  settings: ProviderSettings,
): { inputs: PropertyBag; failures: CheckFailure[] } {
  const region = news.region ?? settings.region?.value;
  const regionSource = news.region !== undefined ? "the region argument" : (settings.region?.setting ?? "");
  const endpointProblem = endpointOverrideProblem(settings);
  const failures = [
    ...kind.validate(news),
    checkDataFormat("backupSetDataFormat", news.backupSetDataFormat),
    checkClientToken("clientToken", news.clientToken),
    checkTriggers("triggers", news.triggers),
    ...checkWaitArgs(news),
    checkRegion("region", region, regionSource, settings.endpoint !== undefined),
    endpointProblem ? { property: "", reason: endpointProblem } : undefined,
    isTokenScope(news.tokenScope)
      ? undefined
      : {
          property: "tokenScope",
          reason: "tokenScope {project, stack, name} is set by the resource class; do not override it",
        },
  ].filter((failure): failure is CheckFailure => failure !== undefined);
  if (failures.length > 0) return { inputs: news, failures };

  const inputs: PropertyBag = {
    ...news,
    backupSetDataFormat: news.backupSetDataFormat ?? kind.defaultFormat,
    region,
    waitForCompletion: news.waitForCompletion ?? false,
    timeoutMinutes: news.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES,
  };
  if (news.clientToken !== undefined) {
    inputs.clientTokenSource = "explicit";
  } else {
    inputs.clientTokenSource = CLIENT_TOKEN_SCHEME;
    inputs.clientToken = derivedToken(kind as DownloadTaskKind<DownloadTaskInputs>, olds, inputs);
  }
  return { inputs, failures: [] };
}

function derivedToken(
  kind: DownloadTaskKind<DownloadTaskInputs>,
  olds: PropertyBag,
  inputs: PropertyBag,
): string {
  const seedFields = tokenSeedFields(kind, inputs);
  if (containsUnknown(seedFields) || containsUnknown(inputs.tokenScope)) return UNKNOWN;
  // A task keeps the token it was created with while its inputs stay the same, even if a later
  // version of this package derives tokens differently.
  const unchanged =
    olds.clientTokenSource !== "explicit" &&
    typeof olds.clientToken === "string" &&
    JSON.stringify(tokenSeedFields(kind, olds)) === JSON.stringify(seedFields) &&
    JSON.stringify(olds.tokenScope) === JSON.stringify(inputs.tokenScope);
  if (unchanged) return olds.clientToken as string;
  const scope = inputs.tokenScope as TokenScope;
  return deriveClientToken({
    action: kind.action,
    project: scope.project,
    stack: scope.stack,
    resourceName: scope.name,
    region: inputs.region as string,
    params: kind.params(inputs as unknown as DownloadTaskInputs),
    triggers: inputs.triggers,
  });
}

/**
 * Any change of what the task is made from replaces it. A derived token is not compared: it follows
 * from the compared inputs plus the stack and resource name, and renaming a stack or aliasing a
 * resource must not start a new download. An explicit token is compared. `waitForCompletion` and
 * `timeoutMinutes` only shape a create, so they are not compared.
 */
export function diffDownloadTask<I extends DownloadTaskInputs>(
  kind: DownloadTaskKind<I>,
  olds: PropertyBag,
  news: PropertyBag,
): ReplaceDiff {
  const compared = [...kind.properties, "backupSetDataFormat", "region", "triggers"];
  const diff = diffForReplace(olds, news, compared, { backupSetDataFormat: kind.defaultFormat });
  const explicit = olds.clientTokenSource === "explicit" || news.clientTokenSource === "explicit";
  if (explicit && (olds.clientToken !== news.clientToken || containsUnknown(news.clientToken))) {
    diff.replaces.push("clientToken");
    diff.changes = true;
  }
  return diff;
}
