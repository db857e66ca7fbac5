// The workflows of examples/ci against the rules a copy of them in a user's repository must keep:
// github-actions.yml (a Node.js project on the npm package) and github-actions-python.yml (a Python
// project on the plugin and its SDK).
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

interface Step {
  uses?: string;
  with?: Record<string, string | number>;
  run?: string;
  env?: Record<string, string>;
}

interface Job {
  if?: string;
  permissions?: Record<string, string>;
  concurrency?: { group?: string; "cancel-in-progress"?: boolean };
  strategy?: { matrix?: { stack?: string[] } };
  env?: Record<string, string>;
  steps?: Step[];
}

interface Workflow {
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  jobs?: Record<string, Job>;
}

const REPO_ROOT = path.resolve(__dirname, "../..");

function readWorkflow(name: string): Workflow {
  return parse(readFileSync(path.join(REPO_ROOT, "examples/ci", name), "utf8")) as Workflow;
}

/** The job and step whose run script matches pattern (the first one). */
function jobRunning(jobs: Job[], pattern: RegExp): [Job, Step] {
  for (const job of jobs) {
    const step = job.steps?.find((s) => pattern.test(s.run ?? ""));
    if (step) return [job, step];
  }
  assert.fail(`no step runs ${pattern}`);
}

/** The text of every .js/.ts file under dir (recursively). */
function sourcesUnder(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => /\.(js|ts)$/.test(file))
    .map((file) => readFileSync(path.join(dir, file), "utf8"))
    .join("\n");
}

interface TrustPolicy {
  Statement: {
    Action: string;
    Principal: { Federated: string[] };
    Condition: { StringEquals: Record<string, string> };
  }[];
}

/** The role trust policy examples/ci/README.md tells users to create (its one JSON block). */
function trustPolicy(): TrustPolicy {
  const readme = readFileSync(path.join(REPO_ROOT, "examples/ci/README.md"), "utf8");
  const blocks = [...readme.matchAll(/```json\n([\s\S]*?)```/g)];
  assert.equal(blocks.length, 1, "one JSON block in examples/ci/README.md");
  return JSON.parse(blocks[0][1]) as TrustPolicy;
}

