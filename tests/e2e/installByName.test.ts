// Install by name, as a user of each language does, from a release (scripts/release, for this machine's
// platform) published to loopback stand-ins of the registries (tests/support/localRegistries.ts): each
// program in a new directory with a new PULUMI_HOME holding no plugin installs the SDK by name (no
// checkout path, no `replace`), and `pulumi up` against the emulator must make the engine download the
// plugin archive itself (PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES points the SDKs' plugin server at the
// archive server) and run it: a single executable, so Python, Go and YAML programs have no `node` on
// their PATH. The npm package of the dynamic resources installs by name from the npm stand-in too.
import { strict as assert } from "node:assert";
import { existsSync, promises as fs, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { run } from "../../scripts/release/cachedTools";
import { GO_MODULE } from "../../scripts/release/goModule";
import { writeRelease } from "../../scripts/release/main";
import { archiveName, hostPlatform, PLUGIN_NAME } from "../../scripts/release/singleExecutable";
import { startEmulatorStack } from "../support/emulatorStack";
import { bareBase } from "../../tools/harness/installedProject";
import { GO_EXAMPLE, layeredVenv, PYTHON_EXAMPLE, TYPESCRIPT_EXAMPLE } from "../support/languageSdks";
import type { LocalRegistries } from "../support/localRegistries";
import { startLocalRegistries } from "../support/localRegistries";
import type { LanguageHost } from "../../tools/harness/pulumiCli";
import { pulumiCommand } from "../../tools/harness/pulumiCli";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const VERSION = (
  JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }
).version;
const CREATE = "CreateFullBackupSetDownload";
const TIME_SCALE = 600;
const BASIC_EXAMPLE = path.join(REPO_ROOT, "examples", "basic");
const YAML_PROGRAM = path.join(__dirname, "fixtures", "install-by-name-yaml");
/** The Go build flags of the CLI's build: the Pulumi SDK compiled for it is reused. */
const GO_BUILD = ["build", "-trimpath", "-tags", "osusergo,grpcnotrace"];

interface Installed {
  /** The project directory to copy (a new one, or the example as it is). */
  project: string;
  base?: string;
  env?: Record<string, string>;
}

interface Program {
  name: string;
  hosts: LanguageHost[];
  /** Whether the program runs the plugin (the dynamic package does not). */
  plugin: boolean;
  /** Node.js programs need `node`; the others must run without one. */
  node: boolean;
  /** Installs what the program needs by name into work (a new directory). */
  install(work: string): Promise<Installed>;
  /** Installs into the workspace's copy of the project (npm installs there). */
  installInto?(projectDir: string): Promise<void>;
}

let registries: LocalRegistries;

/** Copies the example's files named into a new directory. */
async function copyOf(example: string, files: string[], work: string): Promise<string> {
  const dir = path.join(work, "project");
  await fs.mkdir(dir);
  for (const file of files) await fs.copyFile(path.join(example, file), path.join(dir, file));
  return dir;
}

function goEnv(): Record<string, string> {
  return { GOPROXY: registries.goProxy, GONOSUMDB: GO_MODULE, GOFLAGS: "-mod=mod" };
}

/** `npm install` of packages by name from the npm stand-in, with a package.json of its own. */
async function npmInstallByName(projectDir: string, spec: string): Promise<void> {
  const manifest = { name: "by-name", private: true, main: "index.ts" };
  await fs.writeFile(path.join(projectDir, "package.json"), JSON.stringify(manifest));
  // @pulumi/pulumi, the packages' peer, is the base's (installedProject.ts), further up.
  const flags = ["--no-audit", "--no-fund", "--legacy-peer-deps", "--userconfig", registries.npmrc];
  await run("npm", ["install", ...flags, spec], { cwd: projectDir });
  const installed = path.join(projectDir, "node_modules", spec.replace(/@[^@]*$/, ""), "package.json");
  assert.equal((JSON.parse(await fs.readFile(installed, "utf8")) as { version: string }).version, VERSION);
}

const PROGRAMS: Program[] = [
  {
    name: "YAML",
    hosts: ["yaml"],
    plugin: true,
    node: false,
    install: async () => ({ project: YAML_PROGRAM }),
  },
  {
    name: "Python",
    hosts: ["python"],
    plugin: true,
    node: false,
    async install(work) {
      const index = ["--index-url", registries.pypiIndex];
      const python = await layeredVenv(path.join(work, "venv"), [
        ...index,
        `pulumi_alicloud_dbs==${VERSION}`,
      ]);
      const project = await copyOf(PYTHON_EXAMPLE, ["Pulumi.yaml", "__main__.py"], work);
      // The host of sdk v3.67.1 reads no runtime options: it runs PULUMI_PYTHON_CMD, not `virtualenv`.
      return { project, env: { PULUMI_PYTHON_CMD: python } };
    },
  },
  {
    name: "Go",
    hosts: ["go"],
    plugin: true,
    node: false,
    async install(work) {
      const project = await copyOf(GO_EXAMPLE, ["Pulumi.yaml", "main.go"], work);
      const env = { ...process.env, ...goEnv(), CGO_ENABLED: "0" };
      await run("go", ["mod", "init", "example.com/alicloud-dbs-by-name"], { cwd: project, env });
      await run("go", ["get", `${GO_MODULE}@v${VERSION}`], { cwd: project, env });
      assert.doesNotMatch(await fs.readFile(path.join(project, "go.mod"), "utf8"), /\breplace\b/);
      // Built ahead, as languages.test.ts does: the host then runs it instead of `go build` every time.
      const program = path.join(work, "program");
      await run("go", [...GO_BUILD, "-o", program, "."], { cwd: project, env });
      return { project, env: { ...goEnv(), PULUMI_LANGUAGE_GO_BINARY: program } };
    },
  },
  {
    name: "TypeScript (generated SDK)",
    hosts: [],
    plugin: true,
    node: true,
    install: async (work) => ({
      project: await copyOf(TYPESCRIPT_EXAMPLE, ["Pulumi.yaml", "index.ts"], work),
      base: await bareBase(),
    }),
    installInto: (projectDir) => npmInstallByName(projectDir, `pulumi-alicloud-dbs-sdk@${VERSION}`),
  },
  {
    name: "TypeScript (dynamic resources)",
    hosts: [],
    plugin: false,
    node: true,
    install: async (work) => ({
      project: await copyOf(BASIC_EXAMPLE, ["Pulumi.yaml", "index.ts"], work),
      base: await bareBase(),
    }),
    installInto: (projectDir) => npmInstallByName(projectDir, `pulumi-alicloud-dbs@${VERSION}`),
  },
];

