// BackupSetDownloadRules: the automatic-download setting of one backup plan (ModifyBackupSetDownloadRules,
// read back with DescribeBackupPlanList). A setting with a real life: created, updated in place, read,
// and turned off on delete.
import { randomUUID } from "node:crypto";
import type { DbsClient } from "../dbs/client";
import type { DbsError } from "../dbs/errors";
import type {
  BackupPlanDetail,
  BackupSetDataFormat,
  ModifyBackupSetDownloadRulesRequest,
} from "../dbs/types";
import type { ChangeTokenSeed } from "../lib/clientToken";
import { deriveClientToken } from "../lib/clientToken";
import { NAMESPACE } from "../lib/config";
import { openDbsClient } from "../lib/connection";
import type { EnumType, PropertyChange, ResourceDefinition } from "../lib/definition";
import {
  changedInputs,
  checkValues,
  optionalInput,
  output,
  requiredInput,
  withDefaults,
} from "../lib/definition";
import { FORMAT_TYPE } from "../lib/downloadTask";
import type { ProviderSettings } from "../lib/settings";
import { resolveRegion } from "../lib/settings";
import type { CheckFailure, PropertyBag } from "../lib/values";
import { checkBoolean, checkDataFormat, checkIdentifier, describe, UNKNOWN } from "../lib/values";

const ACTION = "ModifyBackupSetDownloadRules";
const TARGET_TYPES = ["agent"] as const;
const TARGET_LOCATIONS = ["local", "nas", "ftp", "minio"] as const;

const TARGET_TYPE: EnumType = {
  name: "BackupSetDownloadTargetType",
  description: "Where automatically downloaded backup sets go: agent (a server with a backup gateway).",
  values: TARGET_TYPES,
};

const TARGET_LOCATION: EnumType = {
  name: "BackupSetDownloadTargetTypeLocation",
  description: "The kind of storage on the destination server: local, nas, ftp or minio.",
  values: TARGET_LOCATIONS,
};

function checkChoice(allowed: readonly string[]) {
  return (property: string, value: unknown): CheckFailure | undefined => {
    if (value === undefined || value === UNKNOWN) return undefined;
    if (typeof value === "string" && allowed.includes(value)) return undefined;
    return {
      property,
      reason: `${property} ${describe(value)} is not allowed: use one of ${allowed.join(", ")} (case-sensitive)`,
    };
  };
}

function checkGatewayId(property: string, value: unknown): CheckFailure | undefined {
  if (value === undefined || value === UNKNOWN) return undefined;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return undefined;
  return {
    property,
    reason: `${property} ${describe(value)} is not allowed: use the backup gateway's ID, a whole number >= 0`,
  };
}

function checkDirectory(property: string, value: unknown): CheckFailure | undefined {
  if (value === undefined || value === UNKNOWN) return undefined;
  if (typeof value === "string" && value.trim() !== "") return undefined;
  return {
    property,
    reason: `${property} ${describe(value)} is not allowed: use a directory path on the destination server, e.g. /data/dbs`,
  };
}

