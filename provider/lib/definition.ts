// The shape of a resource or function definition (provider/resources/): its properties with their
// types, descriptions, defaults, what a change does and secrecy; its checks; its operations. Both faces,
// the schema and the SDKs read definitions through this shape only. Pure.
import type { ProviderSettings, SettingsResult } from "./settings";
import type { CheckFailure, PropertyBag } from "./values";
import { canonicalJson } from "./clientToken";
import type { ScreenedInputs } from "./inputScreen";
import { screenInputs } from "./inputScreen";
import { containsUnknown } from "./values";

/** A named type of the schema (`alicloud-dbs:index:<name>`): an enum of strings or an object. */
export interface EnumType {
  name: string;
  description: string;
  values: readonly string[];
}

export interface ObjectType {
  name: string;
  description: string;
  properties: Record<
    string,
    { type: "string" | "integer"; description: string; required?: boolean; secret?: boolean }
  >;
}

export type SchemaType = "string" | "integer" | "number" | "boolean" | "any" | EnumType;

export interface Property<T = unknown, Input extends boolean = boolean, Required extends boolean = boolean> {
  /** Compile time only: the value's type in programs. */
  readonly valueType?: T;
  type: SchemaType;
  description: string;
  /** Set by programs (an input), or by the provider only (an output). */
  input: Input;
  /** An input that must be set. */
  required: Required;
  /** Always in the state once checked or created (the schema lists it as required). */
  always?: boolean;
  /** What a change of the input does: replace the resource, update it in place, or nothing at all. */
  onChange?: "replace" | "update" | "ignore";
  /** Stored encrypted and shown as [secret]. */
  secret?: boolean;
  /** The value check check applies, naming the property, the value and what is allowed. */
  check?(property: string, value: unknown): CheckFailure | undefined;
  /**
   * What check fills in when the input is not set. (Not named `default`: Pulumi's closure serializer
   * takes an object with a `default` key for a module namespace and fails on it.)
   */
  defaultValue?: T;
}

export type Spec<T> = Omit<Property<T>, "input" | "required" | "valueType">;

export function requiredInput<T>(spec: Spec<T>): Property<T, true, true> {
  return { ...spec, input: true, required: true };
}

export function optionalInput<T>(spec: Spec<T>): Property<T, true, false> {
  return { ...spec, input: true, required: false };
}

export function output<T>(spec: Spec<T>): Property<T, false, false> {
  return { ...spec, input: false, required: false };
}

export type PropertyTable = Record<string, Property>;

export type ValueOf<P> = P extends Property<infer T> ? T : never;

export type RequiredInputs<Ps> = {
  [K in keyof Ps as Ps[K] extends { input: true; required: true } ? K : never]: ValueOf<Ps[K]>;
};
export type OptionalInputs<Ps> = {
  [K in keyof Ps as Ps[K] extends { input: true; required: false } ? K : never]?: ValueOf<Ps[K]>;
};
/** The inputs of a table as plain values (a function's arguments). */
export type InputsOf<Ps> = RequiredInputs<Ps> & OptionalInputs<Ps>;
/** Every property of a table as plain values (a resource's state). */
export type StateOf<Ps> = { [K in keyof Ps]: ValueOf<Ps[K]> };

/** Which stack resource a resource is: project, stack and name (the ClientToken's scope). */
export interface TokenScope {
  project: string;
  stack: string;
  name: string;
}

export interface PropertyChange {
  property: string;
  kind: "add" | "delete" | "update";
  /** The change replaces the resource (else it is updated in place). */
  replace: boolean;
}

/** `inputs` is set exactly when there are no failures. During preview any value may be unknown. */
export interface CheckResult {
  inputs?: PropertyBag;
  failures: CheckFailure[];
}

export interface ResourceDefinition<Ps extends PropertyTable = PropertyTable> {
  kind: "resource";
  /** The type name in every face: `alicloud-dbs:index:<type>`, `pulumi-nodejs:dynamic/alicloud-dbs:<type>`. */
  type: string;
  /** What the resource is, and its docs (import, delete). */
  description: string;
  properties: Ps;
  /**
   * Validates `news` (the program's inputs) and fills in what the provider decides; bad provider settings
   * fail on property "". `olds` are the inputs stored by the previous check, if any. Never throws.
   */
  check(olds: PropertyBag, news: PropertyBag, settings: SettingsResult, scope: TokenScope): CheckResult;
  /** `olds` are the stored outputs, `news` the checked inputs. Local: no API call. */
  diff(olds: PropertyBag, news: PropertyBag): PropertyChange[];
  /** `cancel` ends a wait early (the engine was interrupted). */
  create(
    inputs: PropertyBag,
    settings: ProviderSettings,
    cancel?: AbortSignal,
  ): Promise<{ id: string; outs: PropertyBag }>;
  update(
    id: string,
    olds: PropertyBag,
    news: PropertyBag,
    settings: ProviderSettings,
    cancel?: AbortSignal,
  ): Promise<PropertyBag>;
  /**
   * Refresh, `get` and import: the stored outputs with the current state, and the inputs as the API
   * reports them (what an import adopts); undefined when the resource is gone.
   */
  read(
    id: string,
    props: PropertyBag,
    settings: ProviderSettings,
  ): Promise<{ outputs: PropertyBag; inputs: PropertyBag } | undefined>;
  /** `settings` are read only when called: a delete that makes no API call works whatever they are. */
  delete(id: string, props: PropertyBag, settings: () => ProviderSettings): Promise<void>;
}