/** PATH for programs that must run without Node.js: the CLI's directory and the few tools they use. */
async function pathWithoutNode(work: string, hosts: LanguageHost[]): Promise<string> {
  const tools = path.join(work, "tools");
  await fs.mkdir(tools);
  // dirname and readlink: the Go host's wrapper script; go: the Go host.
  for (const tool of ["dirname", "readlink", "go"]) {
    const found = (await run("sh", ["-c", `command -v ${tool}`])).trim();
    await fs.symlink(await fs.realpath(found), path.join(tools, tool));
  }
  return [path.dirname((await pulumiCommand(hosts)).command), tools].join(path.delimiter);
}

describe("e2e: install by name from loopback registries, with an empty plugin cache", function () {
  this.timeout(15 * 60_000);
  let releaseDir: string;
  const archive = archiveName(VERSION, hostPlatform());
  const executableName = process.platform === "win32" ? `${PLUGIN_NAME}.exe` : PLUGIN_NAME;
  let released: Buffer;

  before(async function () {
    this.timeout(40 * 60_000); // a machine's first run installs verdaccio and pypiserver, and Node binaries
    releaseDir = await fs.mkdtemp(path.join(os.tmpdir(), "release-"));
    await writeRelease(releaseDir, [hostPlatform()]);
    const unpacked = await fs.mkdtemp(path.join(os.tmpdir(), "archive-"));
    await run("tar", ["-xzf", path.join(releaseDir, archive), "-C", unpacked]);
    released = await fs.readFile(path.join(unpacked, executableName));
    await fs.rm(unpacked, { recursive: true, force: true });
    registries = await startLocalRegistries(releaseDir);
  });
  after(async () => {
    await registries?.close();
    if (releaseDir) await fs.rm(releaseDir, { recursive: true, force: true });
  });

  for (const program of PROGRAMS) {
    it(`${program.name}: installs by name, and pulumi up creates one task${program.plugin ? " with the plugin the engine downloaded" : ""}`, async () => {
      const work = await fs.mkdtemp(path.join(os.tmpdir(), "by-name-"));
      const stackName = program.name.toLowerCase().replace(/\W+/g, "-").replace(/-$/, "");
      try {
        const { project, base, env } = await program.install(work);
        const PATH = program.node ? (process.env.PATH ?? "") : await pathWithoutNode(work, program.hosts);
        const stack = await startEmulatorStack({
          project,
          stack: stackName,
          base,
          hosts: program.hosts,
          emulator: { timeScale: TIME_SCALE },
          settingsFrom: "env",
          env: {
            ALIBABA_CLOUD_DBS_POLL_SCALE: String(1 / TIME_SCALE),
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "false",
            PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: registries.pluginOverrides,
            PATH,
            ...env,
          },
        });
        try {
          const { emulator, ws } = stack;
          await program.installInto?.(ws.projectDir);
          const plugins = path.join(ws.homeDir, "plugins");
          assert.deepEqual(existsSync(plugins) ? await fs.readdir(plugins) : [], []);
          const requestsBefore = registries.pluginRequests.length;

          const { summary } = await ws.stack.up(ws.log);

          assert.equal(summary.result, "succeeded");
          assert.equal(emulator.requestsFor(CREATE).length, 1);
          assert.equal(emulator.tasks().length, 1);
          if (!program.node) {
            const dirs = PATH.split(path.delimiter);
            assert.deepEqual(
              dirs.filter((dir) => existsSync(path.join(dir, "node"))),
              [],
              `no node on the PATH ${PATH}`,
            );
          }
          const downloaded = registries.pluginRequests.slice(requestsBefore);
          if (!program.plugin) {
            assert.deepEqual(downloaded, []);
            return;
          }
          assert.deepEqual(downloaded, [`/${archive}`]);
          const installed = path.join(plugins, `resource-alicloud-dbs-v${VERSION}`, executableName);
          assert.ok(
            (await fs.readFile(installed)).equals(released),
            "the plugin is the archive's executable",
          );
        } finally {
          await stack.dispose();
        }
      } finally {
        await fs.rm(work, { recursive: true, force: true });
      }
    });
  }
});
