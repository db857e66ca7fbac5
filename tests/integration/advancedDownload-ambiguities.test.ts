// What the 2021-01-01 docs leave open, answered both ways by the emulator: AdvancedDownload and
// getAdvancedDownloadUrls (their definitions, as the dynamic provider object runs them) work with
// either answer, or fail saying what happened.
import { strict as assert } from "node:assert";
import type { Emulator, EmulatorOptions } from "../../packages/emulator/src";
import { DEFAULT_CREDENTIAL, startEmulator } from "../../packages/emulator/src";
import { DYNAMIC_CONFIG_KEYS } from "../../provider/dynamic/provider";
import type { SettingsResult } from "../../provider/lib/settings";
import { readSettings } from "../../provider/lib/settings";
import { advancedDownload } from "../../provider/resources/advancedDownload";
import { getAdvancedDownloadUrls } from "../../provider/resources/getAdvancedDownloadUrls";

const TIME_SCALE = 600;
const SCOPE = { project: "shop", stack: "prod", name: "orders" };

describe("AdvancedDownload where the API docs are ambiguous", function () {
  this.timeout(60_000);
  let emulator: Emulator | undefined;
  afterEach(() => emulator?.close());

  async function start(options: EmulatorOptions): Promise<SettingsResult> {
    emulator = await startEmulator({ timeScale: TIME_SCALE, ...options });
    const config: Record<string, string> = {
      "alicloud:region": "cn-hangzhou",
      "alicloud:accessKey": DEFAULT_CREDENTIAL.accessKeyId,
      "alicloud:secretKey": DEFAULT_CREDENTIAL.accessKeySecret,
    };
    return readSettings(DYNAMIC_CONFIG_KEYS, (key) => config[key], {
      ALIBABA_CLOUD_DBS_ENDPOINT: emulator.url,
      ALIBABA_CLOUD_DBS_POLL_SCALE: String(1 / TIME_SCALE),
    });
  }

  function inputsOf(settings: SettingsResult, news: Record<string, unknown>) {
    const { inputs, failures } = advancedDownload.check({}, news, settings, SCOPE);
    assert.deepEqual(failures, []);
    return inputs ?? {};
  }

  for (const listedFormat of ["documented", "requested"] as const) {
    it(`adopts its task whether the list spells CSV "csv" or "CSV" (listedFormat ${listedFormat})`, async () => {
      const settings = await start({ listedFormat });
      const inputs = inputsOf(settings, {
        instanceName: "rm-emuladv0001",
        bakSetId: "1460050002",
        formatType: "CSV",
      });
      const first = await advancedDownload.create(inputs, settings.settings);
      const again = await advancedDownload.create(inputs, settings.settings);
      assert.equal(again.id, first.id);
      assert.equal(emulator?.advancedTasks().length, 1);
    });
  }

  for (const urlExpirationUnit of ["ms", "s"] as const) {
    it(`reports the links' expiry in epoch ms whichever unit DBS answers (${urlExpirationUnit})`, async () => {
      const settings = await start({ urlExpirationUnit });
      const inputs = inputsOf(settings, {
        instanceName: "rm-emuladv0001",
        bakSetId: "1460050003",
        formatType: "SQL",
        waitForCompletion: true,
      });
      const { outs } = await advancedDownload.create(inputs, settings.settings);
      const before = Date.now();
      const links = await getAdvancedDownloadUrls.run(settings.settings, {
        taskId: outs.taskId as string,
        durationSeconds: 300,
      });
      assert.ok(links.expirationTime >= before + 300_000 - 1000, `${links.expirationTime} is ms`);
      assert.ok(
        links.expirationTime < before + 300_000 * TIME_SCALE * 2,
        `${links.expirationTime} is not far off`,
      );
    });
  }

  it("a business error answered as HTTP 4xx (businessErrors http) fails the create once, naming the code", async () => {
    const settings = await start({ businessErrors: "http" });
    const inputs = inputsOf(settings, {
      instanceName: "rm-emuladv0001",
      bakSetId: "1460000000",
      formatType: "CSV",
    });
    await assert.rejects(advancedDownload.create(inputs, settings.settings), /DBS\.BackupSetNotFound/);
    assert.equal(emulator?.requestsFor("CreateDownload").length, 1);
    assert.equal(emulator?.advancedTasks().length, 0);
  });

  it("a retry that DBS answers with a new task (retryDownloadTask newTask) fails naming that task", async () => {
    const settings = await start({ retryDownloadTask: "newTask" });
    const inputs = inputsOf(settings, {
      instanceName: "rm-emuladv0001",
      bakSetId: "1460059999",
      formatType: "CSV",
      waitForCompletion: true,
      retryFailedTask: true,
    });
    const failure = await advancedDownload.create(inputs, settings.settings).then(
      () => assert.fail("expected a failure"),
      (error: Error & { id?: string }) => error,
    );
    assert.match(failure.message, /answered with task dt-\S+ instead of retrying dt-\S+ in place/);
    assert.match(failure.id ?? "", /^rm-emuladv0001\/dt-/, "the original task is kept in the state");
  });
});
