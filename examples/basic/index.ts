import * as pulumi from "@pulumi/pulumi";
import { FullBackupSetDownload } from "pulumi-alicloud-dbs";

const config = new pulumi.Config();

const download = new FullBackupSetDownload("nightly-sql", {
  backupSetId: config.get("backupSetId") ?? "dbsset0001",
  backupSetDataFormat: "SQL",
});

export const taskId = download.backupSetDownloadTaskId;
export const clientToken = download.clientToken;
