// The plugin's Pulumi package schema, derived from the registry's definitions (resources/index.ts) and
// the configuration table. Pure.
import { CONFIG_KEYS, NAMESPACE, settingDescription, SETTINGS } from "../lib/config";
import type { Definition, EnumType, ObjectType, Property, PropertyTable } from "../lib/definition";
import { definitionsOf } from "../lib/definition";
import * as registry from "../resources";
import EXAMPLES from "./examples.json";

export { NAMESPACE as PACKAGE } from "../lib/config";

const REPOSITORY = "https://github.com/pulumi-alicloud-dbs/pulumi-alicloud-dbs";

interface PropertySpec {
  type?: string;
  $ref?: string;
  items?: PropertySpec;
  description?: string;
  secret?: boolean;
  willReplaceOnChanges?: boolean;
}

type NamedType = EnumType | ObjectType;

const typeToken = (type: NamedType) => `${NAMESPACE}:index:${type.name}`;
const typeRef = (type: NamedType) => `#/types/${typeToken(type)}`;

function propertySpec(spec: Property): PropertySpec {
  const { type, description } = spec;
  const shape: PropertySpec =
    typeof type === "object"
      ? { $ref: typeRef(type), description }
      : type === "any"
        ? { $ref: "pulumi.json#/Any", description }
        : { type, description };
  if (spec.secret) shape.secret = true;
  if (spec.onChange === "replace") shape.willReplaceOnChanges = true;
  return shape;
}

function propertySpecs(properties: PropertyTable, which: (spec: Property) => boolean) {
  return Object.fromEntries(
    Object.entries(properties)
      .filter(([, spec]) => which(spec))
      .map(([name, spec]) => [name, propertySpec(spec)]),
  );
}

function namesWhere(properties: PropertyTable, which: (spec: Property) => boolean): string[] {
  return Object.keys(properties).filter((name) => which(properties[name]));
}

function objectType(type: ObjectType) {
  return {
    type: "object",
    description: type.description,
    properties: Object.fromEntries(
      Object.entries(type.properties).map(([name, f]) => [
        name,
        { type: f.type, description: f.description, ...(f.secret && { secret: true }) },
      ]),
    ),
    required: Object.entries(type.properties)
      .filter(([, f]) => f.required)
      .map(([name]) => name),
  };
}

function entry(definition: Definition, token: string) {
  const description = withExamples(token, definition.description);
  if (definition.kind === "resource") {
    const { properties } = definition;
    const inputs = propertySpecs(properties, (spec) => spec.input);
    return {
      description,
      inputProperties: inputs,
      requiredInputs: namesWhere(properties, (spec) => spec.input && spec.required),
      properties: { ...inputs, ...propertySpecs(properties, (spec) => !spec.input) },
      required: namesWhere(properties, (spec) => spec.always === true),
    };
  }
  const { inputs, result } = definition;
  const object = objectType(result.type);
  return {
    description,
    inputs: {
      properties: propertySpecs(inputs, () => true),
      required: namesWhere(inputs, (spec) => spec.required),
    },
    outputs: result.arrayIn
      ? {
          properties: { [result.arrayIn]: { type: "array", items: { $ref: typeRef(result.type) } } },
          required: [result.arrayIn],
        }
      : { properties: object.properties, required: object.required },
  };
}

/** The named types the definitions use, in the order they first appear. */
function namedTypes(definitions: Definition[]): Record<string, object> {
  const types: Record<string, object> = {};
  for (const definition of definitions) {
    const properties = definition.kind === "resource" ? definition.properties : definition.inputs;
    for (const { type } of Object.values(properties)) {
      if (typeof type === "object") {
        types[typeToken(type)] = {
          type: "string",
          description: type.description,
          enum: type.values.map((value) => ({ value })),
        };
      }
    }
    if (definition.kind === "function")
      types[typeToken(definition.result.type)] = objectType(definition.result.type);
  }
  return types;
}

/** The schema JSON that GetSchema serves and the SDKs are generated from. */
/** A description followed by its token's examples block, generated from docs/examples (npm run gen-docs). */
function withExamples(token: string, description: string): string {
  const examples: Record<string, string> = EXAMPLES;
  return description + (examples[token] ?? "");
}

export function pluginSchema(version: string) {
  const config = Object.fromEntries(
    CONFIG_KEYS.map((name) => {
      const setting = SETTINGS[name];
      const spec = { type: setting.type, description: settingDescription(setting) };
      return [name, { ...spec, ...(setting.secret && { secret: true }) }];
    }),
  );
  const definitions = definitionsOf(registry);
  const token = (d: Definition) => `${NAMESPACE}:index:${d.kind === "resource" ? d.type : d.name}`;
  const section = (kind: Definition["kind"]) =>
    Object.fromEntries(definitions.filter((d) => d.kind === kind).map((d) => [token(d), entry(d, token(d))]));
  return {
    name: NAMESPACE,
    displayName: "Alibaba Cloud DBS backup-set downloads",
    version,
    description: "Alibaba Cloud DBS (Database Backup) backup-set download tasks as Pulumi resources.",
    keywords: ["pulumi", "alicloud", "alibabacloud", "dbs", "backup", "category/database", "kind/native"],
    license: "Apache-2.0",
    publisher: "pulumi-alicloud-dbs",
    homepage: REPOSITORY,
    repository: REPOSITORY,
    logoUrl: "https://raw.githubusercontent.com/pulumi-alicloud-dbs/pulumi-alicloud-dbs/main/docs/logo.svg",
    pluginDownloadURL: "github://api.github.com/pulumi-alicloud-dbs/pulumi-alicloud-dbs",
    config: { variables: config },
    provider: {
      description: "The alicloud-dbs provider: where and as whom the DBS API is called.",
      inputProperties: config,
    },
    types: namedTypes(definitions),
    resources: section("resource"),
    functions: section("function"),
    language: {
      // For `pulumi package add` in .NET and Java: Pulumi.AliCloudDbs, and a Java package outside com.pulumi.
      csharp: {
        namespaces: { [NAMESPACE]: "AliCloudDbs" },
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