const properties = {
  /** The backup plan whose rules these are (also the resource ID), e.g. "dbstooi01e****". A change replaces. */
  backupPlanId: requiredInput<string>({
    type: "string",
    description:
      "The ID of the backup plan (also the resource ID), e.g. dbstooi01e****. A change replaces the resource.",
    always: true,
    onChange: "replace",
    check: (property, value) => checkIdentifier(property, value, "dbstooi01e****", "a backup plan ID"),
  }),
  /** Default: config alicloud:region, else env ALIBABA_CLOUD_REGION_ID or ALICLOUD_REGION. A change replaces. */
  region: optionalInput<string>({
    type: "string",
    description: "The region of the backup plan, e.g. cn-hangzhou. Default: the provider's region.",
    always: true,
    onChange: "replace",
  }),
  /** Download every new backup set automatically (default true); false keeps the rules but pauses it. */
  openAutoDownload: optionalInput<boolean>({
    type: "boolean",
    description:
      "Download every new backup set of the plan automatically. Default true (the resource exists to turn it on); " +
      "false keeps the resource and turns automatic download off.",
    always: true,
    onChange: "update",
    defaultValue: true,
    check: checkBoolean,
  }),
  /** The backup gateway that receives the files; required when openAutoDownload is true. */
  backupGatewayId: optionalInput<number | undefined>({
    type: "integer",
    description:
      "The ID of the backup gateway that receives the files. Required when openAutoDownload is true.",
    onChange: "update",
    check: checkGatewayId,
  }),
  /** "agent" (a server with a backup gateway), the only value DBS documents. */
  backupSetDownloadTargetType: optionalInput<"agent">({
    type: TARGET_TYPE,
    description:
      "Where the files go: agent (a server with a backup gateway), the only documented value. Default agent.",
    always: true,
    onChange: "update",
    defaultValue: "agent",
    check: checkChoice(TARGET_TYPES),
  }),
  /** local | nas | ftp | minio (default local). DBS never reports it, so its drift cannot be seen. */
  backupSetDownloadTargetTypeLocation: optionalInput<(typeof TARGET_LOCATIONS)[number]>({
    type: TARGET_LOCATION,
    description:
      "The kind of storage on the destination server: local, nas, ftp or minio. Default local. DBS does not report " +
      "it back (DescribeBackupPlanList has no field for it), so a change made outside Pulumi is not detected.",
    always: true,
    onChange: "update",
    defaultValue: "local",
    check: checkChoice(TARGET_LOCATIONS),
  }),
  /** The directory on the destination server. */
  backupSetDownloadDir: optionalInput<string | undefined>({
    type: "string",
    description: "The directory on the destination server the files are written to, e.g. /data/dbs.",
    onChange: "update",
    check: checkDirectory,
  }),
  /** Native | SQL | CSV | JSON (default CSV): the format of downloaded full backup sets. */
  fullDataFormat: optionalInput<BackupSetDataFormat>({
    type: FORMAT_TYPE,
    description:
      "The format of downloaded full backup sets: Native, SQL, CSV or JSON (case-sensitive). Default CSV.",
    always: true,
    onChange: "update",
    defaultValue: "CSV",
    check: checkDataFormat,
  }),
  /** Native | SQL | CSV | JSON (default Native): the format of downloaded incremental backup sets. */
  incrementDataFormat: optionalInput<BackupSetDataFormat>({
    type: FORMAT_TYPE,
    description:
      "The format of downloaded incremental backup sets: Native, SQL, CSV or JSON (case-sensitive). Default Native.",
    always: true,
    onChange: "update",
    defaultValue: "Native",
    check: checkDataFormat,
  }),
  /** The ClientToken of the last ModifyBackupSetDownloadRules call; the next change's token follows from it. */
  clientToken: output<string | undefined>({
    type: "string",
    description:
      "The ClientToken of the last ModifyBackupSetDownloadRules call. Each change's token is derived from the plan, " +
      "the region, the settings sent and this token, so a retried or re-run change sends the same token.",
  }),
};

type RuleName = Exclude<keyof typeof properties, "backupPlanId" | "region" | "clientToken">;

/** Each rule, the parameter that sets it and the plan-detail field that reports it (none: never reported). */
const RULES: [RuleName, keyof ModifyBackupSetDownloadRulesRequest, keyof BackupPlanDetail | undefined][] = [
  ["openAutoDownload", "OpenAutoDownload", "OpenBackupSetAutoDownload"],
  ["backupGatewayId", "BackupGatewayId", "BackupSetDownloadGatewayId"],
  ["backupSetDownloadTargetType", "BackupSetDownloadTargetType", "BackupSetDownloadTargetType"],
  ["backupSetDownloadTargetTypeLocation", "BackupSetDownloadTargetTypeLocation", undefined],
  ["backupSetDownloadDir", "BackupSetDownloadDir", "BackupSetDownloadDir"],
  ["fullDataFormat", "FullDataFormat", "BackupSetDownloadFullDataFormat"],
  ["incrementDataFormat", "IncrementDataFormat", "BackupSetDownloadIncrementDataFormat"],
];

const INPUTS = Object.keys(properties).filter((name) => properties[name as keyof typeof properties].input);

/**
 * The rules that matter when comparing two settings: while automatic download stays off, DBS does not
 * use the others (and need not report them), so only openAutoDownload counts.
 */
