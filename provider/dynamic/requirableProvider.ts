// How `__provider` stays one `require` however this package is installed.
//
// Pulumi's closure serializer (@pulumi/pulumi runtime/closure/createClosure.js) looks a captured
// object up in require.cache and, when it is a module's exports, writes `require("<name>")` only if
// that module's path runs through a node_modules directory; any other module it copies by value. Node
// records a module under its real path, so a package installed through a symlink (`npm install <dir>`,
// `npm link`, a `file:` dependency, an npm workspace) would have the provider's code, ~79 KB, copied
// into every resource's state, twice. The dynamic provider host evaluates `__provider` with a
// `require` that resolves from its working directory, the program's. So when the program's directory
// resolves this package's module by name to the very file the provider came from, a copy of the
// provider is registered in require.cache under that name below the program's node_modules, where the
// serializer finds it and writes the same `require` as for an install from the registry.
import { existsSync, readFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";

/** This package's root (the nearest directory above this file with a package.json) and its name. */
function ownPackage(): { root: string; name: string } | undefined {
  for (let root = __dirname; root !== path.dirname(root); root = path.dirname(root)) {
    const manifest = path.join(root, "package.json");
    if (existsSync(manifest))
      return { root, name: (JSON.parse(readFileSync(manifest, "utf8")) as { name: string }).name };
  }
  return undefined;
}

/** The object to serialize in place of `provider`, registered under its package path; else `provider`. */
function register(provider: pulumi.dynamic.ResourceProvider): pulumi.dynamic.ResourceProvider {
  const loaded = Object.values(require.cache).find((module) => module?.exports === provider);
  if (!loaded || loaded.filename.split(path.sep).includes("node_modules")) return provider;
  const own = ownPackage();
  if (!own) return provider;
  const { root, name } = own;
  const specifier = [name, ...path.relative(root, loaded.filename).split(path.sep)].join("/");
  try {
    // A require made for the directory itself: `require.resolve(specifier, { paths })` called here
    // would find this package by its own name first, wherever the program is.
    const resolved = createRequire(process.cwd() + path.sep).resolve(specifier);
    if (resolved !== loaded.filename) return provider;
  } catch {
    return provider; // not resolvable from the program's directory, e.g. a test run from the source tree
  }
  const key = path.join(process.cwd(), "node_modules", ...specifier.split("/"));
  if (require.cache[key]) return provider;
  const alias = new Module(key);
  alias.filename = key;
  alias.loaded = true;
  alias.exports = { ...provider };
  require.cache[key] = alias;
  return alias.exports as pulumi.dynamic.ResourceProvider;
}

const registered = new WeakMap<pulumi.dynamic.ResourceProvider, pulumi.dynamic.ResourceProvider>();

/** `provider` as the dynamic Resource should get it: one object per provider, so it is serialized once. */
export function requirableProvider(
  provider: pulumi.dynamic.ResourceProvider,
): pulumi.dynamic.ResourceProvider {
  let found = registered.get(provider);
  if (!found) {
    found = register(provider);
    registered.set(provider, found);
  }
  return found;
}
