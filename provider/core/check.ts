// Checking a download task's inputs: validation with every problem at once, the defaults, and the
// ClientToken. Pure; the same for every face.
import { canonicalJson, CLIENT_TOKEN_SCHEME, deriveClientToken } from "./clientToken";
import type { CheckFailure } from "./inputs";
import {
  checkBoolean,
  checkClientToken,
  checkDataFormat,
  checkIdentifier,
  checkPositiveNumber,
  checkTriggers,
  containsUnknown,
  DATA_FORMATS,
  UNKNOWN,
} from "./inputs";
import type { CheckedInputs, DownloadKind, TokenScope } from "./kinds";
import { TASK_INPUTS } from "./kinds";
import type { PropertyBag } from "./outputs";
import type { SettingsResult } from "./settings";
import { resolveRegion } from "./settings";
import { unknownInputs } from "./unknownInputs";

const DEFAULT_TIMEOUT_MINUTES = 30;
const MAX_TIMEOUT_MINUTES = 1440;

/** `inputs` is set exactly when there are no failures. During preview any value may be `UNKNOWN`. */
export interface CheckResult<Own> {
  inputs?: CheckedInputs<Own>;
  failures: CheckFailure[];
}

/**
 * Validates `news` (the program's inputs) and fills in what the provider decides: the default format,
 * the region, the wait defaults and the ClientToken. Bad provider settings fail on property "".
 * `olds` are the inputs stored by the previous check, if any.
 */
export function checkTask<Own>(
  kind: DownloadKind<Own>,
  olds: PropertyBag,
  news: PropertyBag,
  { settings, problems }: SettingsResult,
  scope: TokenScope,
): CheckResult<Own> {
  const region = resolveRegion(news.region, settings, "the resource's region argument");
  const failures = [
    ...kind.ownProperties.map((p) => checkIdentifier(p.name, news[p.name], p.example, p.what)),
    checkDataFormat("backupSetDataFormat", news.backupSetDataFormat),
    checkClientToken("clientToken", news.clientToken),
    checkTriggers("triggers", news.triggers),
    checkBoolean("waitForCompletion", news.waitForCompletion),
    checkPositiveNumber("timeoutMinutes", news.timeoutMinutes, MAX_TIMEOUT_MINUTES, "minutes"),
    region.failure,
    ...problems.map(({ reason }) => ({ property: "", reason })),
    // tokenScope: the scope the dynamic resource class passes (see dynamic/provider.ts).
    ...unknownInputs(
      kind.type,
      news,
      [...kind.ownProperties.map((p) => p.name), ...Object.keys(TASK_INPUTS)],
      ["tokenScope"],
    ),
  ].filter((failure): failure is CheckFailure => failure !== undefined);
  if (failures.length > 0) return { failures };

  const own = Object.fromEntries(kind.ownProperties.map((p) => [p.name, news[p.name]]));
  const task: PropertyBag = {
    ...own,
    backupSetDataFormat: news.backupSetDataFormat ?? kind.defaultFormat,
    region: region.region,
    waitForCompletion: news.waitForCompletion ?? false,
    timeoutMinutes: news.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES,
  };
  if (news.triggers !== undefined) task.triggers = news.triggers;
  if (news.clientToken !== undefined) {
    Object.assign(task, { clientToken: news.clientToken, clientTokenSource: "explicit" });
  } else {
    const clientToken = derivedToken(kind, olds, task, scope);
    Object.assign(task, { clientToken, clientTokenSource: CLIENT_TOKEN_SCHEME });
  }
  return { inputs: task as CheckedInputs<Own>, failures: [] };
}

function tokenSeedFields<Own>(kind: DownloadKind<Own>, inputs: PropertyBag): unknown[] {
  return [
    ...kind.ownProperties.map((p) => inputs[p.name]),
    inputs.backupSetDataFormat,
    inputs.region,
    inputs.triggers,
  ];
}

function derivedToken<Own>(
  kind: DownloadKind<Own>,
  olds: PropertyBag,
  inputs: PropertyBag,
  scope: TokenScope,
): string {
  const seedFields = tokenSeedFields(kind, inputs);
  if (containsUnknown(seedFields) || containsUnknown(scope)) return UNKNOWN;
  // A task keeps the token it was created with while its inputs stay the same, even if a later
  // version of this package derives tokens differently. Olds stored without a scope (the plugin
  // stores none) match any.
  const unchanged =
    olds.clientTokenSource !== "explicit" &&
    typeof olds.clientToken === "string" &&
    canonicalJson(tokenSeedFields(kind, olds)) === canonicalJson(seedFields) &&
    (olds.tokenScope === undefined || canonicalJson(olds.tokenScope) === canonicalJson(scope));
  if (unchanged) return olds.clientToken as string;
  return deriveClientToken({
    action: kind.action,
    project: scope.project,
    stack: scope.stack,
    resourceName: scope.name,
    region: inputs.region as string,
    params: kind.params(inputs as CheckedInputs<Own>),
    triggers: inputs.triggers,
  });
}

/**
 * The inputs an operation was handed, narrowed to what check produces; anything else (a state written
 * by hand, a provider bug) is refused before any API call.
 */
export function checkedInputs<Own>(kind: DownloadKind<Own>, bag: PropertyBag): CheckedInputs<Own> {
  const wrong = [
    ...kind.ownProperties.map((p) => p.name).filter((name) => typeof bag[name] !== "string"),
    ...((DATA_FORMATS as readonly unknown[]).includes(bag.backupSetDataFormat)
      ? []
      : ["backupSetDataFormat"]),
    ...(["region", "clientToken", "clientTokenSource"] as const).filter((k) => typeof bag[k] !== "string"),
    ...(typeof bag.waitForCompletion === "boolean" ? [] : ["waitForCompletion"]),
    ...(typeof bag.timeoutMinutes === "number" ? [] : ["timeoutMinutes"]),
  ];
  if (wrong.length > 0) {
    throw new Error(`${kind.type}: these inputs are not what check produces: ${wrong.join(", ")}`);
  }
  return bag as CheckedInputs<Own>;
}
