// A DBS client for one region, from the provider settings. The one place where endpoint, credentials,
// timeouts and retries meet; resolving credentials may call STS (OIDC, RAM role), so this is I/O.
import type { DbsClient } from "../dbs/client";
import { createDbsClient, DEFAULT_TIMEOUTS_MS } from "../dbs/client";
import { openCredentials } from "../dbs/credentials";
import type { Endpoint } from "../dbs/endpoints";
import { KNOWN_REGIONS, regionalEndpoint } from "../dbs/endpoints";
import type { Pacer } from "../dbs/pacer";
import { createPacer } from "../dbs/pacer";
import type { ProviderSettings } from "./settings";
import { settingSources } from "./settings";

export async function openDbsClient(settings: ProviderSettings, region: string): Promise<DbsClient> {
  const endpoint = settings.endpoint ?? regionalEndpoint(region);
  if (!endpoint) {
    throw new Error(
      `region "${region}" has no known DBS endpoint (known: ${KNOWN_REGIONS.join(", ")}); ` +
        `set ${settingSources("endpoint", " or ")} to the endpoint to use`,
    );
  }
  const credentials = await openCredentials(settings);
  const timeoutMs = settings.requestTimeoutSeconds * 1000;
  return createDbsClient({
    endpoint,
    credentials,
    credentialKeys: settings.keys,
    regionId: region,
    readTimeoutMs: timeoutMs,
    connectTimeoutMs: Math.min(timeoutMs, DEFAULT_TIMEOUTS_MS.connect),
    retry: { maxAttempts: settings.maxAttempts, throttledForMs: settings.throttlingRetrySeconds * 1000 },
    // Temporary keys change on refresh; the account's limit does not: key the pacer by their source.
    pacer: processPacer(endpoint, settings.accessKey ?? credentials.source, settings.maxRequestsPerSecond),
  });
}

// One pacer per endpoint and access key for the whole process, shared by every resource and lookup it
// serves (API limits are per account). Kept on globalThis because Pulumi may copy this module into
// `__provider` by value, where module-level state would not be shared. Never in state or `__provider`.
const PACERS_KEY = "__pulumiAlicloudDbsPacers";
type PacerHolder = { [PACERS_KEY]?: Record<string, Pacer> };

function processPacer(endpoint: Endpoint, identity: string, cap: number | undefined): Pacer {
  const pacers = ((globalThis as PacerHolder)[PACERS_KEY] ??= {});
  const key = `${endpoint.protocol}://${endpoint.host} ${identity} ${cap ?? "learn"}`;
  return (pacers[key] ??= createPacer({ maxRequestsPerSecond: cap }));
}
