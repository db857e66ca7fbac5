// The bench's SVG charts: bars as long as their values, every figure written on the chart, text escaped,
// well-formed XML (xmllint, libxml2-utils), and the committed charts the ones benchmarks.json gives.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { benchCharts, CHART_DIR, pacingChart } from "../../tools/bench/charts";
import type { BenchResult } from "../../tools/bench/results";
import type { BarChart } from "../../tools/bench/svgChart";
import { axisScale, barChartSvg } from "../../tools/bench/svgChart";

const REPO_ROOT = path.resolve(__dirname, "../..");
const committed = JSON.parse(readFileSync(path.join(REPO_ROOT, "benchmarks.json"), "utf8")) as BenchResult;

const chart: BarChart = {
  name: "test",
  title: 'Wall <time> & "speed"',
  note: "Median of 3 runs; it's a test.",
  axis: "seconds",
  unit: "s",
  decimals: 2,
  series: ["ours", "no-op <baseline>"],
  groups: [
    { label: "N = 1", values: [2.5, 10] },
    { label: "a & b", values: [25, undefined] },
  ],
};

/** The data bars: each a rect carrying a <title> tooltip, with its width. */
function bars(svg: string): { width: number; tooltip: string }[] {
  return [
    ...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="16" fill="#\w+"><title>([^<]*)/g),
  ].map(([, width, tooltip]) => ({ width: Number(width), tooltip }));
}

/** xmllint's complaints about the document, or "" when it is well-formed. */
function xmlProblems(svg: string): string {
  const result = spawnSync("xmllint", ["--noout", "-"], { input: svg, encoding: "utf8" });
  if (result.error) return `xmllint (apt-get install libxml2-utils): ${result.error.message}`;
  return result.status === 0 ? "" : result.stderr;
}

describe("bench charts", () => {
  it("draws each bar as long as its value, on an axis from 0 past the largest", () => {
    const drawn = bars(barChartSvg(chart));
    assert.deepEqual(
      drawn.map((b) => b.tooltip),
      ["N = 1, ours: 2.50 s", "N = 1, no-op &lt;baseline&gt;: 10.00 s", "a &amp; b, ours: 25.00 s"],
    );
    const [a, b, c] = drawn.map((bar) => bar.width);
    assert.ok(Math.abs(b / a - 4) < 0.01, `${b} / ${a}`);
    assert.ok(Math.abs(c / a - 10) < 0.01, `${c} / ${a}`);
    assert.deepEqual(axisScale(25), { end: 25, step: 5 });
    assert.equal(c, 420);
  });

  it("picks axis steps of 1, 2 or 5 times a power of ten", () => {
    assert.deepEqual(axisScale(32.02), { end: 40, step: 10 });
    assert.deepEqual(axisScale(4887), { end: 5000, step: 1000 });
    assert.deepEqual(axisScale(169.2), { end: 200, step: 50 });
    assert.deepEqual(axisScale(0.7), { end: 0.8, step: 0.2 });
  });

  it("writes the title, the note, the legend, the labels, the values and the axis, all escaped", () => {
    const svg = barChartSvg(chart);
    for (const text of [
      '<title id="title">Wall &lt;time&gt; &amp; &quot;speed&quot;</title>',
      ">Median of 3 runs; it&apos;s a test.</text>",
      ">ours</text>",
      ">no-op &lt;baseline&gt;</text>",
      ">N = 1</text>",
      ">a &amp; b</text>",
      ">2.50 s</text>",
      ">25.00 s</text>",
      ">seconds</text>",
      ">0</text>",
      ">25</text>",
    ]) {
      assert.ok(svg.includes(text), text);
    }
    assert.ok(!svg.includes("<time>") && !svg.includes("a & b"));
    assert.match(svg, /<svg [^>]*role="img" aria-labelledby="title desc"/);
    assert.ok(
      svg.includes(
        '<desc id="desc">Median of 3 runs; it&apos;s a test. N = 1: ours 2.50 s, no-op &lt;baseline&gt; 10.00 s; ' +
          "a &amp; b: ours 25.00 s.</desc>",
      ),
    );
    assert.equal(xmlProblems(svg), "");
  });

  it("charts the pacing runs as their medians beside the floor", () => {
    const pacing = pacingChart(committed.pacing);
    const dynamic10 = committed.pacing.limited.find((r) => r.face === "dynamic" && r.rateLimit === 10);
    assert.ok(dynamic10);
    const [first, second] = dynamic10.runs.map((run) => run.wallMs / 1000);
    assert.deepEqual(pacing.groups[0], {
      label: "dynamic, 10/s, N = 200",
      values: [
        (first + second) / 2,
        (dynamic10.runs[0].createWindowMs + dynamic10.runs[1].createWindowMs) / 2000,
        20,
      ],
    });
    const noLimit = pacing.groups.find((g) => g.label === "plugin, no limit, N = 200");
    assert.equal(noLimit?.values[2], undefined);
  });

  it("commits the charts benchmarks.json gives, each shown in BENCHMARKS.md and well-formed", () => {
    const charts = benchCharts(committed);
    const dir = path.join(REPO_ROOT, CHART_DIR);
    assert.deepEqual(readdirSync(dir).sort(), charts.map((c) => `${c.name}.svg`).sort());
    const markdown = readFileSync(path.join(REPO_ROOT, "BENCHMARKS.md"), "utf8");
    for (const c of charts) {
      const svg = readFileSync(path.join(dir, `${c.name}.svg`), "utf8");
      assert.equal(svg, barChartSvg(c), `${CHART_DIR}/${c.name}.svg: run npm run bench -- --report-only`);
      assert.ok(markdown.includes(`![${c.title}](${CHART_DIR}/${c.name}.svg)`), c.name);
      assert.equal(xmlProblems(svg), "", c.name);
    }
  });
});
