// Downloads the newest finished full backup set of a backup plan as SQL, waits for the conversion and
// exports the (secret) download URL. Against the emulator the plan "dbsplan0001" exists.
import * as pulumi from "@pulumi/pulumi";
import { FullBackupSetDownload, getLatestFullBackupSetOutput } from "pulumi-alicloud-dbs";

const config = new pulumi.Config();
const latest = getLatestFullBackupSetOutput({ backupPlanId: config.get("backupPlanId") ?? "dbsplan0001" });

const download = new FullBackupSetDownload("latest-sql", {
  backupSetId: latest.backupSetId,
  backupSetDataFormat: "SQL",
  waitForCompletion: true,
  timeoutMinutes: config.getNumber("timeoutMinutes") ?? 30,
});

export const backupSetId = latest.backupSetId;
export const taskId = download.backupSetDownloadTaskId;
export const status = download.status;
export const downloadUrl = download.internetUrl;