export interface FunctionDefinition<Ps extends PropertyTable = PropertyTable, R = unknown> {
  kind: "function";
  /** The function's name in every face (`alicloud-dbs:index:<name>`, the package root's export). */
  name: string;
  description: string;
  inputs: Ps;
  /** Its result: an object type, or an object with one property holding an array of that type. */
  result: { type: ObjectType; arrayIn?: string };
  /** Every problem with the arguments and the settings, before any request. */
  check(args: PropertyBag, settings: SettingsResult): CheckFailure[];
  run(settings: ProviderSettings, args: InputsOf<Ps>): Promise<R>;
}

export type Definition = ResourceDefinition | FunctionDefinition;

/** The definitions of a registry module, in its order. */
export function definitionsOf(registry: Record<string, Definition>): Definition[] {
  return Object.values(registry);
}

/** The names of a table's inputs, in table order. */
function inputNames(properties: PropertyTable): string[] {
  return Object.keys(properties).filter((name) => properties[name].input);
}

/** The definition's own failures on the inputs the screen did not withhold, then the screen's. */
function afterScreen(screened: ScreenedInputs, own: CheckFailure[]): CheckFailure[] {
  return [...own.filter((f) => !screened.withheld.includes(f.property)), ...screened.failures];
}

/**
 * A resource's check as every face runs it: the inputs screened (unknown keys, values past the limits;
 * `faceKeys` are keys the face passes itself), then the definition's own check. Never throws.
 */
export function checkResource(
  definition: ResourceDefinition,
  olds: PropertyBag,
  news: PropertyBag,
  settings: SettingsResult,
  scope: TokenScope,
  faceKeys: readonly string[] = [],
): CheckResult {
  const screened = screenInputs(definition.type, inputNames(definition.properties), news, faceKeys);
  const own = definition.check(olds, screened.inputs, settings, scope);
  const failures = afterScreen(screened, own.failures);
  return failures.length > 0 ? { failures } : own;
}

/** A function's check as every face runs it: its arguments screened, then the definition's own check. */
export function checkArguments(
  definition: FunctionDefinition,
  args: PropertyBag,
  settings: SettingsResult,
): CheckFailure[] {
  const screened = screenInputs(definition.name, inputNames(definition.inputs), args);
  return afterScreen(screened, definition.check(screened.inputs, settings));
}

/** Every value check of a table's inputs, in table order. */
export function checkValues(properties: PropertyTable, news: PropertyBag): (CheckFailure | undefined)[] {
  return Object.entries(properties).map(([name, spec]) => spec.check?.(name, news[name]));
}

/** The inputs with their defaults filled in. */
export function withDefaults(properties: PropertyTable, inputs: PropertyBag): PropertyBag {
  const filled = { ...inputs };
  for (const [name, spec] of Object.entries(properties)) {
    if (spec.input && filled[name] === undefined && spec.defaultValue !== undefined)
      filled[name] = spec.defaultValue;
  }
  return filled;
}

/**
 * The inputs that changed between the stored outputs and the checked inputs, each with what the change
 * does; a missing value counts as its default. Inputs in `skip` have rules of their own.
 */
export function changedInputs(
  properties: PropertyTable,
  olds: PropertyBag,
  news: PropertyBag,
  skip: readonly string[] = [],
): PropertyChange[] {
  return Object.entries(properties).flatMap(([property, spec]) => {
    if (!spec.input || spec.onChange === "ignore" || skip.includes(property)) return [];
    const before = olds[property] ?? spec.defaultValue;
    const after = news[property] ?? spec.defaultValue;
    if (!containsUnknown(after) && canonicalJson(before) === canonicalJson(after)) return [];
    return [propertyChange(property, before, after, spec.onChange !== "update")];
  });
}

export function propertyChange(
  property: string,
  before: unknown,
  after: unknown,
  replace: boolean,
): PropertyChange {
  const kind = before === undefined ? "add" : after === undefined ? "delete" : "update";
  return { property, kind, replace };
}

/** The names of a table's secret properties. */
export function secretNames(properties: PropertyTable): string[] {
  return Object.keys(properties).filter((name) => properties[name].secret);
}
