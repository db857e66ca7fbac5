/**
 * Pure: what a new plugin schema breaks for programs and stacks written against an older one. Breaking:
 * a removed resource, function or type; a removed property (input or output, of a resource, a function,
 * an object type or the provider); a property whose type changed; a removed enum value; an input that
 * became required. Allowed only with a new major version. Descriptions, new optional inputs, new
 * outputs, new resources and functions are not breaking.
 */

interface TypeSpec {
  type?: string;
  $ref?: string;
  items?: TypeSpec;
  additionalProperties?: TypeSpec;
  oneOf?: TypeSpec[];
}

interface ObjectSpec {
  properties?: Record<string, TypeSpec>;
  required?: string[];
}

interface ResourceSpec extends ObjectSpec {
  inputProperties?: Record<string, TypeSpec>;
  requiredInputs?: string[];
}

interface TypeDefinition extends ObjectSpec {
  type?: string;
  enum?: { value: unknown }[];
}

export interface PackageSchema {
  version?: string;
  resources?: Record<string, ResourceSpec>;
  functions?: Record<string, { inputs?: ObjectSpec; outputs?: ObjectSpec }>;
  types?: Record<string, TypeDefinition>;
  provider?: ResourceSpec;
}

/** A property's type as one comparable string, e.g. "array<#/types/x>". */
export function typeName(spec: TypeSpec): string {
  if (spec.$ref) return spec.$ref;
  if (spec.oneOf) return `oneOf<${spec.oneOf.map(typeName).join("|")}>`;
  if (spec.type === "array" && spec.items) return `array<${typeName(spec.items)}>`;
  if (spec.type === "object" && spec.additionalProperties)
    return `map<${typeName(spec.additionalProperties)}>`;
  return spec.type ?? "any";
}

/** Breaking changes between two property tables (`what` names their owner, e.g. "resource x input"). */
function properties(
  what: string,
  olds?: Record<string, TypeSpec>,
  news?: Record<string, TypeSpec>,
): string[] {
  return Object.entries(olds ?? {}).flatMap(([name, old]) => {
    const now = news?.[name];
    if (!now) return [`${what} ${name} was removed`];
    const [from, to] = [typeName(old), typeName(now)];
    return from === to ? [] : [`${what} ${name} changed type from ${from} to ${to}`];
  });
}

function newlyRequired(what: string, olds: string[] = [], news: string[] = []): string[] {
  return news.filter((name) => !olds.includes(name)).map((name) => `${what} ${name} is newly required`);
}

function removed<T>(what: string, olds: Record<string, T> = {}, news: Record<string, T> = {}): string[] {
  return Object.keys(olds)
    .filter((token) => !(token in news))
    .map((token) => `${what} ${token} was removed`);
}

/** The breaking changes from `old` to `now`, one sentence each. */
export function breakingChanges(old: PackageSchema, now: PackageSchema): string[] {
  const changes = [
    ...removed("resource", old.resources, now.resources),
    ...removed("function", old.functions, now.functions),
    ...removed("type", old.types, now.types),
  ];
  const resources: [string, ResourceSpec | undefined, ResourceSpec | undefined][] = [
    ...Object.entries(old.resources ?? {}).map(
      ([token, spec]): [string, ResourceSpec, ResourceSpec | undefined] => [
        `resource ${token}`,
        spec,
        now.resources?.[token],
      ],
    ),
    ["provider", old.provider, now.provider],
  ];
  for (const [what, was, is] of resources) {
    if (!was || !is) continue;
    changes.push(
      ...properties(`${what} input`, was.inputProperties, is.inputProperties),
      ...properties(`${what} output`, was.properties, is.properties),
      ...newlyRequired(`${what} input`, was.requiredInputs, is.requiredInputs),
    );
  }
  for (const [token, was] of Object.entries(old.functions ?? {})) {
    const is = now.functions?.[token];
    if (!is) continue;
    changes.push(
      ...properties(`function ${token} input`, was.inputs?.properties, is.inputs?.properties),
      ...properties(`function ${token} output`, was.outputs?.properties, is.outputs?.properties),
      ...newlyRequired(`function ${token} input`, was.inputs?.required, is.inputs?.required),
    );
  }
  for (const [token, was] of Object.entries(old.types ?? {})) {
    const is = now.types?.[token];
    if (!is) continue;
    if ((was.type ?? "object") !== (is.type ?? "object")) {
      changes.push(`type ${token} changed from ${was.type ?? "object"} to ${is.type ?? "object"}`);
    }
    const values = new Set((is.enum ?? []).map((v) => JSON.stringify(v.value)));
    for (const { value } of was.enum ?? []) {
      if (!values.has(JSON.stringify(value)))
        changes.push(`type ${token} value ${JSON.stringify(value)} was removed`);
    }
    changes.push(
      ...properties(`type ${token} property`, was.properties, is.properties),
      ...newlyRequired(`type ${token} property`, was.required, is.required),
    );
  }
  return changes;
}

const major = (version: string): string => version.replace(/^v/, "").split(".")[0];

/**
 * What fails a release: the breaking changes from the last release's schema, unless the major version
 * changes (then none).
 */
export function compatibilityFailures(
  last: { version: string; schema: PackageSchema },
  now: PackageSchema & { version: string },
): string[] {
  if (major(last.version) !== major(now.version)) return [];
  return breakingChanges(last.schema, now);
}
