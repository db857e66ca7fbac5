// The GitHub Actions example (examples/ci/github-actions.yml): parses, and has what its README promises.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}

interface Job {
  if?: string;
  "runs-on"?: string;
  permissions?: Record<string, string>;
  concurrency?: { group?: string; "cancel-in-progress"?: boolean };
  strategy?: { matrix?: { stack?: string[] } };
  env?: Record<string, string>;
  steps?: Step[];
}

interface Workflow {
  on?: Record<string, unknown>;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  jobs?: Record<string, Job>;
}

const FILE = path.resolve(__dirname, "../../examples/ci/github-actions.yml");

describe("examples/ci/github-actions.yml", () => {
  const workflow = parse(readFileSync(FILE, "utf8")) as Workflow;
  const jobs = workflow.jobs ?? {};
  const jobWithRun = (pattern: RegExp): [string, Job, Step] => {
    for (const [name, job] of Object.entries(jobs)) {
      const step = job.steps?.find((s) => pattern.test(s.run ?? ""));
      if (step) return [name, job, step];
    }
    assert.fail(`no step runs ${pattern}`);
  };

  it("runs on pull requests and pushes to main", () => {
    assert.ok(workflow.on && "pull_request" in workflow.on, "on.pull_request");
    assert.deepEqual((workflow.on.push as { branches?: string[] } | undefined)?.branches, ["main"]);
  });

  it("every job has steps, each of which uses an action or runs a command", () => {
    assert.ok(Object.keys(jobs).length > 0);
    for (const [name, job] of Object.entries(jobs)) {
      assert.ok(job["runs-on"], `${name}: runs-on`);
      assert.ok(job.steps && job.steps.length > 0, `${name}: steps`);
      for (const step of job.steps) assert.ok(step.uses || step.run, `${name}: ${JSON.stringify(step)}`);
    }
  });

  it("previews pull requests without cloud credentials", () => {
    const [name, job] = jobWithRun(/\bpulumi preview\b/);
    assert.match(job.if ?? "", /github\.event_name == 'pull_request'/, `${name}.if`);
    assert.notEqual(job.permissions?.["id-token"] ?? workflow.permissions?.["id-token"], "write");
  });

  it("deploys with `pulumi up --yes`, one update per stack at a time", () => {
    const [name, job, step] = jobWithRun(/\bpulumi up\b[^\n]*--yes/);
    assert.match(job.if ?? "", /github\.event_name != 'pull_request'/, `${name}.if`);
    assert.match(step.run ?? "", /--non-interactive/);
    assert.match(job.concurrency?.group ?? "", /\$\{\{ matrix\.stack \}\}/, "concurrency group per stack");
    assert.equal(job.concurrency?.["cancel-in-progress"], false);
    assert.ok((job.strategy?.matrix?.stack ?? []).length > 0, "matrix.stack");
  });

  it("gets Alibaba Cloud credentials from OIDC (id-token: write) or from secrets", () => {
    const [, job, step] = jobWithRun(/\bpulumi up\b/);
    assert.equal(job.permissions?.["id-token"], "write");
    const env = { ...workflow.env, ...job.env, ...step.env };
    for (const name of [
      "ALIBABA_CLOUD_ROLE_ARN",
      "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
      "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
    ]) {
      assert.ok(env[name], `env ${name}`);
    }
    assert.match(env.ALIBABA_CLOUD_ACCESS_KEY_ID ?? "", /secrets\.ALIBABA_CLOUD_ACCESS_KEY_ID/);
    assert.match(env.ALIBABA_CLOUD_ACCESS_KEY_SECRET ?? "", /secrets\.ALIBABA_CLOUD_ACCESS_KEY_SECRET/);
    // The token file is written from GitHub's OIDC endpoint before pulumi runs.
    const run = step.run ?? "";
    assert.match(run, /ACTIONS_ID_TOKEN_REQUEST_URL/);
    assert.match(run, /audience=sts\.aliyuncs\.com/);
    assert.ok(run.indexOf("ALIBABA_CLOUD_OIDC_TOKEN_FILE") < run.indexOf("pulumi up"));
  });

  it("never probes the ECS metadata service on the runner", () => {
    assert.equal(workflow.env?.ALIBABA_CLOUD_ECS_METADATA_DISABLED, "true");
  });
});
