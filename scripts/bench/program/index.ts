import * as pulumi from "@pulumi/pulumi";
import { FullBackupSetDownload } from "pulumi-alicloud-dbs";

const config = new pulumi.Config();
const variant = config.require("variant");
const count = config.requireNumber("count");
const waitSets = config.getObject<string[]>("waitSets") ?? [];

const noopProvider: pulumi.dynamic.ResourceProvider = {
  async create() {
    return { id: "noop", outs: {} };
  },
};

class Noop extends pulumi.dynamic.Resource {
  constructor(name: string) {
    super(noopProvider, name, {}, undefined, "bench", "Noop");
  }
}

const echoProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: "noop", outs: inputs };
  },
};

const outputOnly = [
  "clientTokenSource",
  "backupSetDownloadTaskId",
  "status",
  "backupSetDataSize",
  "createTime",
  "finishTime",
  "downloadWay",
  "internetUrl",
  "intranetUrl",
  "errorMessage",
];

class NoopWide extends pulumi.dynamic.Resource {
  constructor(name: string) {
    const props: pulumi.Inputs = {
      backupSetId: "dbsset0001",
      backupSetDataFormat: undefined,
      region: undefined,
      clientToken: undefined,
      triggers: undefined,
      waitForCompletion: undefined,
      timeoutMinutes: undefined,
      tokenScope: { project: pulumi.getProject(), stack: pulumi.getStack(), name },
    };
    for (const key of outputOnly) props[key] = undefined;
    super(
      echoProvider,
      name,
      props,
      { additionalSecretOutputs: ["internetUrl", "intranetUrl"] },
      "bench",
      "NoopWide",
    );
  }
}

for (let i = 0; i < count; i++) {
  const name = `r${String(i).padStart(3, "0")}`;
  if (variant === "baseline") new Noop(name);
  else if (variant === "wide") new NoopWide(name);
  else new FullBackupSetDownload(name, { backupSetId: "dbsset0001" });
}
for (const backupSetId of waitSets) {
  new FullBackupSetDownload(`wait-${backupSetId}`, {
    backupSetId,
    waitForCompletion: true,
    timeoutMinutes: 120,
  });
}
