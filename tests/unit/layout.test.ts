// Which folder may import which: product, developer tools and test support apart, and the emulator
// package on its own. Reads the import specifiers of every source file.
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const SPECIFIER = /(?:\bfrom|\brequire\(|\bimport\()\s*["']([^"']+)["']/g;

/** Every .ts/.js file under dir (repository-relative), without node_modules and build output. */
function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => /\.(ts|js)$/.test(file) && !/(^|\/)(node_modules|dist)\//.test(file))
    .map((file) => path.join(dir, file));
}

/** `file -> target` for each relative import of a file under `from` that lands in one of `forbidden`. */
function importsInto(from: string, forbidden: (target: string) => boolean): string[] {
  return sources(from).flatMap((file) =>
    [...readFileSync(path.join(ROOT, file), "utf8").matchAll(SPECIFIER)]
      .map((match) => match[1])
      .filter((spec) => spec.startsWith("."))
      .map((spec) => path.relative(ROOT, path.resolve(ROOT, path.dirname(file), spec)))
      .filter(forbidden)
      .map((target) => `${file} -> ${target}`),
  );
}

const under =
  (...dirs: string[]) =>
  (target: string) =>
    dirs.some((dir) => target === dir || target.startsWith(`${dir}/`));

describe("repository layout", () => {
  it("nothing outside tests/ imports test code", () => {
    for (const dir of ["provider", "packages", "tools", "scripts", "examples"]) {
      assert.deepEqual(importsInto(dir, under("tests")), [], dir);
    }
  });

  it("the product imports no developer tool and no emulator source (only the emulator package, by name)", () => {
    assert.deepEqual(importsInto("provider", under("tools", "scripts", "packages")), []);
  });

  it("the emulator package imports nothing outside itself", () => {
    const outside = (target: string) => !under("packages/emulator")(target);
    assert.deepEqual(importsInto("packages/emulator/src", outside), []);
  });
});
