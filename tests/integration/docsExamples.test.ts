// The examples in the schema's descriptions (provider/plugin/examples.json, from docs/examples by
// `npm run gen-docs`): generated from their YAML sources as committed, one per language for every
// resource and function, and each one accepted by its language's own tools against the generated SDKs.
import { strict as assert } from "node:assert";
import { promises as fs, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { GO_EXAMPLE, goVersion, pointGoSdkReplace, pythonWithSdk, typeCheck } from "../support/languageSdks";
import { run } from "../../scripts/release/cachedTools";
import { pluginSchema } from "../../provider/plugin/schema";
import EXAMPLES from "../../provider/plugin/examples.json";

const REPO_ROOT = path.resolve(__dirname, "../..");
const LANGUAGES = ["typescript", "python", "go", "yaml"] as const;
type Language = (typeof LANGUAGES)[number];

/** Every example of every token: its title and its program per language. */
function examples(): { token: string; title: string; code: Record<Language, string> }[] {
  return Object.entries(EXAMPLES as Record<string, string>).flatMap(([token, block]) =>
    [...block.matchAll(/{{% example %}}\n### (.*)\n([\s\S]*?){{% \/example %}}/g)].map(([, title, body]) => {
      const fences = [...body.matchAll(/```(\w+)\n([\s\S]*?)\n```/g)].map(([, language, code]) => [
        language,
        code,
      ]);
      return { token, title, code: Object.fromEntries(fences) as Record<Language, string> };
    }),
  );
}

/** A readable directory or file name for an example. */
function slug(index: number): string {
  return `example${String(index).padStart(2, "0")}`;
}

describe("integration: the examples of the schema's descriptions", function () {
  this.timeout(180_000);
  let scratch: string;

  before(async () => {
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), "docs-examples-"));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it("are what docs/examples converts to (npm run gen-docs -- --check; pulumi-yaml type-checks each source)", async function () {
    // The first run on a machine builds the converter, downloading pulumi-yaml's modules.
    this.timeout(30 * 60_000);
    const out = await run("node", [path.join(REPO_ROOT, "scripts", "gen-docs.js"), "--check"]);
    assert.match(out, /docs match their sources/);
  });

  it("cover every resource and function, each example in TypeScript, Python, Go and YAML", () => {
    const schema = pluginSchema("0.0.0");
    const tokens = [...Object.keys(schema.resources), ...Object.keys(schema.functions)];
    const all = examples();
    assert.deepEqual(
      tokens.filter((token) => !all.some((example) => example.token === token)),
      [],
    );
    for (const { title, code } of all) assert.deepEqual(Object.keys(code), LANGUAGES, title);
    for (const token of tokens) {
      const { description } = schema.resources[token] ?? schema.functions[token];
      assert.match(description, /\{\{% examples %\}\}[\s\S]*\{\{% \/examples %\}\}$/, token);
    }
  });

  it("TypeScript: each example type-checks with tsc against sdk/nodejs", async () => {
    const dir = path.join(scratch, "typescript");
    await fs.mkdir(dir);
    const files = await Promise.all(
      examples().map(async ({ code }, i) => {
        const file = path.join(dir, `${slug(i)}.ts`);
        await fs.writeFile(file, code.typescript);
        return file;
      }),
    );
    await typeCheck(dir, files);
  });

  it("Go: each example vets (so compiles) against sdk/go", async function () {
    this.timeout(30 * 60_000); // a machine's first build compiles the Pulumi SDK
    await goVersion();
    const dir = path.join(scratch, "go");
    await fs.mkdir(dir);
    for (const file of ["go.mod", "go.sum"])
      await fs.copyFile(path.join(GO_EXAMPLE, file), path.join(dir, file));
    await pointGoSdkReplace(dir);
    for (const [i, { code }] of examples().entries()) {
      await fs.mkdir(path.join(dir, slug(i)));
      await fs.writeFile(path.join(dir, slug(i), "main.go"), code.go);
    }
    const env = { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-mod=readonly" };
    await run("go", ["vet", "-trimpath", "-tags", "osusergo,grpcnotrace", "./..."], { cwd: dir, env });
  });

  it("Python: each example runs with pulumi's mocks against sdk/python (arguments, attributes, invokes)", async function () {
    this.timeout(30 * 60_000); // a machine's first run makes the shared virtualenv from PyPI
    const python = await pythonWithSdk();
    const dir = path.join(scratch, "python");
    await fs.mkdir(dir);
    const runner = path.join(dir, "run_with_mocks.py");
    await fs.writeFile(
      runner,
      [
        "import runpy, sys, pulumi",
        "SET = {'backupSetId': 'dbsset0001', 'backupSetJobId': 'dbsjob0001', 'backupStatus': 'finish'}",
        "class Mocks(pulumi.runtime.Mocks):",
        "    def new_resource(self, args):",
        "        return [args.name + '-id', {**args.inputs, 'backupSetDownloadTaskId': args.name + '-id'}]",
        "    def call(self, args):",
        "        return SET if args.token.endswith(':getLatestFullBackupSet') else {'backupSets': [SET]}",
        "pulumi.runtime.set_mocks(Mocks(), preview=False)",
        "runpy.run_path(sys.argv[1], run_name='__main__')",
        "print('ran', sys.argv[1])",
      ].join("\n"),
    );
    for (const [i, { code }] of examples().entries()) {
      const file = path.join(dir, `${slug(i)}.py`);
      await fs.writeFile(file, code.python);
      const out = await run(python, ["-X", "pycache_prefix=" + path.join(dir, "pycache"), runner, file]);
      assert.match(out, /^ran /m);
    }
  });
});
