// Downloads the newest finished full backup set of a backup plan as SQL, waits for the conversion and
// exports the task ID and the (secret) download URL: examples/yaml, written with the plugin's generated
// Node.js SDK. examples/latest-full-backup is the same program on the npm package's dynamic resources,
// which need no plugin.
import * as pulumi from "@pulumi/pulumi";
import * as dbs from "pulumi-alicloud-dbs-sdk";

const config = new pulumi.Config();
const latest = dbs.getLatestFullBackupSetOutput({ backupPlanId: config.require("backupPlanId") });

const download = new dbs.FullBackupSetDownload("latest-sql", {
  backupSetId: latest.backupSetId,
  backupSetDataFormat: dbs.BackupSetDataFormat.SQL,
  waitForCompletion: true,
});

export const backupSetId = latest.backupSetId;
export const taskId = download.backupSetDownloadTaskId;
export const status = download.status;
export const downloadUrl = download.internetUrl; // a secret
