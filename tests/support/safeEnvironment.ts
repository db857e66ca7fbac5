// Loaded by mocha before every suite. The Alibaba credential chain would otherwise probe the ECS metadata
// service and the CLI's profile; tests (and the plugin and CLI processes they start) stay on loopback.
process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";
process.env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED = "true";
process.env.PULUMI_SKIP_UPDATE_CHECK = "true";
for (const name of [
  "ALIBABA_CLOUD_ACCESS_KEY_ID",
  "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
  "ALIBABA_CLOUD_SECURITY_TOKEN",
  "ALIBABA_CLOUD_ROLE_ARN",
  "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
  "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
  "ALIBABA_CLOUD_CREDENTIALS_URI",
  "ALIBABA_CLOUD_DBS_ENDPOINT",
  "ALIBABA_CLOUD_REGION_ID",
  "ALICLOUD_REGION",
]) {
  delete process.env[name];
}
process.env.ALIBABA_CLOUD_CREDENTIALS_FILE = "/nonexistent/pulumi-alicloud-dbs-tests/credentials";
