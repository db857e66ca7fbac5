// What the two dynamic download resources share: their common arguments and outputs. Glue.
import * as pulumi from "@pulumi/pulumi";
import type { DownloadKind } from "../core/kinds";
import { SECRET_OUTPUT_NAMES, TASK_OUTPUT_NAMES } from "../core/outputs";
import type { BackupSetDataFormat } from "../dbs/types";
import { requirableProvider } from "./requirableProvider";

/** The arguments every download resource takes besides its backup set. */
export interface DownloadTaskArgs {
  backupSetDataFormat?: pulumi.Input<BackupSetDataFormat>;
  /** Default: config alicloud:region, else env ALIBABA_CLOUD_REGION_ID or ALICLOUD_REGION. */
  region?: pulumi.Input<string>;
  /** Explicit idempotency token (1–64 printable ASCII); by default one is derived from the resource. */
  clientToken?: pulumi.Input<string>;
  /** Any values; a change starts a new download task. */
  triggers?: pulumi.Input<unknown[]> | pulumi.Input<Record<string, unknown>>;
  /** Make create wait until the task reaches `finish` (default false). Changing it never replaces the task. */
  waitForCompletion?: pulumi.Input<boolean>;
  /** How long create waits when `waitForCompletion` is set: more than 0, at most 1440 (default 30). */
  timeoutMinutes?: pulumi.Input<number>;
}

/** The outputs shared by the full and incremental download resources. */
export abstract class DownloadTaskResource<Own> extends pulumi.dynamic.Resource {
  declare public readonly backupSetDataFormat: pulumi.Output<BackupSetDataFormat>;
  declare public readonly region: pulumi.Output<string>;
  /** The ClientToken the task was created with (explicit or derived). */
  declare public readonly clientToken: pulumi.Output<string>;
  /** `pdbs1` (derived with that scheme), `explicit`, or `imported` (adopted: its token is unknown). */
  declare public readonly clientTokenSource: pulumi.Output<string>;
  declare public readonly triggers: pulumi.Output<unknown[] | Record<string, unknown> | undefined>;
  declare public readonly waitForCompletion: pulumi.Output<boolean>;
  declare public readonly timeoutMinutes: pulumi.Output<number>;
  declare public readonly backupSetDownloadTaskId: pulumi.Output<string>;
  /** checking | init | check_pass | pause | schedule | running | stop | finish, as of create or the last refresh. */
  declare public readonly status: pulumi.Output<string>;
  declare public readonly backupSetDataSize: pulumi.Output<number | undefined>;
  /** Epoch milliseconds. */
  declare public readonly createTime: pulumi.Output<number | undefined>;
  /** Epoch milliseconds; set once the task ended. */
  declare public readonly finishTime: pulumi.Output<number | undefined>;
  declare public readonly downloadWay: pulumi.Output<string | undefined>;
  /** Secret. Set once the task finished (manual download way). */
  declare public readonly internetUrl: pulumi.Output<string | undefined>;
  /** Secret. Set once the task finished (manual download way). */
  declare public readonly intranetUrl: pulumi.Output<string | undefined>;
  declare public readonly errorMessage: pulumi.Output<string | undefined>;

  protected constructor(
    kind: DownloadKind<Own>,
    provider: pulumi.dynamic.ResourceProvider,
    name: string,
    args: DownloadTaskArgs & { [K in keyof Own]: pulumi.Input<Own[K]> },
    opts: pulumi.CustomResourceOptions | undefined,
  ) {
    // Typed as the class's keys: an output of the table that the class does not declare fails to compile.
    const outputOnly: readonly (keyof DownloadTaskResource<Own>)[] = [
      ...TASK_OUTPUT_NAMES,
      "clientTokenSource",
    ];
    super(
      requirableProvider(provider),
      name,
      {
        ...Object.fromEntries(kind.ownProperties.map((p) => [p.name, args[p.name]])),
        backupSetDataFormat: args.backupSetDataFormat,
        region: args.region,
        clientToken: args.clientToken,
        triggers: args.triggers,
        waitForCompletion: args.waitForCompletion,
        timeoutMinutes: args.timeoutMinutes,
        tokenScope: { project: pulumi.getProject(), stack: pulumi.getStack(), name },
        // Declared with no value, so the engine makes them outputs of the resource.
        ...Object.fromEntries(outputOnly.map((key) => [key, undefined])),
      },
      {
        ...opts,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...SECRET_OUTPUT_NAMES],
      },
      "alicloud-dbs",
      kind.type,
    );
  }
}
