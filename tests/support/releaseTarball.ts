/**
 * The `npm pack` tarball of a past release, built from this clone's git history (with this worktree's
 * node_modules) and cached outside the repository, so only the first run pays for the build.
 */
import { execFile } from "node:child_process";
import { existsSync, promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { cacheRoot } from "../../tools/harness/installedProject";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const execFileAsync = promisify(execFile);

async function git(args: string[]): Promise<string> {
  return (await execFileAsync("git", args, { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 })).stdout;
}

/** The tarball of `version` as of `commit`, e.g. ~/.cache/pulumi-alicloud-dbs/releases/0.1.0-2988423.tgz. */
export async function releaseTarball(version: string, commit: string): Promise<string> {
  const cached = path.join(cacheRoot(), "releases", `${version}-${commit}.tgz`);
  if (existsSync(cached)) return cached;
  try {
    await git(["cat-file", "-e", `${commit}^{commit}`]);
  } catch {
    throw new Error(
      `commit ${commit} (release ${version}) is not in this clone's history, and no tarball is cached at ` +
        `${cached}: fetch the history (\`git fetch --unshallow\`, or \`git fetch origin ${commit}\`)`,
    );
  }
  const manifest = JSON.parse(await git(["show", `${commit}:package.json`])) as { version: string };
  if (manifest.version !== version) {
    throw new Error(`package.json at ${commit} says version ${manifest.version}, not ${version}`);
  }
  await fs.mkdir(path.dirname(cached), { recursive: true });
  const work = await fs.mkdtemp(path.join(os.tmpdir(), `pulumi-alicloud-dbs-release-${version}-`));
  try {
    const source = path.join(work, "source");
    await fs.mkdir(source);
    await execFileAsync("sh", ["-c", `git archive --format=tar "$0" | tar -x -C "$1"`, commit, source], {
      cwd: REPO_ROOT,
    });
    await fs.symlink(path.join(REPO_ROOT, "node_modules"), path.join(source, "node_modules"), "dir");
    // `npm pack` runs the release's own `prepack` build.
    const { stdout } = await execFileAsync("npm", ["pack", "--json", "--pack-destination", work], {
      cwd: source,
    });
    const [{ filename }] = JSON.parse(stdout) as { filename: string }[];
    // Written under another name first: a concurrent run never sees half a tarball.
    const partial = `${cached}.${process.pid}.partial`;
    await fs.copyFile(path.join(work, filename), partial);
    await fs.rename(partial, cached);
    return cached;
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}
