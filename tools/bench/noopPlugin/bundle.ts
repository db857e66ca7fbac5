/**
 * Glue: the no-op plugin built as scripts/build-plugin.js builds ours (one esbuild bundle, the same sh
 * wrapper, a tarball), into a temp directory, and installed into a workspace's PULUMI_HOME as ours is.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import * as esbuild from "esbuild";
import { pluginBundle } from "../../harness/pluginBundle";
import type { Workspace } from "../../harness/workspace";
import type { RecordedResource } from "./definition";
import { NOOP_PACKAGE, NOOP_VERSION, noopDefinition } from "./definition";

const NAME = `pulumi-resource-${NOOP_PACKAGE}`;

export interface NoopBundle {
  executable: string;
  tarball: string;
  dispose(): void;
}

export function bundleNoopPlugin(recorded: RecordedResource): NoopBundle {
  const dir = mkdtempSync(path.join(os.tmpdir(), "alicloud-dbs-bench-noop-"));
  const pluginDir = path.join(dir, "plugin");
  esbuild.buildSync({
    entryPoints: [path.join(__dirname, "main.ts")],
    outfile: path.join(pluginDir, `${NAME}.js`),
    bundle: true,
    platform: "node",
    target: "node20",
    logLevel: "warning",
    define: { BENCH_NOOP: JSON.stringify(noopDefinition(recorded)) },
  });
  const executable = path.join(pluginDir, NAME);
  const oursWrapper = readFileSync(pluginBundle().executable, "utf8");
  writeFileSync(executable, oursWrapper.replaceAll(path.basename(pluginBundle().executable), NAME), {
    mode: 0o755,
  });
  const tarball = path.join(dir, `${NAME}-v${NOOP_VERSION}.tar.gz`);
  execFileSync("tar", ["-czf", tarball, "-C", pluginDir, NAME, `${NAME}.js`]);
  return { executable, tarball, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `pulumi plugin install resource alicloud-dbs-noop … --file …` into the workspace's PULUMI_HOME. */
export async function installNoopPlugin(ws: Workspace, bundle: NoopBundle): Promise<void> {
  const args = ["plugin", "install", "resource", NOOP_PACKAGE, NOOP_VERSION, "--file", bundle.tarball];
  await promisify(execFile)(ws.stack.workspace.pulumiCommand.command, args, {
    env: { ...process.env, PULUMI_HOME: ws.homeDir, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
}
