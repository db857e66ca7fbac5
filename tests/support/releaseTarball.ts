/**
 * A past release's artifacts built from this clone's git history and cached outside the repository, so
 * only the first run pays for the build: the `npm pack` tarball (with this worktree's node_modules) and
 * the plugin tarball (with the release's own).
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

/**
 * Runs `build(source, work)` on the files of `commit` (whose package.json must say `version`) in a
 * temp directory and caches the file it returns at `cached`; a cached file is returned as it is.
 */
async function cachedBuild(
  version: string,
  commit: string,
  cached: string,
  build: (source: string, work: string) => Promise<string>,
): Promise<string> {
  if (existsSync(cached)) return cached;
  try {
    await git(["cat-file", "-e", `${commit}^{commit}`]);
  } catch {
    throw new Error(
      `commit ${commit} (release ${version}) is not in this clone's history, and nothing is cached at ` +
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
    const built = await build(source, work);
    // Written under another name first: a concurrent run never sees half a file.
    const partial = `${cached}.${process.pid}.partial`;
    await fs.copyFile(built, partial);
    await fs.rename(partial, cached);
    return cached;
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

/** The tarball of `version` as of `commit`, e.g. ~/.cache/pulumi-alicloud-dbs/releases/0.1.0-2988423.tgz. */
export function releaseTarball(version: string, commit: string): Promise<string> {
  const cached = path.join(cacheRoot(), "releases", `${version}-${commit}.tgz`);
  return cachedBuild(version, commit, cached, async (source, work) => {
    await fs.symlink(path.join(REPO_ROOT, "node_modules"), path.join(source, "node_modules"), "dir");
    // `npm pack` runs the release's own `prepack` build.
    const { stdout } = await execFileAsync("npm", ["pack", "--json", "--pack-destination", work], {
      cwd: source,
    });
    const [{ filename }] = JSON.parse(stdout) as { filename: string }[];
    return path.join(work, filename);
  });
}

/**
 * The plugin tarball of `version` as users of that release built it from a checkout of `commit`
 * (`npm ci && npm run build`, with that commit's own dependencies), e.g.
 * ~/.cache/pulumi-alicloud-dbs/releases/pulumi-resource-alicloud-dbs-v0.1.0-0251c7c.tar.gz.
 */
export function pluginReleaseTarball(version: string, commit: string): Promise<string> {
  const name = `pulumi-resource-alicloud-dbs-v${version}`;
  const cached = path.join(cacheRoot(), "releases", `${name}-${commit}.tar.gz`);
  return cachedBuild(version, commit, cached, async (source) => {
    await execFileAsync("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"], {
      cwd: source,
      maxBuffer: 64 * 1024 * 1024,
    });
    await execFileAsync("npm", ["run", "build"], { cwd: source, maxBuffer: 64 * 1024 * 1024 });
    return path.join(source, "dist", `${name}.tar.gz`);
  });
}
