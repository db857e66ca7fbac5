// AdvancedDownload's CreateDownload has no ClientToken: a CI runner kills `pulumi up` (SIGKILL, every
// process of the job) after the create request reached DBS but before the answer came back. The next
// `pulumi up` must adopt that task (find-or-adopt) and end with exactly one task, recorded in the state;
// through both faces: the npm package's dynamic resource (whose installed `__provider` is a short
// require of the stable module) and the plugin from a YAML program.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { Emulator } from "../../packages/emulator/src";
import { requiredModules, resourcesOfType, storedProvider } from "../../tools/harness/deployment";
import { hardKill } from "../../tools/harness/hardKill";
import type { Workspace } from "../../tools/harness/workspace";
import type { EmulatorStack } from "../support/emulatorStack";
import { startEmulatorStack } from "../support/emulatorStack";

const CREATE = "CreateDownload";

const FACES = [
  {
    face: "dynamic",
    type: "pulumi-nodejs:dynamic/alicloud-dbs:AdvancedDownload",
    options: { project: path.join(__dirname, "fixtures", "advanced"), settingsFrom: "config" },
  },
  {
    face: "plugin",
    type: "alicloud-dbs:index:AdvancedDownload",
    options: {
      project: path.join(__dirname, "fixtures", "advanced-yaml"),
      settingsFrom: "plugin-config",
      hosts: ["yaml"],
      installPlugin: true,
    },
  },
] as const;

for (const { face, type: TYPE, options } of FACES)
  describe(`e2e (${face}): AdvancedDownload, pulumi up killed right after CreateDownload was sent`, function () {
    this.timeout(180_000);
    let emulator: Emulator;
    let ws: Workspace;
    let stack: EmulatorStack | undefined;

    before(async function () {
      this.timeout(30 * 60_000);
      stack = await startEmulatorStack({
        ...options,
        hosts: "hosts" in options ? [...options.hosts] : undefined,
        stack: "killed",
      });
      ({ emulator, ws } = stack);
    });

    after(() => stack?.dispose());

    it("the re-run adopts the task the killed run started: exactly one task", async () => {
      // The emulator holds the answer for 3 s, then creates the task even though nobody listens any more.
      emulator.injectFault({ kind: "slow", delayMs: 3000, action: CREATE });
      const killed = ws.stack.up(ws.log).then(
        () => assert.fail("the killed up succeeded"),
        (error: Error) => error,
      );
      const deadline = Date.now() + 60_000;
      while (emulator.delayedRequests() === 0) {
        assert.ok(Date.now() < deadline, "pulumi up never sent the create request");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(hardKill(ws.homeDir) >= 3, "the engine, the language host and the plugins were killed");
      await killed;
      await new Promise((resolve) => setTimeout(resolve, 3500));
      const [task] = emulator.advancedTasks();
      assert.equal(
        emulator.advancedTasks().length,
        1,
        "the server acted on the request nobody heard back from",
      );

      await ws.stack.cancel();
      emulator.clearRequests();
      const rerun = await ws.stack.up(ws.log);
      assert.deepEqual(
        emulator.requests.map((r) => r.action),
        ["DescribeDownloadTask"],
        "the re-run found the task and sent no create",
      );
      assert.equal(emulator.advancedTasks().length, 1, "no second task");
      assert.equal(rerun.outputs.taskId.value, task.taskId);
      const [resource] = resourcesOfType(await ws.state(), TYPE);
      assert.equal(resource.id, `rm-emuladv0001/${task.taskId}`);
    });

    if (face === "dynamic") {
      it("stores a __provider that requires the installed package's stable module", async () => {
        const [resource] = resourcesOfType(await ws.state(), TYPE);
        const provider = storedProvider(resource);
        assert.deepEqual(requiredModules(provider.text), [
          "pulumi-alicloud-dbs/dist/provider/advancedDownloadProvider.js",
        ]);
        // A require of the stable module (301 bytes here), not the ~60 KB by-value copy of the sources.
        assert.ok(provider.bytes <= 400, `__provider is ${provider.bytes} bytes`);
      });
    }

    it("a re-run with no change makes no API call; destroy forgets the task without one", async () => {
      emulator.clearRequests();
      await ws.stack.refresh({ ...ws.log, clearPendingCreates: true });
      assert.deepEqual(
        emulator.requests.map((r) => r.action),
        ["DescribeDownloadTask"],
        "refresh reads the task once",
      );
      emulator.clearRequests();
      await ws.stack.up({ ...ws.log, expectNoChanges: true });
      assert.deepEqual(emulator.requests, []);
      await ws.stack.destroy(ws.log);
      assert.deepEqual(emulator.requests, []);
      assert.equal(emulator.advancedTasks().length, 1, "DBS keeps the task");
    });
  });
