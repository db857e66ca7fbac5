/**
 * STS for the emulator's tests: the real credential providers in a child process that trusts the
 * emulator's certificate (credentialsChild.ts), and raw STS requests over HTTPS for exact codes.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { createInterface } from "node:readline";
import type { Emulator } from "../../packages/emulator/src";
import type { Body, Credential } from "./emulatorClient";

const ROOT = path.resolve(__dirname, "../..");

interface SessionSpec {
  /** Requests with the same name share one provider (and its cached session). */
  name: string;
  roleArn: string;
  /** host:port, as withStsEndpoint takes it (the library always adds https://). */
  stsEndpoint: string;
  roleSessionName?: string;
}

export type ProviderSpec =
  | (SessionSpec & { kind: "oidc"; oidcProviderArn: string; tokenFile: string; durationSeconds?: number })
  | (SessionSpec & { kind: "ramRole"; caller: Credential; externalId?: string });

export interface ChildRequest {
  id: number;
  spec: ProviderSpec;
}

export interface IssuedCredentials extends Required<Credential> {
  providerName: string;
}

export type ChildAnswer = { id: number; credentials: IssuedCredentials } | { id: number; error: string };

/** One child per emulator: NODE_EXTRA_CA_CERTS is read once, and each emulator has its own certificate. */
export class CredentialsChild {
  private nextId = 0;
  private readonly pending = new Map<number, (answer: ChildAnswer) => void>();

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    /** Holds the CA file and whatever token files tests write with tokenFile(). */
    readonly dir: string,
  ) {
    createInterface({ input: child.stdout }).on("line", (line) => {
      const answer = JSON.parse(line) as ChildAnswer;
      this.pending.get(answer.id)?.(answer);
      this.pending.delete(answer.id);
    });
  }

  static start(emulator: Emulator): CredentialsChild {
    if (!emulator.caCertificate) throw new Error("the emulator must run with https: true");
    const dir = mkdtempSync(path.join(tmpdir(), "alicloud-dbs-sts-"));
    const caFile = path.join(dir, "emulator-ca.pem");
    writeFileSync(caFile, emulator.caCertificate);
    const child = spawn(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", "tests/support/credentialsChild.ts"],
      {
        cwd: ROOT,
        env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile, TS_NODE_TRANSPILE_ONLY: "true" },
      },
    );
    child.stderr.pipe(process.stderr);
    return new CredentialsChild(child, dir);
  }

  /** Writes a token file in the child's directory and returns its path. */
  tokenFile(name: string, token: string): string {
    const file = path.join(this.dir, name);
    writeFileSync(file, token);
    return file;
  }

  /** What provider.getCredentials() gave, or the library's error message. */
  async get(spec: ProviderSpec): Promise<IssuedCredentials | { error: string }> {
    const id = ++this.nextId;
    const answer = await new Promise<ChildAnswer>((resolve) => {
      this.pending.set(id, resolve);
      this.child.stdin.write(`${JSON.stringify({ id, spec } satisfies ChildRequest)}\n`);
    });
    return "error" in answer ? { error: answer.error } : answer.credentials;
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.stdin.end();
    this.child.kill();
    await exited;
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface StsAnswer {
  status: number;
  body: Body;
}

/** One STS request as @alicloud/credentials sends AssumeRoleWithOIDC: protocol params in the query, the rest as a form. */
export function stsRequest(
  emulator: Pick<Emulator, "url" | "caCertificate">,
  action: string,
  form: Record<string, string>,
): Promise<StsAnswer> {
  const query = new URLSearchParams({
    Version: "2015-04-01",
    Action: action,
    Format: "JSON",
    Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
  });
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      `${emulator.url}/?${query}`,
      {
        method: "POST",
        ca: emulator.caCertificate,
        headers: { "content-type": "application/x-www-form-urlencoded" },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Body,
          }),
        );
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}
