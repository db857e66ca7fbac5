// Turns on automatic download of every new backup set of a DBS backup plan to a backup gateway, full
// backups as SQL. Changing a rule updates the plan in place; `pulumi destroy` turns automatic download
// off. Against the emulator the plan "dbsplan0001" exists.
import * as pulumi from "@pulumi/pulumi";
import { BackupSetDownloadRules } from "pulumi-alicloud-dbs";

const config = new pulumi.Config();
const rules = new BackupSetDownloadRules("nightly", {
  backupPlanId: config.get("backupPlanId") ?? "dbsplan0001",
  backupGatewayId: config.getNumber("backupGatewayId") ?? 20230007,
  backupSetDownloadDir: config.get("downloadDir") ?? "/data/dbs",
  fullDataFormat: "SQL",
});

export const backupPlanId = rules.id;
export const downloadDir = rules.backupSetDownloadDir;