for (const file of ["github-actions.yml", "github-actions-python.yml"]) {
  describe(`examples/ci/${file}`, () => {
    const workflow = readWorkflow(file);
    const jobs = Object.values(workflow.jobs ?? {});

    it("gives pull requests (which may come from forks) no OIDC token and no pulumi up", () => {
      const onPullRequests = jobs.filter((job) => /github\.event_name == 'pull_request'/.test(job.if ?? ""));
      assert.ok(onPullRequests.length > 0, "a job runs on pull requests");
      assert.notEqual(workflow.permissions?.["id-token"], "write", "workflow-level id-token: write");
      for (const job of onPullRequests) {
        assert.notEqual(job.permissions?.["id-token"], "write", "id-token: write on a pull-request job");
        assert.ok(!job.steps?.some((s) => /\bpulumi up\b/.test(s.run ?? "")), "pulumi up on a pull request");
      }
      const [previewJob] = jobRunning(jobs, /\bpulumi preview\b/);
      assert.ok(onPullRequests.includes(previewJob), "pulumi preview runs on pull requests");
    });

    it("deploys outside pull requests, one update per stack at a time, never cancelling one under way", () => {
      // Without --yes a non-interactive pulumi up refuses to run.
      const [job] = jobRunning(jobs, /\bpulumi up\b[^\n]*--yes/);
      assert.match(job.if ?? "", /github\.event_name != 'pull_request'/);
      assert.ok((job.strategy?.matrix?.stack ?? []).length > 0, "matrix.stack");
      // Two updates of one stack collide on its lock; a cancelled update leaves pending operations.
      assert.match(job.concurrency?.group ?? "", /\$\{\{ matrix\.stack \}\}/, "concurrency group per stack");
      assert.equal(job.concurrency?.["cancel-in-progress"], false);
    });

    it("writes an OIDC token for Alibaba Cloud STS to the token file before pulumi up", () => {
      const [job, step] = jobRunning(jobs, /\bpulumi up\b/);
      assert.equal(
        job.permissions?.["id-token"],
        "write",
        "GitHub issues ID tokens only with id-token: write",
      );
      const run = step.run ?? "";
      assert.match(run, /\$ACTIONS_ID_TOKEN_REQUEST_URL&audience=sts\.aliyuncs\.com/);
      const written = run.search(/> "\$ALIBABA_CLOUD_OIDC_TOKEN_FILE/);
      assert.ok(written >= 0 && written < run.lastIndexOf("pulumi up"), "the token file is written first");
    });

    it("asks GitHub for the token that the README's RAM trust policy admits", () => {
      const [job, step] = jobRunning(jobs, /\bpulumi up\b/);
      const audience = /audience=([^"&\s]+)/.exec(step.run ?? "")?.[1];
      const policy = trustPolicy();
      const statement = policy.Statement[0];
      assert.equal(statement.Action, "sts:AssumeRole");
      assert.match(statement.Principal.Federated[0], /^acs:ram::<account-id>:oidc-provider\/[\w-]+$/);
      const conditions = statement.Condition.StringEquals;
      assert.equal(conditions["oidc:iss"], "https://token.actions.githubusercontent.com");
      assert.equal(conditions["oidc:aud"], audience);
      // GitHub's subject for a job in an environment: repo:<owner>/<repo>:environment:<name>.
      assert.equal((job as { environment?: string }).environment, "${{ matrix.stack }}");
      const stack = job.strategy?.matrix?.stack?.[0];
      assert.equal(conditions["oidc:sub"], `repo:<owner>/<repo>:environment:${stack}`);
    });

    it("sets only ALIBABA_CLOUD_* variables that @alicloud/credentials or the provider reads", () => {
      const env = {
        ...workflow.env,
        ...Object.assign({}, ...jobs.flatMap((j) => [j.env, ...(j.steps ?? []).map((s) => s.env)])),
      };
      const names = Object.keys(env).filter((name) => name.startsWith("ALIBABA_CLOUD_"));
      // Off an ECS instance, a missing credential would otherwise wait for the metadata service.
      assert.equal(env.ALIBABA_CLOUD_ECS_METADATA_DISABLED, "true");
      const read = new Set(
        [
          sourcesUnder(path.dirname(require.resolve("@alicloud/credentials"))),
          sourcesUnder(path.join(REPO_ROOT, "provider")),
        ]
          .join("\n")
          .match(/\bALIBABA_CLOUD_[A-Z0-9_]+/g),
      );
      assert.deepEqual(
        names.filter((name) => !read.has(name)),
        [],
        "variables nothing reads (a typo?)",
      );
      for (const name of [
        "ROLE_ARN",
        "OIDC_PROVIDER_ARN",
        "OIDC_TOKEN_FILE",
        "ACCESS_KEY_ID",
        "ACCESS_KEY_SECRET",
      ]) {
        assert.ok(
          names.includes(`ALIBABA_CLOUD_${name}`),
          `ALIBABA_CLOUD_${name} (README: OIDC or an AccessKey pair)`,
        );
      }
    });
  });
}

describe("examples/ci/github-actions-python.yml: the plugin and the Python SDK", () => {
  const workflow = readWorkflow("github-actions-python.yml");
  const { version, engines } = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    version: string;
    engines: { node: string };
  };
  const { NAME } = require(path.join(REPO_ROOT, "scripts", "build-plugin.js")) as { NAME: string };
  const venv = (
    parse(readFileSync(path.join(REPO_ROOT, "examples/python/Pulumi.yaml"), "utf8")) as {
      runtime: { options: { virtualenv: string } };
    }
  ).runtime.options.virtualenv;
  const pulumiJobs = Object.entries(workflow.jobs ?? {}).filter(([, job]) =>
    job.steps?.some((s) => /\bpulumi (preview|up)\b/.test(s.run ?? "")),
  );

  it("installs the release of this package that it names", () => {
    assert.equal(workflow.env?.DBS_PLUGIN_VERSION, version);
  });

  it("installs the plugin from the tarball npm run build writes, and the SDK, before every pulumi command", () => {
    assert.deepEqual(
      pulumiJobs.map(([name]) => name),
      ["preview", "deploy"],
    );
    for (const [name, job] of pulumiJobs) {
      const steps = job.steps ?? [];
      const at = (pattern: RegExp): number => {
        const index = steps.findIndex((s) => pattern.test(s.run ?? ""));
        assert.ok(index >= 0, `${name}: no step runs ${pattern}`);
        return index;
      };
      const pulumi = at(/\bpulumi (preview|up)\b/);
      const install = at(/\bpulumi plugin install resource alicloud-dbs "\$DBS_PLUGIN_VERSION"/);
      assert.ok(
        (steps[install].run ?? "").includes(`dist/${NAME}-v$DBS_PLUGIN_VERSION.tar.gz`),
        `${name}: the tarball's name`,
      );
      assert.ok(at(/npm ci && npm run build/) <= install, `${name}: builds the plugin first`);
      // Into the virtualenv that the project's Pulumi.yaml names, as examples/python's does.
      assert.ok(
        at(new RegExp(`^${venv}/bin/pip install [^\n]*\\.alicloud-dbs/sdk/python`, "m")) < pulumi,
        `${name}: the SDK`,
      );
      assert.ok(install < pulumi, `${name}: the plugin before pulumi`);
      const node = steps.find((s) => s.uses?.startsWith("actions/setup-node@"));
      // The plugin is JavaScript run by the Node.js on PATH.
      assert.ok(
        Number(node?.with?.["node-version"]) >= Number(/\d+/.exec(engines.node)?.[0]),
        `${name}: Node.js ${engines.node}`,
      );
    }
  });
});
