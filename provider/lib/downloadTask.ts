// A 2019-03-06 download task as a resource definition: the inputs and outputs every kind shares, the
// check (with the derived ClientToken) and the diff, over the create / read / update of
// downloadTaskOperations.ts. A kind (resources/fullBackupSetDownload.ts) adds its own inputs, its action
// and how they map onto the API. Pure.
import type {
  BackupSetDataFormat,
  BackupSetDownloadTaskDetail,
  CreateDownloadAction,
  DbsActions,
} from "../dbs/types";
import { canonicalJson, CLIENT_TOKEN_SCHEME, deriveClientToken } from "./clientToken";
import { NAMESPACE } from "./config";
import type {
  EnumType,
  Property,
  PropertyTable,
  ResourceDefinition,
  Spec,
  StateOf,
  TokenScope,
} from "./definition";
import {
  changedInputs,
  checkValues,
  optionalInput,
  output,
  propertyChange,
  requiredInput,
  withDefaults,
} from "./definition";
import { createTask, readTask, resumeTask } from "./downloadTaskOperations";
import { resolveRegion } from "./settings";
import { waitInputs } from "./wait";
import type { CheckFailure, PropertyBag } from "./values";
import {
  checkClientToken,
  checkDataFormat,
  checkIdentifier,
  checkTriggers,
  containsUnknown,
  DATA_FORMATS,
  UNKNOWN,
} from "./values";

export const FORMAT_TYPE: EnumType = {
  name: "BackupSetDataFormat",
  description: "The format of downloaded backup data.",
  values: DATA_FORMATS,
};

/** An output read from a field of the task detail (DescribeBackupSetDownloadTaskList). */
type TaskOutput<T> = Property<T, false, false> & { field: keyof BackupSetDownloadTaskDetail };

function taskOutput<T>(field: keyof BackupSetDownloadTaskDetail, spec: Spec<T>) {
  return { ...output<T>(spec), field } as TaskOutput<T>;
}

/** One of a kind's own inputs: a backup-set identifier, a non-empty string without whitespace. */
export function identifier(what: string, example: string, description: string): Property<string, true, true> {
  return requiredInput<string>({
    type: "string",
    description,
    always: true,
    onChange: "replace",
    check: (property, value) => checkIdentifier(property, value, example, what),
  });
}

/** The inputs and outputs every download task has besides its own, in the order the schema lists them. */
function taskProperties(defaultFormat: BackupSetDataFormat) {
  return {
    /** Native | SQL | CSV | JSON (case-sensitive); a change starts a new download task. */
    backupSetDataFormat: optionalInput<BackupSetDataFormat>({
      type: FORMAT_TYPE,
      description: `The format of the downloaded data: Native, SQL, CSV or JSON (case-sensitive). Default ${defaultFormat}.`,
      always: true,
      onChange: "replace",
      defaultValue: defaultFormat,
      check: checkDataFormat,
    }),
    /** Default: config alicloud:region, else env ALIBABA_CLOUD_REGION_ID or ALICLOUD_REGION. */
    region: optionalInput<string>({
      type: "string",
      description: "The region of the backup set, e.g. cn-hangzhou. Default: the provider's region.",
      always: true,
      onChange: "replace",
    }),
    /** The explicit idempotency token (1–64 printable ASCII); by default one is derived from the resource. */
    clientToken: optionalInput<string>({
      type: "string",
      description:
        "The idempotency token sent with the create request (1 to 64 printable ASCII characters). Default: one " +
        "derived from the project, stack, resource name, backup set, format, region and triggers, so that a retried " +
        "or re-run create returns the task it already started. Changing an explicit token replaces the task.",
      onChange: "replace",
      check: checkClientToken,
    }),
    /** Any values; a change starts a new download task. */
    triggers: optionalInput<unknown[] | Record<string, unknown> | undefined>({
      type: "any",
      description: "Any values (an array or an object); a change starts a new download task.",
      onChange: "replace",
      check: checkTriggers,
    }),
    ...waitInputs("reaches `finish`, when the URLs are set"),
    /** The ID of the download task (also the resource ID). */
    backupSetDownloadTaskId: taskOutput<string>("BackupSetDownloadTaskId", {
      type: "string",
      description: "The ID of the download task (also the resource ID).",
      always: true,
    }),
    /** checking | init | check_pass | pause | schedule | running | stop | finish, as of create or the last refresh. */
    status: taskOutput<string>("BackupSetDownloadStatus", {
      type: "string",
      description:
        "The task's status as of create or the last refresh: checking, init (precheck failed), check_pass, pause, " +
        "schedule, running, stop (failed) or finish.",
    }),
    /** The size of the converted data in bytes. */
    backupSetDataSize: taskOutput<number | undefined>("BackupSetDataSize", {
      type: "integer",
      description: "The size of the converted data in bytes.",
    }),
    /** Epoch milliseconds. */
    createTime: taskOutput<number | undefined>("BackupSetDownloadCreateTime", {
      type: "integer",
      description: "When the task was created, in epoch milliseconds.",
    }),
    /** Epoch milliseconds; set once the task ended. */
    finishTime: taskOutput<number | undefined>("BackupSetDownloadFinishTime", {
      type: "integer",
      description: "When the task ended, in epoch milliseconds.",
    }),
    /** manual or auto. */
    downloadWay: taskOutput<string | undefined>("BackupSetDownloadWay", {
      type: "string",
      description: "manual (download from the URLs) or auto (delivered to a backup gateway).",
    }),
    /** Secret. Set once the task finished (manual download way). */
    internetUrl: taskOutput<string | undefined>("BackupSetDownloadInternetUrl", {
      type: "string",
      description: "The public download URL, set once the task finished (manual download way). Secret.",
      secret: true,
    }),
    /** Secret. Set once the task finished (manual download way). */
    intranetUrl: taskOutput<string | undefined>("BackupSetDownloadIntranetUrl", {
      type: "string",
      description:
        "The internal-network download URL, set once the task finished (manual download way). Secret.",
      secret: true,
    }),
    /** DBS's error message for a failed task. */
    errorMessage: taskOutput<string | undefined>("ErrMessage", {
      type: "string",
      description: "DBS's error message for a failed task.",
    }),
    /** `pdbs1` (derived with that scheme), `explicit`, or `imported` (adopted: its token is unknown). */
    clientTokenSource: output<ClientTokenSource>({
      type: "string",
      description:
        "Where clientToken came from: `pdbs1` (derived, with that scheme), `explicit`, or `imported` (an adopted " +
        "task, whose token DBS does not report).",
      always: true,
    }),
  };
}

