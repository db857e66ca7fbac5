// The plugin's Pulumi package schema, derived from the core's tables: the kinds and their inputs, the
// outputs table, the lookup result fields, and the provider configuration. Pure.
import { BACKUP_SET_STATUSES, FULL_BACKUP_SET_FIELDS, INCREMENT_BACKUP_SET_FIELDS } from "../core/lookups";
import type { ResultField } from "../core/lookups";
import { DATA_FORMATS } from "../core/inputs";
import type { DownloadKind } from "../core/kinds";
import { fullDownload, incrementDownload, TASK_INPUTS } from "../core/kinds";
import { TASK_OUTPUTS } from "../core/outputs";
import { CONFIG_VARIABLES } from "./config";
import EXAMPLES from "./examples.json";

export const PACKAGE = "alicloud-dbs";
const REPOSITORY = "https://github.com/pulumi-alicloud-dbs/pulumi-alicloud-dbs";

interface PropertySpec {
  type?: string;
  $ref?: string;
  items?: PropertySpec;
  description?: string;
  secret?: boolean;
  willReplaceOnChanges?: boolean;
}

type Properties = Record<string, PropertySpec>;

const FORMAT_TYPE = `${PACKAGE}:index:BackupSetDataFormat`;
const FULL_SET_TYPE = `${PACKAGE}:index:FullBackupSet`;
const INCREMENT_SET_TYPE = `${PACKAGE}:index:IncrementBackupSet`;

function taskInputs<Own>(kind: DownloadKind<Own>): Properties {
  const own = Object.fromEntries(
    kind.ownProperties.map((p) => [
      p.name,
      { type: "string", description: p.description, willReplaceOnChanges: true },
    ]),
  );
  const shared = Object.fromEntries(
    Object.entries(TASK_INPUTS).map(([name, { type, description }]) => {
      const spec: PropertySpec =
        type === "format"
          ? { $ref: `#/types/${FORMAT_TYPE}`, description: `${description} Default ${kind.defaultFormat}.` }
          : type === "any"
            ? { $ref: "pulumi.json#/Any", description }
            : { type, description };
      // Every change of these starts a new task; the two wait arguments only shape a create.
      if (!["waitForCompletion", "timeoutMinutes"].includes(name)) spec.willReplaceOnChanges = true;
      return [name, spec];
    }),
  );
  return { ...own, ...shared };
}

function taskOutputs(): Properties {
  const outputs = Object.fromEntries(
    Object.entries(TASK_OUTPUTS).map(([name, spec]) => [
      name,
      { type: spec.type, description: spec.description, ...(spec.secret && { secret: true }) },
    ]),
  );
  return {
    ...outputs,
    clientTokenSource: {
      type: "string",
      description:
        "Where clientToken came from: `pdbs1` (derived, with that scheme), `explicit`, or `imported` (an adopted " +
        "task, whose token DBS does not report).",
    },
  };
}

function importSection<Own>(kind: DownloadKind<Own>, example: string): string {
  return (
    `\n\nDBS has no API to delete or cancel a download task: destroying the resource only removes it from the ` +
    `state.\n\n## Import\n\nAn existing download task is adopted by its ID; the region comes from the provider ` +
    `configuration (\`alicloud-dbs:region\`). DBS does not report the ClientToken a task was created with, so an ` +
    `imported task records \`clientTokenSource\` \`imported\` and no \`clientToken\`, and is never replaced ` +
    `because of its token.\n\n\`\`\`sh\n$ pulumi import ${PACKAGE}:index:${kind.type} ${example} dbstooi01e****\n\`\`\`\n`
  );
}

function resource<Own>(kind: DownloadKind<Own>, example: string) {
  const inputs = taskInputs(kind);
  const own = kind.ownProperties.map((p) => p.name);
  return {
    description: kind.description + importSection(kind, example),
    inputProperties: inputs,
    requiredInputs: own,
    properties: { ...inputs, ...taskOutputs() },
    required: [
      ...own,
      "backupSetDataFormat",
      "region",
      "waitForCompletion",
      "timeoutMinutes",
      "backupSetDownloadTaskId",
      "clientTokenSource",
    ],
  };
}

function resultType<W>(description: string, fields: Record<string, ResultField<W>>) {
  return {
    type: "object",
    description,
    properties: Object.fromEntries(
      Object.entries(fields).map(([name, f]) => [name, { type: f.type, description: f.description }]),
    ),
    required: Object.entries(fields)
      .filter(([, f]) => f.required)
      .map(([name]) => name),
  };
}

const LIST_INPUTS: Properties = {
  backupPlanId: { type: "string", description: "The ID of the backup plan, e.g. dbstooi01e****." },
  startTimestamp: {
    type: "integer",
    description: "Only backup sets that started at or after this time, in epoch milliseconds.",
  },
  endTimestamp: {
    type: "integer",
    description: "Only backup sets that started at or before this time, in epoch milliseconds.",
  },
  region: { type: "string", description: "The region of the backup plan. Default: the provider's region." },
};

