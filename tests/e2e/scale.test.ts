// 200 downloads in one `pulumi up` (the engine's default parallelism) against an API that allows 10
// requests per second per access key: every create must succeed, once, with its own token.
import { strict as assert } from "node:assert";
import type { Emulator } from "../../emulator";
import { DEFAULT_CREDENTIAL, startEmulator } from "../../emulator";
import type { InstalledProject } from "../../scripts/installedProject";
import { createInstalledProject } from "../../scripts/installedProject";
import type { PulumiWorkspace } from "../support/pulumiCli";
import { DOWNLOAD_TYPE, createPulumiWorkspace, ensurePulumiCli, resourcesOfType } from "../support/pulumiCli";

const COUNT = 200;
const RATE_LIMIT = 10;
const CREATE = "CreateFullBackupSetDownload";

const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { FullBackupSetDownload } from "pulumi-alicloud-dbs";

const count = new pulumi.Config().requireNumber("count");
const downloads = Array.from({ length: count }, (_, i) =>
  new FullBackupSetDownload(\`dl-\${String(i).padStart(3, "0")}\`, { backupSetId: \`dbsset000\${(i % 3) + 1}\` }),
);
export const taskIds = downloads.map((d) => d.backupSetDownloadTaskId);
`;

describe(`e2e: ${COUNT} downloads in one pulumi up against ${RATE_LIMIT} requests/s`, function () {
  this.timeout(600_000);
  let emulator: Emulator;
  let project: InstalledProject;
  let ws: PulumiWorkspace;

  before(async function () {
    this.timeout(30 * 60_000);
    await ensurePulumiCli();
    // The installed package keeps __provider at a few hundred bytes: from source, 200 resources would
    // carry 200 × 2 copies of the code in every state checkpoint.
    project = await createInstalledProject({ program: PROGRAM, name: "alicloud-dbs-e2e-scale" });
    emulator = await startEmulator({ port: 0, rateLimit: RATE_LIMIT });
    ws = await createPulumiWorkspace({
      projectDir: project.dir,
      stack: "scale",
      env: {
        ALIBABA_CLOUD_DBS_ENDPOINT: emulator.url,
        ALIBABA_CLOUD_REGION_ID: "cn-hangzhou",
        ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_CREDENTIAL.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_CREDENTIAL.accessKeySecret,
      },
    });
    await ws.stackInit();
    await ws.configSet("count", String(COUNT));
  });

  after(async () => {
    await ws?.dispose();
    await emulator?.close();
    await project?.dispose();
  });

  it("every create succeeds exactly once, retried through the throttling with its own token", async () => {
    const started = Date.now();
    await ws.run(["up"], { timeoutMs: 540_000 });
    const wallSeconds = (Date.now() - started) / 1000;

    const creates = emulator.requestsFor(CREATE);
    const accepted = creates.filter((r) => r.statusCode === 200);
    const throttled = creates.filter((r) => r.code === "Throttling.User");
    assert.equal(accepted.length, COUNT);
    assert.equal(throttled.length + accepted.length, creates.length, "only throttling was retried");
    assert.equal(emulator.tasks().length, COUNT);
    const tokens = new Set(emulator.tasks().map((t) => t.clientToken));
    assert.equal(tokens.size, COUNT, "one distinct token per resource");

    const resources = resourcesOfType(await ws.exportState(), DOWNLOAD_TYPE);
    assert.equal(resources.length, COUNT);
    assert.deepEqual(
      resources.map((r) => r.id).sort(),
      emulator
        .tasks()
        .map((t) => t.taskId)
        .sort(),
    );
    console.log(
      `      ${COUNT} creates at ${RATE_LIMIT}/s: ${wallSeconds.toFixed(1)} s wall, ${creates.length} requests ` +
        `(${throttled.length} throttled and retried)`,
    );
  });
});