/**
 * Where the stored token came from: the program (`explicit`), our derivation (its scheme, `pdbs1`), or
 * nowhere we know of (`imported`: DBS does not report the token a task was created with).
 */
export type ClientTokenSource = "explicit" | typeof CLIENT_TOKEN_SCHEME | "imported";

export type TaskProperties = ReturnType<typeof taskProperties>;

/** What every download task stores after check, whatever its kind. */
export type TaskInputs = Pick<
  StateOf<TaskProperties>,
  | "backupSetDataFormat"
  | "region"
  | "clientToken"
  | "clientTokenSource"
  | "triggers"
  | "waitForCompletion"
  | "timeoutMinutes"
>;

/** A kind of download task: what sets it apart from the others. */
export interface DownloadKind<Own extends PropertyTable, A extends CreateDownloadAction> {
  type: string;
  action: A;
  description: string;
  /** A resource name for the import example of the docs. */
  importExample: string;
  defaultFormat: BackupSetDataFormat;
  /** The kind's own inputs (identifier()s), each one a parameter of the action. */
  own: Own;
  /** The action's parameters besides ClientToken and BackupSetDataFormat; they also seed the derived token. */
  params(own: StateOf<Own>): Omit<DbsActions[A][0], "ClientToken" | "BackupSetDataFormat">;
  /** The kind's own inputs as DBS reports them in a task detail (adopting or importing a task). */
  fromTask(detail: BackupSetDownloadTaskDetail): Partial<StateOf<Own>>;
}

/** What the operations need of a task: its action, parameters and outputs. */
export interface TaskShape {
  type: string;
  action: CreateDownloadAction;
  properties: PropertyTable;
  params(inputs: PropertyBag): Record<string, string | undefined>;
  /** The inputs DBS reports for a task: the kind's own and the format. */
  inputsFromTask(detail: BackupSetDownloadTaskDetail): PropertyBag;
  /**
   * The inputs an operation was handed, narrowed to what check produces; anything else (a state written
   * by hand, a provider bug) is refused before any API call.
   */
  checkedInputs(bag: PropertyBag): TaskInputs & PropertyBag;
}

/**
 * A download task's definition with its own inputs `Own`, and the shape its operations work on. (Named,
 * so that declaration files keep `TaskProperties` by name, and with it the JSDoc of each property.)
 */
export type DownloadTaskDefinition<Own extends PropertyTable> = ResourceDefinition<Own & TaskProperties> & {
  task: TaskShape;
};

function importSection(type: string, example: string): string {
  return (
    `\n\nDBS has no API to delete or cancel a download task: destroying the resource only removes it from the ` +
    `state.\n\n## Import\n\nAn existing download task is adopted by its ID; the region comes from the provider ` +
    `configuration (\`${NAMESPACE}:region\`). DBS does not report the ClientToken a task was created with, so an ` +
    `imported task records \`clientTokenSource\` \`imported\` and no \`clientToken\`, and is never replaced ` +
    `because of its token.\n\n\`\`\`sh\n$ pulumi import ${NAMESPACE}:index:${type} ${example} dbstooi01e****\n\`\`\`\n`
  );
}

