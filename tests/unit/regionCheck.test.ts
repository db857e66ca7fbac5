import { strict as assert } from "node:assert";
import { editDistance, nearestRegion } from "../../provider/lib/regionCheck";

describe("region near misses", () => {
  const distances: [string, string, number][] = [
    ["cn-hangzhou", "cn-hangzhou", 0],
    ["cn-hangzou", "cn-hangzhou", 1],
    ["cn-hnagzhou", "cn-hangzhou", 2],
    ["", "abc", 3],
    ["kitten", "sitting", 3],
  ];
  for (const [a, b, distance] of distances) {
    it(`${a} → ${b}: ${distance} edits`, () => assert.equal(editDistance(a, b), distance));
  }

  const suggestions: [string, string | undefined][] = [
    ["cn-hangzou", "cn-hangzhou"],
    ["cn-bejing", "cn-beijing"],
    ["cn-shangai", "cn-shanghai"],
    ["eu-central1", "eu-central-1"],
    ["ap-southeast-7", undefined], // as near to -1, -2, -3 and -5: no single guess
    ["us-west-2", "us-west-1"],
    ["mars-north-1", undefined],
    ["cn-hangzhou-finance-1", "cn-hangzhou-finance"],
  ];
  for (const [region, near] of suggestions) {
    it(`${region} suggests ${near ?? "nothing"}`, () => assert.equal(nearestRegion(region), near));
  }
});