function listFunction(description: string, inputs: Properties, itemType: string) {
  return {
    description,
    inputs: { properties: inputs, required: ["backupPlanId"] },
    outputs: {
      properties: { backupSets: { type: "array", items: { $ref: `#/types/${itemType}` } } },
      required: ["backupSets"],
    },
  };
}

/** Each description followed by its token's examples block, generated from docs/examples (npm run gen-docs). */
function withExamples<Spec extends { description: string }>(
  specs: Record<string, Spec>,
): Record<string, Spec> {
  const examples: Record<string, string> = EXAMPLES;
  return Object.fromEntries(
    Object.entries(specs).map(([token, spec]) => [
      token,
      { ...spec, description: spec.description + (examples[token] ?? "") },
    ]),
  );
}

/** The schema JSON that GetSchema serves and the SDKs are generated from. */
export function pluginSchema(version: string) {
  const config = Object.fromEntries(
    Object.entries(CONFIG_VARIABLES).map(([name, v]) => [
      name,
      { type: v.type, description: v.description, ...(v.secret && { secret: true }) },
    ]),
  );
  const fullSet = resultType(
    "A full backup set (DescribeFullBackupList); times are epoch milliseconds.",
    FULL_BACKUP_SET_FIELDS,
  );
  return {
    name: PACKAGE,
    displayName: "Alibaba Cloud DBS backup-set downloads",
    version,
    description: "Alibaba Cloud DBS (Database Backup) backup-set download tasks as Pulumi resources.",
    keywords: ["pulumi", "alicloud", "alibabacloud", "dbs", "backup", "category/database", "kind/native"],
    license: "Apache-2.0",
    publisher: "pulumi-alicloud-dbs",
    homepage: REPOSITORY,
    repository: REPOSITORY,
    logoUrl: "https://raw.githubusercontent.com/pulumi-alicloud-dbs/pulumi-alicloud-dbs/main/docs/logo.svg",
    config: { variables: config },
    provider: {
      description: "The alicloud-dbs provider: where and as whom the DBS API is called.",
      inputProperties: config,
    },
    types: {
      [FORMAT_TYPE]: {
        type: "string",
        description: "The format of downloaded backup data.",
        enum: DATA_FORMATS.map((value) => ({ value })),
      },
      [FULL_SET_TYPE]: fullSet,
      [INCREMENT_SET_TYPE]: resultType(
        "An incremental (binlog) backup set (DescribeIncrementBackupList); download it with backupSetId = " +
          "backupSetJobId and backupSetName = backupSetId.",
        INCREMENT_BACKUP_SET_FIELDS,
      ),
    },
    resources: withExamples({
      [`${PACKAGE}:index:${fullDownload.type}`]: resource(fullDownload, "nightly-sql"),
      [`${PACKAGE}:index:${incrementDownload.type}`]: resource(incrementDownload, "binlog-54"),
    }),
    functions: withExamples({
      [`${PACKAGE}:index:listFullBackupSets`]: listFunction(
        "All full backup sets of a backup plan (DescribeFullBackupList, every page).",
        {
          ...LIST_INPUTS,
          backupSetStatus: {
            type: "string",
            description: `Only backup sets with this status: ${BACKUP_SET_STATUSES.join(", ")}.`,
          },
        },
        FULL_SET_TYPE,
      ),
      [`${PACKAGE}:index:listIncrementBackupSets`]: listFunction(
        "All incremental (binlog) backup sets of a backup plan (DescribeIncrementBackupList, every page).",
        LIST_INPUTS,
        INCREMENT_SET_TYPE,
      ),
      [`${PACKAGE}:index:getLatestFullBackupSet`]: {
        description: "The newest full backup set of a backup plan with status `finish` (by finish time).",
        inputs: {
          properties: { backupPlanId: LIST_INPUTS.backupPlanId, region: LIST_INPUTS.region },
          required: ["backupPlanId"],
        },
        outputs: { properties: fullSet.properties, required: fullSet.required },
      },
    }),
    language: {
      // For `pulumi package add` in .NET and Java: Pulumi.AliCloudDbs, and a Java package outside com.pulumi.
      csharp: {
        namespaces: { [PACKAGE]: "AliCloudDbs" },
        packageReferences: { Pulumi: "3.*" },
        respectSchemaVersion: true,
      },
      java: { basePackage: "io.github.pulumi_alicloud_dbs", buildFiles: "gradle" },
      nodejs: {
        packageName: "pulumi-alicloud-dbs-sdk",
        packageDescription:
          "Alibaba Cloud DBS backup-set downloads (generated SDK of the alicloud-dbs plugin).",
        peerDependencies: { "@pulumi/pulumi": "^3" },
        respectSchemaVersion: true,
      },
      python: {
        packageName: "pulumi_alicloud_dbs",
        requires: { pulumi: ">=3.0.0,<4.0.0" },
        respectSchemaVersion: true,
      },
      go: {
        importBasePath: "github.com/pulumi-alicloud-dbs/pulumi-alicloud-dbs/sdk/go/aliclouddbs",
        generateResourceContainerTypes: false,
        respectSchemaVersion: true,
      },
    },
  };
}
