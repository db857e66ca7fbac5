// Which inputs of a stored task changed. Every change replaces the task: DBS has no update API. Pure.
import { canonicalJson } from "./clientToken";
import { containsUnknown } from "./inputs";
import type { DownloadKind } from "./kinds";
import type { PropertyBag } from "./outputs";

export interface PropertyChange {
  property: string;
  kind: "add" | "delete" | "update";
}

/**
 * `olds` are the stored outputs and `news` the checked inputs: both carry the same normalized fields,
 * so they compare like with like. A derived token is not compared: it follows from the compared inputs
 * plus the stack and resource name, and renaming a stack or aliasing a resource must not start a new
 * download. An explicit token is compared, except against an imported task, whose token nobody knows.
 * `waitForCompletion` and `timeoutMinutes` only shape a create, so they are not compared.
 */
export function diffTask<Own>(
  kind: DownloadKind<Own>,
  olds: PropertyBag,
  news: PropertyBag,
): PropertyChange[] {
  const defaults: PropertyBag = { backupSetDataFormat: kind.defaultFormat };
  const compared = [...kind.ownProperties.map((p) => p.name), "backupSetDataFormat", "region", "triggers"];
  const changes = compared.flatMap((property) => {
    const before = olds[property] ?? defaults[property];
    const after = news[property] ?? defaults[property];
    return containsUnknown(after) || canonicalJson(before) !== canonicalJson(after)
      ? [change(property, before, after)]
      : [];
  });
  const explicit = olds.clientTokenSource === "explicit" || news.clientTokenSource === "explicit";
  const tokenChanged = olds.clientToken !== news.clientToken || containsUnknown(news.clientToken);
  if (explicit && olds.clientTokenSource !== "imported" && tokenChanged) {
    changes.push(change("clientToken", olds.clientToken, news.clientToken));
  }
  return changes;
}

function change(property: string, before: unknown, after: unknown): PropertyChange {
  if (before === undefined) return { property, kind: "add" };
  if (after === undefined) return { property, kind: "delete" };
  return { property, kind: "update" };
}
