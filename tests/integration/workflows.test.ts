// The project's GitHub Actions workflows (.github/workflows/) pass actionlint (the Go module
// github.com/rhysd/actionlint, built once with `go install` into the tools cache outside the repository):
// syntax, expressions, job dependencies, runner labels and the inputs of well-known actions.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { promises as fs, readdirSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { run } from "../../scripts/release/cachedTools";
import { cachedDir } from "../../tools/harness/installedProject";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const WORKFLOWS = path.join(REPO_ROOT, ".github", "workflows");
const ACTIONLINT = "github.com/rhysd/actionlint/cmd/actionlint@v1.7.12";

async function actionlint(): Promise<string> {
  const dir = await cachedDir("tools", "actionlint-v1.7.12", async (bin) => {
    await run("go", ["install", ACTIONLINT], { env: { ...process.env, GOBIN: bin, CGO_ENABLED: "0" } });
  });
  return path.join(dir, "actionlint");
}

/** actionlint's exit code and output on the files given. */
async function lint(files: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await promisify(execFile)(await actionlint(), ["-no-color", ...files], {
      cwd: REPO_ROOT,
    });
    return { code: 0, output: stdout };
  } catch (error) {
    const { code, stdout, stderr } = error as { code?: number; stdout?: string; stderr?: string };
    return { code: code ?? -1, output: `${stdout ?? ""}${stderr ?? ""}` };
  }
}

describe("integration: the GitHub Actions workflows", function () {
  this.timeout(10 * 60_000); // a machine's first run builds actionlint

  it("ci.yml and release.yml pass actionlint", async () => {
    const files = readdirSync(WORKFLOWS).map((name) => path.join(".github", "workflows", name));
    assert.deepEqual(files.map((file) => path.basename(file)).sort(), ["ci.yml", "release.yml"]);
    assert.deepEqual(await lint(files), { code: 0, output: "" });
  });

  it("actionlint reports a broken workflow, naming the job that needs an unknown one", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "workflows-"));
    try {
      const broken = path.join(dir, "broken.yml");
      const steps = "    steps:\n      - run: echo";
      await fs.writeFile(
        broken,
        `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: [missing]\n${steps}\n`,
      );
      const { code, output } = await lint([broken]);
      assert.equal(code, 1);
      assert.match(output, /job "a" needs job "missing" which does not exist/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
