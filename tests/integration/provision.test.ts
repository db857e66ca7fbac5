/**
 * tools/toolchain/provision-pulumi-cli.sh as real bash processes on a fresh cache directory. Every Go build is
 * replaced by a stand-in (PULUMI_CLI_TEST_BUILD) that records what it was asked to build, waits for the
 * test's go-ahead and writes a tiny executable, so no test here costs a real build.
 */
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const SCRIPT = path.join(ROOT, "tools", "toolchain", "provision-pulumi-cli.sh");
const CLI = "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi";
const NODEJS_HOST = "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs";
const YAML_HOST = "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml";
const GO_HOST = "github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go";
const PYTHON_HOST = "github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python";
const WAITING = "waiting for another provisioning run";

interface Run {
  stderr: () => string;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** A fresh cache root, a stand-in build and the files through which the test watches and releases it. */
class Sandbox {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), "provision-test-"));
  readonly cache = path.join(this.dir, "cache");
  readonly binDir = path.join(this.cache, "pulumi-cli", "v3.248.0", "bin");
  private readonly builds = path.join(this.dir, "builds.txt");
  private readonly goAhead = path.join(this.dir, "go-ahead");
  private readonly standIn = path.join(this.dir, "stand-in-build.sh");

  constructor() {
    writeFileSync(this.builds, "");
    writeFileSync(
      this.standIn,
      [
        "#!/bin/sh",
        `echo "$2" >> '${this.builds}'`,
        "i=0",
        `while [ ! -e '${this.goAhead}' ]; do i=$((i + 1)); [ $i -lt 600 ] || exit 1; sleep 0.05; done`,
        `printf '#!/bin/sh\\necho stand-in for %s "$@"\\n' "$2" > "$1"`,
        'chmod +x "$1"',
        "",
      ].join("\n"),
    );
    chmodSync(this.standIn, 0o755);
  }

  /** Packages the stand-in was asked to build, in order. */
  built(): string[] {
    return readFileSync(this.builds, "utf8").split("\n").filter(Boolean);
  }

  release(): void {
    writeFileSync(this.goAhead, "");
  }

  /** Starts the script with no pulumi on PATH (only /usr/bin:/bin) and no variables of the parent. */
  run(args: string[] = [], env: Record<string, string> = {}): Run {
    const child = spawn("bash", [SCRIPT, ...args], {
      cwd: ROOT,
      env: {
        PATH: "/usr/bin:/bin",
        HOME: this.dir,
        PULUMI_CLI_CACHE: this.cache,
        PULUMI_CLI_TEST_BUILD: this.standIn,
        ...env,
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (code) => resolve({ code, stdout, stderr }));
    });
    return { stderr: () => stderr, done };
  }

  dispose(): void {
    this.release();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function lastLine(text: string): string {
  return text.trim().split("\n").pop() ?? "";
}

function runBinary(file: string, args: string[] = [], env: Record<string, string> = {}): string {
  return execFileSync(file, args, { encoding: "utf8", env: { PATH: "/usr/bin:/bin", ...env } }).trim();
}

describe("tools/toolchain/provision-pulumi-cli.sh", function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  beforeEach(() => (sandbox = new Sandbox()));
  afterEach(() => sandbox.dispose());

  it("builds once when two runs start together: the second waits and reuses the first one's CLI", async () => {
    const first = sandbox.run();
    await until(() => sandbox.built().length === 1, "the first run to start building");
    const second = sandbox.run();
    await until(
      () => second.stderr().includes(WAITING) || sandbox.built().length > 1,
      "the second run to wait for the first (or to start a build of its own)",
    );
    sandbox.release();
    const [a, b] = await Promise.all([first.done, second.done]);

    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(lastLine(a.stdout), sandbox.binDir);
    assert.equal(lastLine(b.stdout), sandbox.binDir);
    assert.deepEqual(sandbox.built(), [NODEJS_HOST, CLI]);
    assert.match(b.stderr, new RegExp(WAITING));
    assert.equal(runBinary(path.join(sandbox.binDir, "pulumi")), `stand-in for ${CLI}`);
  });

  it("adds the named language hosts next to the CLI once, then only prints the directory", async () => {
    sandbox.release();
    assert.equal((await sandbox.run().done).code, 0);
    const first = await sandbox.run(["yaml", "go", "python"]).done;
    const again = await sandbox.run(["python", "go", "yaml"]).done;

    assert.equal(first.code, 0, first.stderr);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(lastLine(first.stdout), sandbox.binDir);
    assert.equal(lastLine(again.stdout), sandbox.binDir);
    assert.equal(again.stderr, "");
    assert.deepEqual(sandbox.built(), [
      NODEJS_HOST,
      CLI,
      YAML_HOST,
      GO_HOST,
      PYTHON_HOST,
      "github.com/pulumi/pulumi/sdk/v3@v3.248.0/python/cmd/pulumi-language-python-exec",
    ]);
  });

  it("removes the temp file of a build that was killed", async () => {
    sandbox.release();
    mkdirSync(sandbox.binDir, { recursive: true });
    const leftover = path.join(sandbox.binDir, ".pulumi.tmp.99999");
    writeFileSync(leftover, "half a binary");
    const run = await sandbox.run().done;
    assert.equal(run.code, 0, run.stderr);
    assert.ok(!existsSync(leftover), "the leftover is gone");
    assert.deepEqual(readdirSync(sandbox.binDir).sort(), [
      "pulumi",
      "pulumi-language-nodejs",
      "pulumi-resource-pulumi-nodejs",
    ]);
  });

  it("installs a Go host that passes PULUMI_LANGUAGE_GO_BINARY on as -binary", async () => {
    sandbox.release();
    const run = await sandbox.run(["go"]).done;
    assert.equal(run.code, 0, run.stderr);
    const host = path.join(sandbox.binDir, "pulumi-language-go");
    assert.equal(runBinary(host, ["127.0.0.1:4"]), `stand-in for ${GO_HOST} 127.0.0.1:4`);
    assert.equal(
      runBinary(host, ["127.0.0.1:4"], { PULUMI_LANGUAGE_GO_BINARY: "/opt/prog" }),
      `stand-in for ${GO_HOST} -binary /opt/prog 127.0.0.1:4`,
    );
  });

  describe("with PULUMI_CLI", () => {
    let cliDir: string;
    let cli: string;
    beforeEach(() => {
      cliDir = path.join(sandbox.dir, "official", "bin");
      mkdirSync(cliDir, { recursive: true });
      cli = path.join(cliDir, "pulumi");
      for (const name of ["pulumi", "pulumi-language-nodejs", "pulumi-language-yaml"]) {
        writeFileSync(path.join(cliDir, name), `#!/bin/sh\necho official ${name}\n`, { mode: 0o755 });
      }
      sandbox.release();
    });

    it("prints the CLI's own directory when it holds every host asked for", async () => {
      const run = await sandbox.run(["yaml"], { PULUMI_CLI: cli }).done;
      assert.equal(run.code, 0, run.stderr);
      assert.equal(lastLine(run.stdout), cliDir);
      assert.deepEqual(sandbox.built(), []);
    });

    it("builds only the hosts it lacks and prints one directory linking them with that CLI", async () => {
      const run = await sandbox.run(["yaml", "go"], { PULUMI_CLI: cli }).done;
      assert.equal(run.code, 0, run.stderr);
      const dir = lastLine(run.stdout);
      assert.match(dir, new RegExp(`^${sandbox.cache}/pulumi-cli/with-\\d+/bin$`));
      assert.deepEqual(sandbox.built(), [GO_HOST]);
      assert.equal(readlinkSync(path.join(dir, "pulumi")), cli);
      assert.equal(runBinary(path.join(dir, "pulumi")), "official pulumi");
      assert.equal(runBinary(path.join(dir, "pulumi-language-go"), ["x"]), `stand-in for ${GO_HOST} x`);
      assert.ok(
        !existsSync(path.join(dir, "pulumi-language-yaml")),
        "the CLI's own YAML host is found next to it",
      );
      assert.ok(!existsSync(path.join(sandbox.binDir, "pulumi")), "no CLI is built when one is given");

      const again = await sandbox.run(["yaml", "go"], { PULUMI_CLI: cli }).done;
      assert.equal(lastLine(again.stdout), dir);
      assert.deepEqual(sandbox.built(), [GO_HOST]);
    });
  });

  it("rejects an unknown host name", async () => {
    const run = await sandbox.run(["java"]).done;
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      "[provision-pulumi-cli] unknown language host 'java': expected any of yaml, go, python\n",
    );
    assert.deepEqual(sandbox.built(), []);
  });
});
