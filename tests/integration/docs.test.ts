// The README's and docs/' code blocks and links, as a reader would use them: TypeScript compiles
// against the package (or the generated SDK), YAML and JSON parse, Python compiles, shell commands are
// valid sh and name npm scripts and files that exist, and every relative link resolves.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, promises as fs, readdirSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { typeCheck } from "../support/languageSdks";

const REPO_ROOT = path.resolve(__dirname, "../..");
const PAGES = [
  "README.md",
  "CONTRIBUTING.md",
  "BENCHMARKS.md",
  ...readdirSync(path.join(REPO_ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
].filter((page) => existsSync(path.join(REPO_ROOT, page)));
const SCRIPTS = Object.keys(
  (
    JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    }
  ).scripts,
);

interface Block {
  page: string;
  line: number;
  language: string;
  code: string;
}

/** The fenced code blocks of a markdown page (not nested in another fence). */
function blocks(page: string): Block[] {
  const lines = readFileSync(path.join(REPO_ROOT, page), "utf8").split("\n");
  const found: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\w*)/.exec(lines[i]);
    if (!open) continue;
    const [, indent, language] = open;
    const end = lines.findIndex((l, j) => j > i && l.trimEnd() === `${indent}\`\`\``);
    assert.ok(end > i, `${page}:${i + 1}: an unclosed code fence`);
    const code = lines
      .slice(i + 1, end)
      .map((l) => l.slice(indent.length))
      .join("\n");
    found.push({ page, line: i + 1, language, code });
    i = end;
  }
  return found;
}

const ALL = PAGES.flatMap(blocks);

/** The error output of a command given code on stdin, or "" when it succeeds. */
function failureOf(command: string, args: string[], input: string): string {
  const result = spawnSync(command, args, { input, encoding: "utf8" });
  return result.status === 0
    ? ""
    : `${result.stderr}${result.error?.message ?? ""}` || `exit ${result.status}`;
}
const where = (b: Block) => `${b.page}:${b.line}`;

describe("integration: the README's and docs/' code blocks and links", function () {
  this.timeout(120_000);
  let scratch: string;

  before(async () => {
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), "docs-blocks-"));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it("every block names its language", () => {
    assert.deepEqual(ALL.filter((b) => b.language === "").map(where), []);
  });

  it("TypeScript blocks compile against the package and the generated SDK (tsc, strict)", async () => {
    const files = await Promise.all(
      ALL.filter((b) => ["ts", "typescript"].includes(b.language)).map(async (b, i) => {
        const file = path.join(scratch, `block${i}-${path.basename(b.page, ".md")}-${b.line}.ts`);
        // A module of its own, so that blocks do not see each other's names.
        await fs.writeFile(file, `${b.code}\nexport {};\n`);
        return file;
      }),
    );
    assert.ok(files.length > 0);
    await typeCheck(scratch, files);
  });

  it("YAML and JSON blocks parse", () => {
    for (const b of ALL.filter((b) => ["yaml", "yml"].includes(b.language))) {
      for (const doc of parseAllDocuments(b.code)) assert.deepEqual(doc.errors, [], where(b));
    }
    for (const b of ALL.filter((b) => b.language === "json")) {
      assert.doesNotThrow(() => JSON.parse(b.code), where(b));
    }
  });

  it("Python blocks compile", () => {
    const python = ALL.filter((b) => ["py", "python"].includes(b.language));
    assert.ok(python.length > 0);
    const failures = python
      .map((b) =>
        failureOf(
          "python3",
          ["-c", "import sys; compile(sys.stdin.read(), sys.argv[1], 'exec')", where(b)],
          b.code,
        ),
      )
      .filter(Boolean);
    assert.deepEqual(failures, []);
  });

  it("shell blocks are valid sh, and their npm scripts and repository files exist", () => {
    const shell = ALL.filter((b) => ["sh", "bash", "shell", "console"].includes(b.language));
    assert.ok(shell.length > 0);
    const problems: string[] = [];
    for (const b of shell) {
      const code = b.code.replace(/^\$ /gm, "");
      const syntax = failureOf("bash", ["-n"], code);
      if (syntax) problems.push(`${where(b)}: ${syntax}`);
      for (const [, script] of code.matchAll(/\bnpm run ([\w:-]+)/g)) {
        if (!SCRIPTS.includes(script))
          problems.push(`${where(b)}: npm run ${script} is not a script of package.json`);
      }
      for (const [, file] of code.matchAll(
        /(?:^|[\s=])((?:scripts|tools|packages|examples|docs|bin|tests)\/[\w./-]+)/gm,
      )) {
        if (!existsSync(path.join(REPO_ROOT, file))) problems.push(`${where(b)}: ${file} does not exist`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it("every relative link resolves to a file of the repository", () => {
    const broken = PAGES.flatMap((page) => {
      const text = readFileSync(path.join(REPO_ROOT, page), "utf8").replace(/```[\s\S]*?```/g, "");
      return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
        .map(([, target]) => target.split("#")[0])
        .filter((target) => target !== "" && !/^[a-z]+:/i.test(target))
        .filter((target) => !existsSync(path.resolve(REPO_ROOT, path.dirname(page), target)))
        .map((target) => `${page}: ${target}`);
    });
    assert.deepEqual(broken, []);
  });
});