export function downloadTask<Own extends PropertyTable, A extends CreateDownloadAction>(
  kind: DownloadKind<Own, A>,
): DownloadTaskDefinition<Own> {
  const properties = { ...kind.own, ...taskProperties(kind.defaultFormat) };
  const ownNames = Object.keys(kind.own);
  const inputNames = Object.keys(properties).filter((name) => properties[name].input);
  const shape: TaskShape = {
    type: kind.type,
    action: kind.action,
    properties,
    params: (inputs) => ({
      ...kind.params(inputs as StateOf<Own>),
      BackupSetDataFormat: inputs.backupSetDataFormat as BackupSetDataFormat,
    }),
    checkedInputs(bag) {
      const wrong = [
        ...ownNames.filter((name) => typeof bag[name] !== "string"),
        ...((DATA_FORMATS as readonly unknown[]).includes(bag.backupSetDataFormat)
          ? []
          : ["backupSetDataFormat"]),
        ...(["region", "clientToken", "clientTokenSource"] as const).filter(
          (k) => typeof bag[k] !== "string",
        ),
        ...(typeof bag.waitForCompletion === "boolean" ? [] : ["waitForCompletion"]),
        ...(typeof bag.timeoutMinutes === "number" ? [] : ["timeoutMinutes"]),
      ];
      if (wrong.length > 0) {
        throw new Error(`${kind.type}: these inputs are not what check produces: ${wrong.join(", ")}`);
      }
      return bag as TaskInputs & PropertyBag;
    },
    inputsFromTask(detail) {
      const inputs: PropertyBag = { ...kind.fromTask(detail) };
      if (detail.BackupSetDataFormat) inputs.backupSetDataFormat = detail.BackupSetDataFormat;
      for (const key of Object.keys(inputs)) if (inputs[key] === undefined) delete inputs[key];
      return inputs;
    },
  };

  const seedFields = (inputs: PropertyBag) => [
    ...ownNames.map((name) => inputs[name]),
    inputs.backupSetDataFormat,
    inputs.region,
    inputs.triggers,
  ];

  function derivedToken(olds: PropertyBag, inputs: PropertyBag, scope: TokenScope): string {
    const seed = seedFields(inputs);
    if (containsUnknown(seed) || containsUnknown(scope)) return UNKNOWN;
    // A task keeps the token it was created with while its inputs stay the same, even if a later
    // version of this package derives tokens differently. Olds stored without a scope (the plugin
    // stores none) match any.
    const unchanged =
      olds.clientTokenSource !== "explicit" &&
      typeof olds.clientToken === "string" &&
      canonicalJson(seedFields(olds)) === canonicalJson(seed) &&
      (olds.tokenScope === undefined || canonicalJson(olds.tokenScope) === canonicalJson(scope));
    if (unchanged) return olds.clientToken as string;
    return deriveClientToken({
      action: kind.action,
      project: scope.project,
      stack: scope.stack,
      resourceName: scope.name,
      region: inputs.region as string,
      params: shape.params(inputs),
      triggers: inputs.triggers,
    });
  }

  return {
    kind: "resource",
    task: shape,
    type: kind.type,
    description: kind.description + importSection(kind.type, kind.importExample),
    properties,
    check(olds, news, { settings, problems }, scope) {
      const region = resolveRegion(news.region, settings, "the resource's region argument");
      const failures = [
        ...checkValues(properties, news),
        region.failure,
        ...problems.map(({ reason }) => ({ property: "", reason })),
      ].filter((failure): failure is CheckFailure => failure !== undefined);
      if (failures.length > 0) return { failures };

      const given = inputNames.filter((name) => news[name] !== undefined).map((name) => [name, news[name]]);
      const task = { ...withDefaults(properties, Object.fromEntries(given)), region: region.region };
      if (news.clientToken !== undefined)
        return { inputs: { ...task, clientTokenSource: "explicit" }, failures };
      const clientToken = derivedToken(olds, task, scope);
      return { inputs: { ...task, clientToken, clientTokenSource: CLIENT_TOKEN_SCHEME }, failures };
    },
    /**
     * A derived token is not compared: it follows from the compared inputs plus the stack and resource
     * name, and renaming a stack or aliasing a resource must not start a new download. An explicit token
     * is compared, except against an imported task, whose token nobody knows.
     */
    diff(olds, news) {
      const changes = changedInputs(properties, olds, news, ["clientToken"]);
      const explicit = olds.clientTokenSource === "explicit" || news.clientTokenSource === "explicit";
      const tokenChanged = olds.clientToken !== news.clientToken || containsUnknown(news.clientToken);
      if (explicit && olds.clientTokenSource !== "imported" && tokenChanged) {
        changes.push(propertyChange("clientToken", olds.clientToken, news.clientToken, true));
      }
      return changes;
    },
    create: async (inputs, settings, cancel) =>
      createTask(shape, shape.checkedInputs(inputs), settings, cancel),
    update: async (id, _olds, news, settings, cancel) =>
      resumeTask(shape, id, shape.checkedInputs(news), settings, cancel),
    read: async (id, props, settings) => readTask(shape, id, props, settings),
    // DBS has no API to delete or cancel a download task: deleting the resource only forgets it.
    delete: async () => {},
  };
}
