// The program `npm run bench` measures (see tools/bench/). Config: `variant` — "ours"
// (FullBackupSetDownload), "baseline" (a no-op dynamic resource with no properties) or "wide" (a no-op
// resource registered as ours is, config `registration`); `count` resources of it; and
// `waitSets`, backup sets to download with waitForCompletion.
import * as pulumi from "@pulumi/pulumi";
import { FullBackupSetDownload } from "pulumi-alicloud-dbs";
// Erased when the program runs from its copy: only tsc sees it.
import type { Registration } from "../results";

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

/** The echo provider behind our resource's registration: Pulumi's per-property work without our code. */
class NoopWide extends pulumi.dynamic.Resource {
  constructor(name: string, registration: Registration) {
    const props = Object.fromEntries(registration.properties.map((key) => [key, registration.inputs[key]]));
    const opts = { additionalSecretOutputs: registration.secretOutputs };
    super(echoProvider, name, props, opts, "bench", "NoopWide");
  }
}

const resources: pulumi.CustomResource[] = [];
for (let i = 0; i < count; i++) {
  const name = `r${String(i).padStart(3, "0")}`;
  if (variant === "baseline") resources.push(new Noop(name));
  else if (variant === "wide")
    resources.push(new NoopWide(name, config.requireObject<Registration>("registration")));
  else resources.push(new FullBackupSetDownload(name, { backupSetId: "dbsset0001" }));
}
for (const backupSetId of waitSets) {
  new FullBackupSetDownload(`wait-${backupSetId}`, {
    backupSetId,
    waitForCompletion: true,
    timeoutMinutes: 120,
  });
}

/** The properties the first resource declares: every Output it has but its URN and ID. */
export const declaredProperties = Object.entries(resources[0] ?? {})
  .filter(
    ([key, value]) =>
      pulumi.Output.isInstance(value) && key !== "urn" && key !== "id" && !key.startsWith("__"),
  )
  .map(([key]) => key);
