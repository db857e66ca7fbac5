/**
 * Tools the release and the install-by-name tests take from the package registries at pinned versions,
 * installed once per machine outside the repository (<cache root>/tools/<name>-<version>) and reused: npm
 * packages (postject, verdaccio) and Python virtualenvs (build, pypiserver). A directory is made under
 * a temp name and renamed into place when complete, so an interrupted install leaves nothing that looks
 * ready, and two runs at once both end with a complete one.
 */
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { cachedDir } from "../../tools/harness/installedProject";

const execFileAsync = promisify(execFile);

/** Runs a command; a failure names it and carries its output. */
export async function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  try {
    return (await execFileAsync(command, args, { maxBuffer: 64 << 20, ...options })).stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `${command} ${args.join(" ")} failed: ${(error as Error).message}\n${stdout ?? ""}${stderr ?? ""}`,
    );
  }
}

/** The directory of npm package `name@version`, installed with its dependencies from the registry. */
export async function npmTool(name: string, version: string): Promise<string> {
  const prefix = await cachedDir("tools", `${name}-${version}`, async (dir) => {
    await fs.writeFile(path.join(dir, "package.json"), JSON.stringify({ private: true }));
    await run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", `${name}@${version}`], {
      cwd: dir,
    });
  });
  return path.join(prefix, "node_modules", name);
}

/**
 * The python of a virtualenv holding the pip requirements given (e.g. "build==1.6.1"). Run its tools as
 * `python -m <module>`: the venv was made under a temp name, so its scripts' shebangs point there.
 */
export async function pythonTool(name: string, requirements: string[]): Promise<string> {
  const venv = await cachedDir("tools", name, async (dir) => {
    const python = process.env.PYTHON ?? "python3";
    await run(python, ["-m", "venv", dir]).catch((error: Error) => {
      throw new Error(`${error.message}\nInstall Python >= 3.9 with venv, or set PYTHON to one.`);
    });
    const pip = ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input"];
    await run(path.join(dir, "bin", "python"), [...pip, ...requirements]);
  });
  return path.join(venv, "bin", "python");
}
