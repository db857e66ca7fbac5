// Watching the engine that started the plugin. The engine passes its gRPC address as the plugin's first
// argument and, when it is killed (a CI runner's SIGKILL of `pulumi up`), leaves the plugin running in
// a process group of its own: nobody would read its answers, yet it would keep polling DBS for a dead
// deployment. The engine's port is probed on loopback, where a refused connection means nobody listens.
import * as net from "node:net";

/** host and port of `127.0.0.1:PORT`, `localhost:PORT` or `[::1]:PORT`; undefined for anything else. */
export function engineAddress(argument: string | undefined): { host: string; port: number } | undefined {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([\w.-]+)):(\d{1,5})$/.exec(argument ?? "");
  if (!match) return undefined;
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return undefined;
  return { host: match[1] ?? match[2], port };
}

/**
 * Whether a TCP connection to the address is accepted. Only a refusal counts as "no": a probe that gets
 * no answer in time (a loaded machine, a blocked event loop) is not taken for an engine that is gone.
 */
function accepts(address: { host: string; port: number }): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(address);
    const done = (accepted: boolean) => {
      socket.destroy();
      resolve(accepted);
    };
    socket.setTimeout(2_000, () => done(true));
    socket.once("connect", () => done(true));
    socket.once("error", (error: NodeJS.ErrnoException) => done(error.code !== "ECONNREFUSED"));
  });
}

/**
 * Calls `onGone` once the engine at `argument` stops accepting connections, probing every `intervalMs`.
 * An engine that never accepted one (a test harness passes an address nobody listens on) is not
 * watched. Returns a function that stops watching; the watch never keeps the process alive.
 */
export function watchEngine(
  argument: string | undefined,
  onGone: () => void,
  intervalMs = 1_000,
): () => void {
  const address = engineAddress(argument);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const probe = async (seen: boolean): Promise<void> => {
    if (!address || stopped) return;
    const up = await accepts(address);
    if (stopped) return;
    if (seen && !up) {
      stopped = true;
      onGone();
      return;
    }
    if (!seen && !up) return;
    timer = setTimeout(() => void probe(true), intervalMs);
    timer.unref();
  };
  void probe(false);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
