import { strict as assert } from "node:assert";
import { requestLogLine } from "../../packages/emulator/src/cli";

describe("the emulator's request log line", () => {
  const table: [{ action: string; statusCode: number; code?: string }, string][] = [
    [{ action: "DescribeFullBackupList", statusCode: 200 }, "DescribeFullBackupList 200\n"],
    [{ action: "", statusCode: 413, code: "RequestEntityTooLarge" }, "- 413 RequestEntityTooLarge\n"],
    [
      { action: "Describe\nFakeAction 200 OK\u001b[31m", statusCode: 400, code: "MissingAccessKeyId" },
      "Describe\\u000aFakeAction 200 OK\\u001b[31m 400 MissingAccessKeyId\n",
    ],
    [{ action: "Create\r\u0000\u0007", statusCode: 400 }, "Create\\u000d\\u0000\\u0007 400\n"],
    [
      { action: "dbs\u202eteS\u2066\u2028\u0085", statusCode: 400 },
      "dbs\\u202eteS\\u2066\\u2028\\u0085 400\n",
    ],
    [{ action: "tag\u{e0041}", statusCode: 400 }, "tag\\u{e0041} 400\n"],
    [{ action: "Modèle", statusCode: 200, code: "Bad\ncode" }, "Modèle 200 Bad\\u000acode\n"],
  ];
  for (const [request, line] of table) {
    it(`${JSON.stringify(request)} → ${JSON.stringify(line)}`, () => {
      assert.equal(requestLogLine(request), line);
    });
  }
});