function comparedRules(before: PropertyBag, after: PropertyBag): RuleName[] {
  const off = (bag: PropertyBag) => (bag.openAutoDownload ?? true) === false;
  return off(before) && off(after) ? ["openAutoDownload"] : RULES.map(([rule]) => rule);
}

/** The request that sets every rule of the checked inputs (rules not set are left out). */
export function modifyRequest(inputs: PropertyBag): ModifyBackupSetDownloadRulesRequest {
  const request: Record<string, unknown> = { BackupPlanId: inputs.backupPlanId };
  for (const [rule, param] of RULES) if (inputs[rule] !== undefined) request[param] = inputs[rule];
  return request as unknown as ModifyBackupSetDownloadRulesRequest;
}

/**
 * The ClientToken of one change: derived from the request (plan and every rule sent), the region, the
 * operation and the token of the change it follows, so a retried or re-run change sends the same token
 * and a return to an earlier setting (A → B → A) never reuses the earlier one.
 */
export function changeToken(
  request: Omit<ModifyBackupSetDownloadRulesRequest, "ClientToken">,
  region: string,
  operation: ChangeTokenSeed["operation"],
  previous: unknown,
  nonce?: string,
): string {
  const params = Object.fromEntries(Object.entries(request).map(([key, value]) => [key, String(value)]));
  return deriveClientToken({
    action: ACTION,
    region,
    params,
    operation,
    previous: typeof previous === "string" ? previous : undefined,
    nonce,
  });
}

/** The rules a plan detail reports, in input names; a rule the plan does not report is left out. */
function reportedRules(detail: BackupPlanDetail): PropertyBag {
  const rules: PropertyBag = {};
  for (const [rule, , field] of RULES) {
    if (field && detail[field] !== undefined && detail[field] !== "") rules[rule] = detail[field];
  }
  return rules;
}

/** The plan's detail, or undefined when DBS does not list it. */
async function describePlan(client: DbsClient, planId: string): Promise<BackupPlanDetail | undefined> {
  const response = await client.call("DescribeBackupPlanList", { BackupPlanId: planId });
  return response.Items?.BackupPlanDetail?.find((plan) => plan.BackupPlanId === planId);
}

/** The rules set in `wanted` that the plan reports otherwise (only those DBS reports). */
function differences(wanted: PropertyBag, detail: BackupPlanDetail): string[] {
  const reported = reportedRules(detail);
  const readable = RULES.filter(([, , field]) => field !== undefined).map(([rule]) => rule);
  return comparedRules(wanted, reported).filter(
    (rule) => readable.includes(rule) && wanted[rule] !== undefined && wanted[rule] !== reported[rule],
  );
}

/**
 * Sets the rules with one Modify call, then reads the plan back. DBS replays a token it has seen with
 * the same parameters without changing anything: when the plan does not show the rules (a token of an
 * earlier life of this resource came back, e.g. create after delete), they are sent once more with a
 * fresh token. Returns the token that set them.
 */
async function apply(
  inputs: PropertyBag,
  settings: ProviderSettings,
  operation: "create" | "update",
  previous: unknown,
): Promise<string> {
  const region = inputs.region as string;
  const client = await openDbsClient(settings, region);
  const request = modifyRequest(inputs);
  const token = changeToken(request, region, operation, previous);
  await client.call(ACTION, { ...request, ClientToken: token });
  const detail = await describePlan(client, request.BackupPlanId);
  if (!detail)
    throw new Error(`DBS DescribeBackupPlanList no longer lists backup plan ${request.BackupPlanId}`);
  if (differences(inputs, detail).length === 0) return token;
  const fresh = changeToken(request, region, "reapply", token, randomUUID());
  await client.call(ACTION, { ...request, ClientToken: fresh });
  return fresh;
}

function regionOf(props: PropertyBag, settings: ProviderSettings, what: string): string {
  const { region, failure } = resolveRegion(props.region, settings, "the resource's region argument");
  if (failure) throw new Error(`cannot ${what}: ${failure.reason}`);
  return region as string;
}

