/** Where DBS API requests go: an explicit override, else the official endpoint of the region. */
export interface Endpoint {
  protocol: "http" | "https";
  /** host[:port], exactly as the request's Host header (it is signed). */
  host: string;
}

const CENTRAL_ENDPOINT = "dbs-api.cn-hangzhou.aliyuncs.com";

/** Regions the DBS SDK's endpoint map sends to the central cn-hangzhou endpoint. */
const REGIONS_SERVED_CENTRALLY = [
  "cn-hangzhou",
  "cn-qingdao",
  "cn-beijing",
  "cn-zhangjiakou",
  "cn-shanghai",
  "cn-shenzhen",
  "cn-hongkong",
  "us-west-1",
  "us-east-1",
  "cn-hangzhou-finance",
  "cn-shanghai-finance-1",
  "cn-shenzhen-finance-1",
];

/** Regions with an endpoint of their own, dbs-api.<region>.aliyuncs.com. */
const REGIONS_WITH_OWN_ENDPOINT = [
  "cn-chengdu",
  "cn-huhehaote",
  "cn-wulanchabu",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-5",
  "ap-northeast-1",
  "ap-south-1",
  "eu-central-1",
  "eu-west-1",
  "me-east-1",
];

export const KNOWN_REGIONS: readonly string[] = [...REGIONS_SERVED_CENTRALLY, ...REGIONS_WITH_OWN_ENDPOINT];

/** The official endpoint of a region, or undefined for a region DBS is not known to serve. */
export function regionalEndpoint(region: string): Endpoint | undefined {
  if (REGIONS_SERVED_CENTRALLY.includes(region)) return { protocol: "https", host: CENTRAL_ENDPOINT };
  if (REGIONS_WITH_OWN_ENDPOINT.includes(region)) {
    return { protocol: "https", host: `dbs-api.${region}.aliyuncs.com` };
  }
  return undefined;
}

// Arrays rather than Sets: module-level values are copied into `__provider` by Pulumi's closure
// serializer, which does not rebuild Set or Map objects.
const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]", "::1"];

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.includes(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * Parses an endpoint override: a URL (`http://127.0.0.1:8080`, `https://dbs-api.cn-hangzhou.aliyuncs.com`)
 * or a bare host[:port] (then https). Plain http is refused for non-loopback hosts unless allowed,
 * because request headers carry the access key ID and the STS token.
 * Returns an error message naming the setting instead of throwing, so `check` can report it;
 * `howToAllowHttp` says how plain http is allowed ("set config … (env …)").
 */
export function parseEndpoint(
  value: string,
  setting: string,
  allowInsecureHttp: boolean,
  howToAllowHttp: string,
): Endpoint | { error: string } {
  const text = value.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return {
      error: `${setting} "${value}" is not a URL or host: use e.g. http://127.0.0.1:8080 or dbs-api.cn-hangzhou.aliyuncs.com`,
    };
  }
  const protocol = url.protocol.replace(/:$/, "");
  if (protocol !== "http" && protocol !== "https") {
    return { error: `${setting} "${value}" has scheme "${protocol}": only http and https are allowed` };
  }
  if (
    (url.pathname !== "/" && url.pathname !== "") ||
    url.search ||
    url.hash ||
    url.username ||
    url.password
  ) {
    return {
      error: `${setting} "${value}" must be a scheme and host[:port] only, without path, query or credentials`,
    };
  }
  if (protocol === "http" && !isLoopback(url.hostname) && !allowInsecureHttp) {
    return {
      error:
        `${setting} "${value}" uses plain http to a non-loopback host; use https, ` +
        `or ${howToAllowHttp} to accept that`,
    };
  }
  return { protocol, host: url.host };
}

/**
 * Parses an STS endpoint override: `host[:port]` or `https://host[:port]`. @alicloud/credentials takes
 * a host and always calls STS over https, so plain http cannot be honoured and is refused.
 */
export function parseStsEndpoint(value: string, setting: string): { host: string } | { error: string } {
  const parsed = parseEndpoint(value, setting, true, "");
  if ("error" in parsed) return parsed;
  if (parsed.protocol !== "https") {
    return { error: `${setting} "${value}" uses http: the credential chain calls STS over https only` };
  }
  return { host: parsed.host };
}
