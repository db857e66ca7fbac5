// This module's exports are the FullBackupSetDownload provider object itself. Pulumi serializes a
// module that is installed under node_modules as a `require` of its path, so with the package
// installed a resource's `__provider` is one line naming this file: keep its path stable.
import { downloadTaskProvider } from "./downloadProvider";

export = downloadTaskProvider("full");
