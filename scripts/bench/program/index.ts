// The program `npm run bench` measures (see scripts/bench/). Config: `variant` — "ours"
// (FullBackupSetDownload), "baseline" (a no-op dynamic resource with no properties) or "wide" (our
// resource's own registration with a no-op provider in place of ours); `count` resources of it; and
// `waitSets`, backup sets to download with waitForCompletion.
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
const echoProviderText = pulumi.runtime.serializeFunction(() => echoProvider).then((f) => f.text);

/**
 * Keeps everything FullBackupSetDownload registers (type, properties, secret outputs) and swaps its
 * serialized provider for the echo provider: what Pulumi's per-property work costs without our code.
 */
const withEchoProvider: pulumi.ResourceTransform = async ({ props, opts }) => ({
  props: { ...props, __provider: await echoProviderText },
  opts,
});

for (let i = 0; i < count; i++) {
  const name = `r${String(i).padStart(3, "0")}`;
  if (variant === "baseline") new Noop(name);
  else if (variant === "wide") {
    new FullBackupSetDownload(name, { backupSetId: "dbsset0001" }, { transforms: [withEchoProvider] });
  } else new FullBackupSetDownload(name, { backupSetId: "dbsset0001" });
}
for (const backupSetId of waitSets) {
  new FullBackupSetDownload(`wait-${backupSetId}`, {
    backupSetId,
    waitForCompletion: true,
    timeoutMinutes: 120,
  });
}
