// 200 downloads in one `pulumi up` (the engine's default parallelism) against an API that allows 10
// requests per second per access key: every create must succeed, once, with its own token.
import { strict as assert } from "node:assert";
import type { Emulator } from "../../emulator";
import type { InstalledProject } from "../../scripts/installedProject";
import { createInstalledProject } from "../../scripts/installedProject";
import type { EmulatorStack } from "../support/emulatorStack";
import { startEmulatorStack } from "../support/emulatorStack";
import type { PulumiWorkspace } from "../support/pulumiCli";
import { DOWNLOAD_TYPE, resourcesOfType } from "../support/pulumiCli";

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
  let stack: EmulatorStack | undefined;

  before(async function () {
    this.timeout(30 * 60_000);
    // The installed package keeps __provider at a few hundred bytes: from source, 200 resources would
    // carry 200 × 2 copies of the code in every state checkpoint.
    project = await createInstalledProject({ program: PROGRAM, name: "alicloud-dbs-e2e-scale" });
    stack = await startEmulatorStack({
      projectDir: project.dir,
      stack: "scale",
      emulator: { rateLimit: RATE_LIMIT },
      settingsFrom: "env",
      config: { count: String(COUNT) },
    });
    ({ emulator, ws } = stack);
  });

  after(async () => {
    await stack?.dispose();
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
