// A stable path: with the package installed, every FullBackupSetDownload's `__provider` is one
// `require` of dist/provider/fullBackupSetDownloadProvider.js, so existing stacks depend on this file.
// The resource class imports the provider through it, so that new stacks name this path too.
import provider = require("./dynamic/fullBackupSetDownloadProvider");
export = provider;
