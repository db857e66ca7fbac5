"""Downloads the newest finished full backup set of a backup plan as SQL, waits for the conversion and
exports the task ID and the (secret) download URL: examples/yaml, written with the Python SDK."""

import pulumi
import pulumi_alicloud_dbs as dbs

config = pulumi.Config()
latest = dbs.get_latest_full_backup_set(backup_plan_id=config.require("backupPlanId"))

download = dbs.FullBackupSetDownload(
    "latest-sql",
    backup_set_id=latest.backup_set_id,
    backup_set_data_format=dbs.BackupSetDataFormat.SQL,
    wait_for_completion=True,
)

pulumi.export("backupSetId", latest.backup_set_id)
pulumi.export("taskId", download.backup_set_download_task_id)
pulumi.export("status", download.status)
pulumi.export("downloadUrl", download.internet_url)  # a secret
