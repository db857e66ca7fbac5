// Alibaba Cloud DBS (Database Backup) backup-set download tasks as Pulumi resources.
package aliclouddbs
