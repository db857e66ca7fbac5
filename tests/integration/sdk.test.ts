// The generated SDKs in sdk/ as child processes: they are what the plugin's schema generates today,
// and each one builds with its language's own tools the way its users build it.
import { strict as assert } from "node:assert";
import { promises as fs, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";
import {
  GO_EXAMPLE,
  PYTHON_EXAMPLE,
  SDK_DIR,
  TYPESCRIPT_EXAMPLE,
  goVersion,
  pythonWithSdk,
} from "../support/languageSdks";
import { run } from "../../scripts/release/cachedTools";

const REPO_ROOT = path.resolve(__dirname, "../..");

describe("integration: the generated SDKs (sdk/)", function () {
  this.timeout(180_000);
  let scratch: string;

  before(async () => {
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), "sdk-test-"));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it("are exactly what the plugin's schema generates (npm run gen-sdk -- --check)", async function () {
    // The first run on a machine builds the generator, downloading pkg/v3's modules.
    this.timeout(30 * 60_000);
    const out = await run("node", [path.join(REPO_ROOT, "scripts", "gen-sdk.js"), "--check"]);
    assert.match(out, /^sdk\/ matches the schema \(\d+ generated files\)/);
  });

  it("Node.js: the SDK type-checks with tsc under its own tsconfig, and so does examples/typescript-plugin", async () => {
    const sdk = path.join(SDK_DIR, "nodejs");
    const { config } = ts.readConfigFile(path.join(sdk, "tsconfig.json"), ts.sys.readFile) as {
      config: { files: string[] };
    };
    const tsconfig = path.join(scratch, "tsconfig.json");
    await fs.writeFile(
      tsconfig,
      JSON.stringify({
        extends: path.join(sdk, "tsconfig.json"),
        compilerOptions: {
          noEmit: true,
          // The temp tsconfig has no node_modules above it.
          typeRoots: [path.join(REPO_ROOT, "node_modules", "@types")],
          paths: { "pulumi-alicloud-dbs-sdk": [path.join(sdk, "index.ts")] },
        },
        files: [
          ...config.files.map((file) => path.join(sdk, file)),
          path.join(TYPESCRIPT_EXAMPLE, "index.ts"),
        ],
      }),
    );
    await run(path.join(REPO_ROOT, "node_modules", ".bin", "tsc"), ["-p", tsconfig]);
  });

  it("Go: the SDK builds and vets with its go.mod and go.sum, and examples/go vets against it", async function () {
    this.timeout(30 * 60_000); // a machine's first build downloads the Pulumi SDK's modules
    await goVersion();
    // The flags of the CLI's build, whose compiled Pulumi SDK is then reused.
    const flags = ["-trimpath", "-tags", "osusergo,grpcnotrace"];
    const env = { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-mod=readonly" };
    const sdk = path.join(SDK_DIR, "go");
    await run("go", ["build", ...flags, "./..."], { cwd: sdk, env });
    await run("go", ["vet", ...flags, "./..."], { cwd: sdk, env });
    await run("go", ["vet", ...flags, "."], { cwd: GO_EXAMPLE, env });
  });

  it("Python: the SDK installs into a virtualenv with pip, imports, and names its plugin", async function () {
    this.timeout(30 * 60_000); // a machine's first run makes the shared virtualenv from PyPI
    // Installed once per content of sdk/python (and shared with the e2e program).
    const python = await pythonWithSdk();
    const script = [
      "import json, importlib.metadata, importlib.resources, pulumi_alicloud_dbs as dbs",
      "plugin = json.loads(importlib.resources.files(dbs).joinpath('pulumi-plugin.json').read_text())",
      "print(json.dumps({'pulumi': importlib.metadata.version('pulumi'),",
      "  'plugin': plugin, 'sql': dbs.BackupSetDataFormat.SQL.value,",
      "  'names': [n for n in ('FullBackupSetDownload', 'IncrementBackupSetDownload', 'Provider',",
      "    'get_latest_full_backup_set', 'list_full_backup_sets', 'list_increment_backup_sets') if hasattr(dbs, n)]}))",
    ].join("\n");
    const found = JSON.parse(await run(python, ["-c", script])) as Record<string, unknown>;
    assert.deepEqual(found, {
      pulumi: "3.248.0",
      plugin: {
        resource: true,
        name: "alicloud-dbs",
        version: "0.1.0",
        server: "github://api.github.com/pulumi-alicloud-dbs/pulumi-alicloud-dbs",
      },
      sql: "SQL",
      names: [
        "FullBackupSetDownload",
        "IncrementBackupSetDownload",
        "Provider",
        "get_latest_full_backup_set",
        "list_full_backup_sets",
        "list_increment_backup_sets",
      ],
    });
    // examples/python compiles (in memory: no __pycache__ in the checkout).
    const main = path.join(PYTHON_EXAMPLE, "__main__.py");
    await run(python, [
      "-c",
      `compile(open(${JSON.stringify(main)}).read(), ${JSON.stringify(main)}, "exec")`,
    ]);
  });
});
