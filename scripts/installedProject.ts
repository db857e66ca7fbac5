/**
 * A Pulumi project outside the repository that depends on this package the way a user gets it: the
 * `npm pack` tarball installed with npm. Used by the e2e tests and `npm run bench`.
 */
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

const REPO_ROOT = path.resolve(__dirname, "..");
const execFileAsync = promisify(execFile);

export interface InstalledProjectOptions {
  /** The project's `index.ts` (TypeScript, run by Pulumi's nodejs runtime). */
  program: string;
  /** Pulumi project name. Default "alicloud-dbs-installed". */
  name?: string;
}

export interface InstalledProject {
  /** The temp directory holding Pulumi.yaml, index.ts, the tarball and node_modules. */
  readonly dir: string;
  /** File name of the packed tarball inside dir. */
  readonly tarball: string;
  /** Deletes the directory. Safe to call twice. */
  dispose(): Promise<void>;
}

export async function createInstalledProject(options: InstalledProjectOptions): Promise<InstalledProject> {
  const name = options.name ?? "alicloud-dbs-installed";
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "pulumi-alicloud-dbs-installed-"));
  const dispose = (): Promise<void> => fs.rm(dir, { recursive: true, force: true });
  try {
    // `npm pack` runs `prepack` (npm run build), so the tarball holds a fresh dist/.
    await execFileAsync("npm", ["pack", "--pack-destination", dir], { cwd: REPO_ROOT });
    const tarball = (await fs.readdir(dir)).find((f) => f.endsWith(".tgz"));
    if (!tarball) throw new Error("npm pack wrote no .tgz");
    await fs.writeFile(
      path.join(dir, "Pulumi.yaml"),
      `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n`,
    );
    await fs.writeFile(
      path.join(dir, "package.json"),
      JSON.stringify({ name, private: true, main: "index.ts" }, null, 2),
    );
    await fs.writeFile(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, target: "ES2022", module: "commonjs", moduleResolution: "node" },
        files: ["index.ts"],
      }),
    );
    await fs.writeFile(path.join(dir, "index.ts"), options.program);
    await execFileAsync(
      "npm",
      [
        "install",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        `./${tarball}`,
        "@pulumi/pulumi@3.248.0",
        "typescript@5",
        "ts-node@10",
        "@types/node@20",
      ],
      { cwd: dir },
    );
    return { dir, tarball, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
