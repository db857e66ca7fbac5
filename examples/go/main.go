// Downloads the newest finished full backup set of a backup plan as SQL, waits for the conversion and
// exports the task ID and the (secret) download URL: examples/yaml, written with the Go SDK.
package main

import (
	"github.com/pulumi-alicloud-dbs/pulumi-alicloud-dbs/sdk/go/aliclouddbs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		latest, err := aliclouddbs.GetLatestFullBackupSet(ctx, &aliclouddbs.GetLatestFullBackupSetArgs{
			BackupPlanId: config.Require(ctx, "backupPlanId"),
		})
		if err != nil {
			return err
		}
		download, err := aliclouddbs.NewFullBackupSetDownload(ctx, "latest-sql", &aliclouddbs.FullBackupSetDownloadArgs{
			BackupSetId:         pulumi.String(latest.BackupSetId),
			BackupSetDataFormat: aliclouddbs.BackupSetDataFormatSQL,
			WaitForCompletion:   pulumi.Bool(true),
		})
		if err != nil {
			return err
		}
		ctx.Export("backupSetId", pulumi.String(latest.BackupSetId))
		ctx.Export("taskId", download.BackupSetDownloadTaskId)
		ctx.Export("status", download.Status)
		ctx.Export("downloadUrl", download.InternetUrl) // a secret
		return nil
	})
}
