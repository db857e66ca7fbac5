// getAdvancedDownloadUrls: fresh download links for a finished advanced download task
// (DescribeDownloadBackupSetStorageInfo), minted with the chosen lifetime at every run, so that a
// pipeline never hands on an expired link. The links are secrets.
import type { FunctionDefinition, InputsOf, ObjectType } from "../lib/definition";
import { checkValues, optionalInput, requiredInput } from "../lib/definition";
import { openDbsClient } from "../lib/connection";
import { resolveRegion } from "../lib/settings";
import type { CheckFailure } from "../lib/values";
import { checkIdentifier, describe, UNKNOWN } from "../lib/values";

const MIN_DURATION_S = 300;
const MAX_DURATION_S = 86_400;
const DEFAULT_DURATION_S = 7_200;
/** An ExpirationTime below this is in seconds (the SDK's example), not the documented milliseconds. */
const MIN_EPOCH_MS = 1e12;

const inputs = {
  /** The task, e.g. "dt-s0ugzak9****" (AdvancedDownload's taskId). */
  taskId: requiredInput<string>({
    type: "string",
    description:
      "The ID of a finished advanced download task (AdvancedDownload's taskId), e.g. dt-s0ugzak9****.",
    check: (property, value) => checkIdentifier(property, value, "dt-s0ugzak9****", "a download task ID"),
  }),
  /** How long the links work: 300 to 86400 seconds (default 7200). */
  durationSeconds: optionalInput<number>({
    type: "integer",
    description: `How long the links work, in seconds: ${MIN_DURATION_S} to ${MAX_DURATION_S}. Default ${DEFAULT_DURATION_S}.`,
    check: (property, value): CheckFailure | undefined => {
      if (value === undefined || value === UNKNOWN) return undefined;
      if (
        Number.isInteger(value) &&
        (value as number) >= MIN_DURATION_S &&
        (value as number) <= MAX_DURATION_S
      )
        return undefined;
      return {
        property,
        reason: `${property} must be a whole number of seconds from ${MIN_DURATION_S} to ${MAX_DURATION_S}, got ${describe(value)}`,
      };
    },
  }),
  /** Default: the configured region. */
  region: optionalInput<string>({
    type: "string",
    description: "The region of the task, e.g. cn-hangzhou. Default: the provider's region.",
  }),
};

export type GetAdvancedDownloadUrlsArgs = InputsOf<typeof inputs>;

/** Fresh links to an advanced download's files; the links are secrets. */
export interface AdvancedDownloadUrls {
  taskId: string;
  publicUrl: string;
  privateUrl: string;
  expirationTime: number;
}

const ADVANCED_DOWNLOAD_URLS: ObjectType = {
  name: "AdvancedDownloadUrls",
  description: "Fresh links to the files of a finished advanced download task, and when they expire.",
  properties: {
    taskId: { type: "string", required: true, description: "The download task." },
    publicUrl: {
      type: "string",
      required: true,
      secret: true,
      description: "The public download link. Secret.",
    },
    privateUrl: {
      type: "string",
      required: true,
      secret: true,
      description: "The link from Alibaba Cloud's internal network (same region). Secret.",
    },
    expirationTime: {
      type: "integer",
      required: true,
      description: "When both links stop working, in epoch milliseconds.",
    },
  },
};

export const getAdvancedDownloadUrls: FunctionDefinition<typeof inputs, AdvancedDownloadUrls> = {
  kind: "function",
  name: "getAdvancedDownloadUrls",
  description:
    "Mints fresh download links for a finished AdvancedDownload task (DescribeDownloadBackupSetStorageInfo), " +
    "valid for durationSeconds, at every run (`pulumi preview` and `pulumi up` each mint new ones): outputs " +
    "built on them never hold an expired link. The links are secret outputs; `expirationTime` says when they " +
    "stop working. The files themselves are kept until the task expires (3 days after it finished for a URL " +
    "download; an OSS download's files stay in the bucket).",
  inputs,
  result: { type: ADVANCED_DOWNLOAD_URLS },
  check(args, settings) {
    return [
      ...checkValues(inputs, args),
      resolveRegion(args.region, settings.settings, "the region argument").failure,
      ...settings.problems.map(({ reason }) => ({ property: "", reason })),
    ].filter((failure): failure is CheckFailure => failure !== undefined);
  },
  async run(settings, args) {
    const region = (args.region ?? settings.region?.value) as string;
    const client = await openDbsClient(settings, region);
    const response = await client.call("DescribeDownloadBackupSetStorageInfo", {
      RegionCode: region,
      TaskId: args.taskId,
      Duration: args.durationSeconds ?? DEFAULT_DURATION_S,
    });
    const { PublicUrl, PrivateUrl, ExpirationTime } = response.Data;
    return {
      taskId: args.taskId,
      publicUrl: PublicUrl,
      privateUrl: PrivateUrl,
      expirationTime: ExpirationTime < MIN_EPOCH_MS ? ExpirationTime * 1000 : ExpirationTime,
    };
  },
};
