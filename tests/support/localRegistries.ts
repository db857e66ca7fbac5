/**
 * I/O: stand-ins for the registries a release is published to, on loopback, each real registry
 * software from the registries we reach (installed once per machine by scripts/release/cachedTools.ts):
 *
 * - npm: verdaccio, with the npm registry as uplink for everything that is not ours;
 * - PyPI: pypiserver, serving a directory (pip falls back to PyPI for what it does not hold);
 * - Go: the release's go/ directory, a Go module proxy's file layout, as `GOPROXY=file://…`;
 * - the plugin archives (GitHub releases for the engine): a static HTTP server that records each GET,
 *   to which PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES sends the engine.
 */
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { createReadStream, existsSync, promises as fs, readdirSync, statSync } from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { pluginSchema } from "../../provider/plugin/schema";
import { VERSION } from "../../provider/plugin/version";
import { npmTool, pythonTool, run } from "../../scripts/release/cachedTools";

const VERDACCIO_VERSION = "6.8.0"; // newer ones want Node 22
const PYPISERVER = "pypiserver==2.4.2";
/** The source the SDKs name for the plugin. */
const PLUGIN_SOURCE = pluginSchema(VERSION).pluginDownloadURL;

export interface LocalRegistries {
  /** An npm userconfig: registry = verdaccio, with a token for it. */
  npmrc: string;
  npmRegistry: string;
  /** pip's --index-url. */
  pypiIndex: string;
  /** GOPROXY: our module from the release, the rest from the proxy Go uses here. */
  goProxy: string;
  /** PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: the plugin's source sent to the archive server. */
  pluginOverrides: string;
  /** Paths of the GET requests the archive server answered, in order. */
  pluginRequests: string[];
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls url until it answers 200, or the child exits, or 90 s pass. */
async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${url}: the server exited (${child.exitCode}):\n${output()}`);
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within 90 s:\n${output()}`);
}

/** Starts a server process and waits for url; returns it. */
async function startServer(command: string, args: string[], url: string): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  try {
    await waitUntilServing(url, child, () => output);
    return child;
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("close", () => resolve());
    child.kill("SIGTERM");
  });
}

/** verdaccio on a free port with its storage in dir; publishes the .tgz files of releaseDir to it. */
async function startVerdaccio(dir: string, releaseDir: string) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const upstream = (await run("npm", ["config", "get", "registry"])).trim();
  const config = path.join(dir, "verdaccio.yaml");
  await fs.writeFile(
    config,
    [
      `storage: ${path.join(dir, "storage")}`,
      `auth: { htpasswd: { file: ${path.join(dir, "htpasswd")} } }`,
      `uplinks: { upstream: { url: "${upstream}" } }`,
      "packages:",
      // Ours only from here: never from the uplink.
      "  'pulumi-alicloud-dbs*': { access: $all, publish: $authenticated }",
      "  '**': { access: $all, publish: $authenticated, proxy: upstream }",
      `listen: 127.0.0.1:${port}`,
      "log: { type: stdout, format: pretty, level: warn }",
    ].join("\n"),
  );
  const verdaccio = path.join(await npmTool("verdaccio", VERDACCIO_VERSION), "bin", "verdaccio");
  const child = await startServer(process.execPath, [verdaccio, "--config", config], `${url}/-/ping`);
  try {
    // A user for publishing (the htpasswd plugin makes it on first login).
    const login = await fetch(`${url}/-/user/org.couchdb.user:release`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "release", password: "release-on-loopback" }),
    });
    const { token } = (await login.json()) as { token?: string };
    if (!token) throw new Error(`verdaccio gave no token (HTTP ${login.status})`);
    const npmrc = path.join(dir, "npmrc");
    await fs.writeFile(npmrc, `registry=${url}/\n//127.0.0.1:${port}/:_authToken=${token}\n`);
    for (const tarball of readdirSync(releaseDir).filter((name) => name.endsWith(".tgz"))) {
      await run("npm", ["publish", path.join(releaseDir, tarball), "--userconfig", npmrc]);
    }
    return { child, npmrc, url };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

/** pypiserver on a free port serving a directory holding the wheel and sdist of releaseDir. */
async function startPypiserver(dir: string, releaseDir: string) {
  const packages = path.join(dir, "packages");
  await fs.mkdir(packages);
  for (const name of readdirSync(releaseDir).filter((n) => n.endsWith(".whl") || n.startsWith("pulumi_"))) {
    await fs.copyFile(path.join(releaseDir, name), path.join(packages, name));
  }
  const port = await freePort();
  const python = await pythonTool("pypiserver-2.4.2", [PYPISERVER]);
  const args = ["-m", "pypiserver", "run", "-i", "127.0.0.1", "-p", String(port), packages];
  const child = await startServer(python, args, `http://127.0.0.1:${port}/simple/`);
  return { child, index: `http://127.0.0.1:${port}/simple/` };
}

/** A static server of releaseDir's files that records the path of every GET. */
async function startArchiveServer(releaseDir: string) {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const name = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname.slice(1));
    requests.push(`/${name}`);
    const file = path.join(releaseDir, name);
    if (name.includes("/") || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    // The engine insists on the length.
    response.writeHead(200, { "content-type": "application/gzip", "content-length": statSync(file).size });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, requests, url: `http://127.0.0.1:${port}` };
}

/** Starts the four stand-ins and publishes the release in releaseDir (scripts/release) to them. */
export async function startLocalRegistries(releaseDir: string): Promise<LocalRegistries> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "local-registries-"));
  const started: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(started.map((stopOne) => stopOne()));
    await fs.rm(dir, { recursive: true, force: true });
  };
  try {
    const archives = await startArchiveServer(releaseDir);
    started.push(() => new Promise((resolve) => archives.server.close(() => resolve())));
    const [npm, pypi] = await Promise.all([
      startVerdaccio(dir, releaseDir).then((v) => (started.push(() => stop(v.child)), v)),
      startPypiserver(dir, releaseDir).then((p) => (started.push(() => stop(p.child)), p)),
    ]);
    const goProxy = (await run("go", ["env", "GOPROXY"])).trim();
    return {
      npmrc: npm.npmrc,
      npmRegistry: npm.url,
      pypiIndex: pypi.index,
      goProxy: `file://${path.join(releaseDir, "go")},${goProxy}`,
      pluginOverrides: `^${PLUGIN_SOURCE.replace(/\./g, "\\.")}=${archives.url}`,
      pluginRequests: archives.requests,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
