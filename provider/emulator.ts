// Deprecated: `pulumi-alicloud-dbs/emulator` (and `…/dist/emulator`) for programs that import the emulator
// from this package; it is its own package now. Removed in 0.3.0: import `pulumi-alicloud-dbs-emulator`.
export * from "pulumi-alicloud-dbs-emulator";
