/**
 * Runs real @alicloud/credentials providers in a process of its own, started with NODE_EXTRA_CA_CERTS
 * (read only at startup) naming the emulator's certificate, as a user's program would be.
 * Reads one JSON request per stdin line, answers one JSON line on stdout with the same id.
 * Providers are kept by name, so a second request for a name goes through the library's own cache
 * and refresh logic.
 */
import { createInterface } from "node:readline";
import {
  OIDCRoleArnCredentialsProvider,
  RAMRoleARNCredentialsProvider,
  StaticAKCredentialsProvider,
  StaticSTSCredentialsProvider,
  type CredentialsProvider,
} from "@alicloud/credentials";
import type { ChildAnswer, ChildRequest, ProviderSpec } from "./stsCredentials";

function build(spec: ProviderSpec): CredentialsProvider {
  if (spec.kind === "oidc") {
    const builder = OIDCRoleArnCredentialsProvider.builder()
      .withRoleArn(spec.roleArn)
      .withOIDCProviderArn(spec.oidcProviderArn)
      .withOIDCTokenFilePath(spec.tokenFile)
      .withStsEndpoint(spec.stsEndpoint);
    if (spec.roleSessionName) builder.withRoleSessionName(spec.roleSessionName);
    if (spec.durationSeconds) builder.withDurationSeconds(spec.durationSeconds);
    return builder.build();
  }
  const caller = spec.caller.securityToken
    ? StaticSTSCredentialsProvider.builder()
        .withAccessKeyId(spec.caller.accessKeyId)
        .withAccessKeySecret(spec.caller.accessKeySecret)
        .withSecurityToken(spec.caller.securityToken)
        .build()
    : StaticAKCredentialsProvider.builder()
        .withAccessKeyId(spec.caller.accessKeyId)
        .withAccessKeySecret(spec.caller.accessKeySecret)
        .build();
  const builder = RAMRoleARNCredentialsProvider.builder()
    .withCredentialsProvider(caller)
    .withRoleArn(spec.roleArn)
    .withStsEndpoint(spec.stsEndpoint);
  if (spec.roleSessionName) builder.withRoleSessionName(spec.roleSessionName);
  if (spec.externalId) builder.withExternalId(spec.externalId);
  return builder.build();
}

const providers = new Map<string, CredentialsProvider>();

async function answer(request: ChildRequest): Promise<ChildAnswer> {
  try {
    let provider = providers.get(request.spec.name);
    if (!provider) {
      provider = build(request.spec);
      providers.set(request.spec.name, provider);
    }
    const { accessKeyId, accessKeySecret, securityToken, providerName } = await provider.getCredentials();
    return { id: request.id, credentials: { accessKeyId, accessKeySecret, securityToken, providerName } };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}

createInterface({ input: process.stdin }).on("line", (line) => {
  void answer(JSON.parse(line) as ChildRequest).then((reply) => {
    process.stdout.write(`${JSON.stringify(reply)}\n`);
  });
});
