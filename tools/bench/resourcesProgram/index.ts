// The program `npm run bench -- --api-calls` measures (tools/bench/measureResources.ts). Config:
// `resource` — "advanced" (an AdvancedDownload of each of `ids`, backup sets of `instanceName`) or
// "rules" (a BackupSetDownloadRules of each of `ids`, backup plans); `downloadDir`, the rules' directory
// (changing it updates every rule in place).
import * as pulumi from "@pulumi/pulumi";
import { AdvancedDownload, BackupSetDownloadRules } from "pulumi-alicloud-dbs";

const config = new pulumi.Config();
const resource = config.require("resource");
const ids = config.requireObject<string[]>("ids");
const downloadDir = config.get("downloadDir") ?? "/data/dbs";

for (const id of ids) {
  if (resource === "advanced") {
    const instanceName = config.require("instanceName");
    new AdvancedDownload(id, { instanceName, bakSetId: id, formatType: "SQL" });
  } else {
    new BackupSetDownloadRules(id, {
      backupPlanId: id,
      backupGatewayId: 20230007,
      backupSetDownloadDir: downloadDir,
      fullDataFormat: "SQL",
    });
  }
}
