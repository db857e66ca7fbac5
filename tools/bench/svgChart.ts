/** Pure: a horizontal grouped bar chart as a self-contained SVG document. */

export interface BarGroup {
  label: string;
  /** One per series; undefined: no bar for that series in this group. */
  values: (number | undefined)[];
}

export interface BarChart {
  /** File stem: the chart is written as `<name>.svg`. */
  name: string;
  title: string;
  /** The line under the title: what was measured and how. */
  note: string;
  /** The axis title, e.g. "seconds". */
  axis: string;
  /** Appended to each value label, e.g. "s". */
  unit: string;
  decimals: number;
  series: string[];
  groups: BarGroup[];
}

const COLORS = ["#ff6a00", "#5c2e91", "#2e7d32"];
const FONT = "Helvetica, Arial, 'DejaVu Sans', sans-serif";
/** Wide enough for a character of 12 px and 16 px text in the fonts above (SVG has no text measurement). */
const CHAR_PX = 7;
const TITLE_CHAR_PX = 9;
const BAR = 16;
const BAR_GAP = 4;
const GROUP_GAP = 14;
const PLOT_WIDTH = 420;
const VALUE_ROOM = 100;
const MARGIN = 16;

export const escapeXml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] ?? c,
  );

/** The axis' end and tick step: a 1, 2 or 5 times a power of ten step, about five ticks. */
export function axisScale(max: number): { end: number; step: number } {
  if (!(max > 0)) return { end: 1, step: 0.2 };
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  return { end: Math.ceil(max / step - 1e-9) * step, step };
}

const fmt = (chart: BarChart, value: number): string => `${value.toFixed(chart.decimals)} ${chart.unit}`;
const num = (x: number): string => String(Math.round(x * 10) / 10);

/** What a screen reader says for the chart: every value in words. */
function description(chart: BarChart): string {
  const groups = chart.groups.map((g) => {
    const bars = g.values.flatMap((v, i) => (v === undefined ? [] : [`${chart.series[i]} ${fmt(chart, v)}`]));
    return `${g.label}: ${bars.join(", ")}`;
  });
  return `${chart.note} ${groups.join("; ")}.`;
}

export function barChartSvg(chart: BarChart): string {
  const values = chart.groups.flatMap((g) => g.values.filter((v): v is number => v !== undefined));
  const { end, step } = axisScale(Math.max(0, ...values));
  const labelWidth = Math.max(...chart.groups.map((g) => g.label.length)) * CHAR_PX + MARGIN;
  const x0 = MARGIN + labelWidth;
  const scale = (v: number): number => (v / end) * PLOT_WIDTH;
  const width = Math.max(
    x0 + PLOT_WIDTH + VALUE_ROOM,
    MARGIN * 2 + Math.max(chart.title.length * TITLE_CHAR_PX, chart.note.length * CHAR_PX),
  );
  const legend = chart.series.length > 1;
  const top = legend ? 84 : 62;
  const lines: string[] = [];
  let y = top;
  for (const group of chart.groups) {
    const present = group.values.filter((v) => v !== undefined).length;
    const height = present * BAR + (present - 1) * BAR_GAP;
    lines.push(
      `<text x="${x0 - 8}" y="${num(y + height / 2 + 4)}" text-anchor="end">${escapeXml(group.label)}</text>`,
    );
    group.values.forEach((v, i) => {
      if (v === undefined) return;
      const w = scale(v);
      lines.push(
        `<rect x="${x0}" y="${y}" width="${num(w)}" height="${BAR}" fill="${COLORS[i % COLORS.length]}">` +
          `<title>${escapeXml(`${group.label}, ${chart.series[i]}: ${fmt(chart, v)}`)}</title></rect>`,
        `<text x="${num(x0 + w + 4)}" y="${y + BAR - 4}" class="value">${escapeXml(fmt(chart, v))}</text>`,
      );
      y += BAR + BAR_GAP;
    });
    y += GROUP_GAP - BAR_GAP;
  }
  const plotBottom = y - GROUP_GAP + 8;
  const ticks: string[] = [];
  for (let i = 0; i * step <= end + 1e-9; i++) {
    const x = num(x0 + scale(i * step));
    const label = Number((i * step).toPrecision(6));
    ticks.push(
      `<line x1="${x}" y1="${top - 6}" x2="${x}" y2="${plotBottom}" class="grid"/>`,
      `<text x="${x}" y="${plotBottom + 16}" text-anchor="middle" class="tick">${label}</text>`,
    );
  }
  const legendItems = legend
    ? chart.series.map((s, i) => {
        const x = MARGIN + chart.series.slice(0, i).reduce((sum, t) => sum + t.length * CHAR_PX + 40, 0);
        return (
          `<rect x="${x}" y="56" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/>` +
          `<text x="${x + 18}" y="66">${escapeXml(s)}</text>`
        );
      })
    : [];
  const height = plotBottom + 44;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${num(width)} ${num(height)}" ` +
      `width="${num(width)}" height="${num(height)}" role="img" aria-labelledby="title desc" ` +
      `font-family="${FONT}" font-size="12">`,
    `<title id="title">${escapeXml(chart.title)}</title>`,
    `<desc id="desc">${escapeXml(description(chart))}</desc>`,
    "<style>text { fill: #222; } .note, .tick { fill: #555; } .value { font-weight: bold; } " +
      ".grid { stroke: #ddd; stroke-width: 1; } .axis { stroke: #444; stroke-width: 1; }</style>",
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${MARGIN}" y="24" font-size="16" font-weight="bold">${escapeXml(chart.title)}</text>`,
    `<text x="${MARGIN}" y="44" class="note">${escapeXml(chart.note)}</text>`,
    ...legendItems,
    ...ticks,
    `<line x1="${x0}" y1="${top - 6}" x2="${x0}" y2="${plotBottom}" class="axis"/>`,
    `<line x1="${x0}" y1="${plotBottom}" x2="${x0 + PLOT_WIDTH}" y2="${plotBottom}" class="axis"/>`,
    ...lines,
    `<text x="${x0 + PLOT_WIDTH / 2}" y="${plotBottom + 34}" text-anchor="middle" class="note">` +
      `${escapeXml(chart.axis)}</text>`,
    "</svg>",
    "",
  ].join("\n");
}
