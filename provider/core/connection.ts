// A DBS client for one region, from the provider settings. The one place where endpoint, credentials,
// timeouts and retries meet; resolving credentials may call STS (OIDC, RAM role), so this is I/O.
import type { DbsClient } from "../dbs/client";
import { createDbsClient } from "../dbs/client";
import { resolveCredentials } from "../dbs/credentials";
import { KNOWN_REGIONS, regionalEndpoint } from "../dbs/endpoints";
import type { ProviderSettings } from "./settings";

export async function openDbsClient(settings: ProviderSettings, region: string): Promise<DbsClient> {
  const endpoint = settings.endpoint ?? regionalEndpoint(region);
  if (!endpoint) {
    throw new Error(
      `region "${region}" has no known DBS endpoint (known: ${KNOWN_REGIONS.join(", ")}); ` +
        `set config alicloud-dbs:endpoint or env ALIBABA_CLOUD_DBS_ENDPOINT to the endpoint to use`,
    );
  }
  const credentials = await resolveCredentials(settings);
  const timeoutMs = settings.requestTimeoutSeconds * 1000;
  return createDbsClient({
    endpoint,
    credentials,
    credentialKeys: settings.keys,
    regionId: region,
    readTimeoutMs: timeoutMs,
    connectTimeoutMs: Math.min(timeoutMs, 10_000),
    retry: { maxAttempts: settings.maxAttempts, throttledForMs: settings.throttlingRetrySeconds * 1000 },
  });
}
