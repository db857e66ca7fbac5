// The new resources' API-call rows (npm run bench -- --api-calls): the floors each operation is held to,
// the verdict against N × floor, and the tables BENCHMARKS.md shows.
import { strict as assert } from "node:assert";
import type { ResourceApiCalls, ResourceOperation } from "../../tools/bench/resourceCalls";
import { floorVerdict, RESOURCE_STEPS, resourceCallsMarkdown } from "../../tools/bench/resourceCalls";

const op = (calls: number, floorPerResource: number): ResourceOperation => ({
  operation: "up (create)",
  args: ["up"],
  floorPerResource,
  calls,
  byAction: {},
});

describe("bench: API calls of AdvancedDownload and BackupSetDownloadRules", () => {
  it("holds each operation to its floor per resource, in the order they run", () => {
    const floors = (steps: (typeof RESOURCE_STEPS)["AdvancedDownload"]) =>
      steps.map((s) => `pulumi ${s.args.join(" ")}${s.config ? " (config)" : ""}: ${s.floorPerResource}`);
    assert.deepEqual(floors(RESOURCE_STEPS.AdvancedDownload), [
      "pulumi preview: 0",
      "pulumi up: 2",
      "pulumi up --expect-no-changes: 0",
      "pulumi refresh --skip-preview: 1",
      "pulumi destroy: 0",
    ]);
    assert.deepEqual(floors(RESOURCE_STEPS.BackupSetDownloadRules), [
      "pulumi preview: 0",
      "pulumi up: 2",
      "pulumi up --expect-no-changes: 0",
      "pulumi up (config): 2",
      "pulumi refresh --skip-preview: 1",
      "pulumi destroy: 1",
    ]);
  });

  it("says at floor, or by how many calls N × floor is missed", () => {
    assert.equal(floorVerdict(op(20, 2), 10), "at floor");
    assert.equal(floorVerdict(op(23, 2), 10), "3 over");
    assert.equal(floorVerdict(op(0, 1), 10), "10 under");
  });

  it("renders one table per resource with calls, per resource, floor, verdict and requests", () => {
    const rows: ResourceApiCalls[] = [
      {
        resource: "BackupSetDownloadRules",
        n: 10,
        operations: [
          { ...op(0, 0), operation: "preview", args: ["preview"] },
          {
            ...op(21, 2),
            config: { downloadDir: "/x" },
            byAction: { "ModifyBackupSetDownloadRules 200": 10, "DescribeBackupSetDownloadRules 200": 11 },
          },
        ],
      },
    ];
    assert.equal(
      resourceCallsMarkdown(rows).join("\n"),
      [
        "## API calls per operation (BackupSetDownloadRules, N = 10)",
        "",
        "| operation | calls | per resource | floor | vs floor | requests |",
        "| --- | --- | --- | --- | --- | --- |",
        "| `pulumi preview` | 0 | 0 | 0 | at floor | — |",
        "| `pulumi up` (config changed) | 21 | 2.1 | 2 | 1 over | " +
          "ModifyBackupSetDownloadRules 200 ×10, DescribeBackupSetDownloadRules 200 ×11 |",
        "",
        "Each operation ran once, in this order, on one fresh stack (`npm run bench -- --api-calls`).",
        "",
      ].join("\n"),
    );
  });
});