const description =
  "The automatic-download rules of a DBS backup plan (ModifyBackupSetDownloadRules): with automatic download " +
  "on, DBS delivers every new backup set of the plan to a backup gateway, in the chosen formats. One resource " +
  "per backup plan; the resource ID is the backup plan ID. A change of a rule updates the plan in place (one " +
  "ModifyBackupSetDownloadRules call); a refresh reads the rules back from the plan (DescribeBackupPlanList), " +
  "so a change made in the console shows as drift.\n\n" +
  "**Deleting the resource turns automatic download off** for the plan (OpenAutoDownload false); the plan " +
  "itself is kept.\n\n## Import\n\nExisting rules are adopted by the backup plan ID; the region comes from " +
  `the provider configuration (\`${NAMESPACE}:region\`). DBS does not report the target location ` +
  "(backupSetDownloadTargetTypeLocation), so an import assumes its default, local.\n\n" +
  `\`\`\`sh\n$ pulumi import ${NAMESPACE}:index:BackupSetDownloadRules nightly dbstooi01e****\n\`\`\`\n`;

export const backupSetDownloadRules: ResourceDefinition<typeof properties> = {
  kind: "resource",
  type: "BackupSetDownloadRules",
  description,
  properties,
  check(_olds, news, { settings, problems }) {
    const region = resolveRegion(news.region, settings, "the resource's region argument");
    const rules = withDefaults(properties, news);
    const needsGateway =
      rules.openAutoDownload === true &&
      (news.backupGatewayId === undefined || news.backupGatewayId === null);
    const failures = [
      ...checkValues(properties, news),
      needsGateway
        ? {
            property: "backupGatewayId",
            reason:
              "backupGatewayId is required when openAutoDownload is true: the ID of the backup gateway that " +
              "receives the files, e.g. 1234567",
          }
        : undefined,
      region.failure,
      ...problems.map(({ reason }) => ({ property: "", reason })),
    ].filter((failure): failure is CheckFailure => failure !== undefined);
    if (failures.length > 0) return { failures };
    const given = INPUTS.filter((name) => rules[name] !== undefined).map((name) => [name, rules[name]]);
    return { inputs: { ...Object.fromEntries(given), region: region.region }, failures };
  },
  diff(olds, news): PropertyChange[] {
    const compared = comparedRules(olds, news);
    const skip = RULES.map(([rule]) => rule).filter((rule) => !compared.includes(rule));
    return changedInputs(properties, olds, news, skip);
  },
  async create(inputs, settings) {
    const clientToken = await apply(inputs, settings, "create", undefined);
    return { id: inputs.backupPlanId as string, outs: { ...inputs, clientToken } };
  },
  async update(_id, olds, news, settings) {
    const clientToken = await apply(news, settings, "update", olds.clientToken);
    return { ...news, clientToken };
  },
  async read(id, props, settings) {
    const region = regionOf(props, settings, `read the download rules of backup plan ${id}`);
    const client = await openDbsClient(settings, region);
    const detail = await describePlan(client, id);
    if (!detail) return undefined;
    const reported = reportedRules(detail);
    // The target location is never reported: it keeps its stored value (its default when imported).
    const location =
      props.backupSetDownloadTargetTypeLocation ??
      properties.backupSetDownloadTargetTypeLocation.defaultValue;
    const kept = Object.entries(props).filter(
      ([key]) => !RULES.some(([rule, , field]) => rule === key && field),
    );
    return {
      outputs: {
        ...Object.fromEntries(kept),
        ...reported,
        backupSetDownloadTargetTypeLocation: location,
        backupPlanId: id,
        region,
      },
      inputs: { ...reported, backupPlanId: id },
    };
  },
  async delete(id, props, settings) {
    const current = settings();
    const region = regionOf(props, current, `turn off automatic download of backup plan ${id}`);
    const client = await openDbsClient(current, region);
    const request = { BackupPlanId: id, OpenAutoDownload: false };
    const token = changeToken(request, region, "delete", props.clientToken);
    try {
      await client.call(ACTION, { ...request, ClientToken: token });
    } catch (error) {
      // The plan is gone, and with it its rules.
      if ((error as DbsError).code !== "Param.NotFound") throw error;
    }
  },
};
