// How the provider protocol carries secrets and the resource's identity inside property values. Pure.
import type { TokenScope } from "../lib/definition";
import type { PropertyBag } from "../lib/values";

// The engine's signature of a secret value in a Struct (resource.SecretSig).
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A value the engine stores encrypted and shows as [secret]. */
export function secret(value: unknown): PropertyBag {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** `value` with every secret replaced by what it wraps. */
export function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value === null || typeof value !== "object") return value;
  const bag = value as PropertyBag;
  if (bag[SIG_KEY] === SECRET_SIG) return unwrapSecrets(bag.value);
  return Object.fromEntries(Object.entries(bag).map(([key, entry]) => [key, unwrapSecrets(entry)]));
}

/** `bag` without undefined entries, which a protobuf Struct cannot carry. */
export function defined(bag: PropertyBag): PropertyBag {
  return Object.fromEntries(Object.entries(bag).filter(([, value]) => value !== undefined));
}

/**
 * The project, stack and resource name of a URN (`urn:pulumi:<stack>::<project>::<type>::<name>`):
 * the scope of a derived ClientToken, the same the dynamic resources pass as `tokenScope`.
 */
export function tokenScopeOf(urn: string): TokenScope {
  const parts = urn.split("::");
  if (parts.length < 4 || !parts[0].startsWith("urn:pulumi:")) throw new Error(`not a resource URN: ${urn}`);
  return { stack: parts[0].slice("urn:pulumi:".length), project: parts[1], name: parts.slice(3).join("::") };
}

/** The resource type of a URN, without its parent types (`…$alicloud-dbs:index:FullBackupSetDownload`). */
export function typeOf(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.slice(qualified.lastIndexOf("$") + 1);
}
