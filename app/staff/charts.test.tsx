import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { formatNumber } from "~/i18n";
import { BarList, ColumnChart, Meter, suggestedColors, yTicks } from "./charts";

const en = (n: number) => formatNumber("en", n);
const fa = (n: number) => formatNumber("fa", n);

function days(count: number): string[] {
  return Array.from({ length: count }, (_, i) => new Date(Date.UTC(2026, 2, 1 + i)).toISOString().slice(0, 10));
}

/** The attributes of every element with the class, in document order. */
function elements(markup: string, className: string): Record<string, string>[] {
  const found: Record<string, string>[] = [];
  for (const match of markup.matchAll(/<(?:rect|text)\b([^>]*)>/g)) {
    const attributes = Object.fromEntries([...match[1]!.matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    if ((attributes.class ?? "").split(" ").includes(className)) found.push(attributes);
  }
  return found;
}

/** Checks the SVG's accessible name: role="img", aria-labelledby naming a <title> and a <desc> inside it. */
function expectLabelledImage(markup: string, title: string, desc: string) {
  const svg = markup.match(/<svg[^>]*role="img"[^>]*>([\s\S]*?)<\/svg>/);
  expect(svg).not.toBeNull();
  const [titleId, descId] = svg![0].match(/aria-labelledby="([^"]+)"/)![1]!.split(" ");
  expect(svg![1]).toContain(`<title id="${titleId}">${title}</title>`);
  expect(svg![1]).toContain(`<desc id="${descId}">${desc}</desc>`);
  expect(svg![0]).toMatch(/viewBox="0 0 \d+ \d+"/);
  expect(svg![0]).toContain('width="100%"');
}

function expectNoInlineStyle(markup: string) {
  expect(markup).not.toMatch(/\sstyle=/);
  expect(markup).not.toMatch(/<style/i);
}

const series = (submitted: number[], confirmed: number[]) => [
  { label: "Submitted", color: suggestedColors.grey, values: submitted },
  { label: "Confirmed", color: suggestedColors.crimson, values: confirmed },
];

describe("yTicks", () => {
  it("chooses 3 to 5 integer gridlines from zero, or a single zero line", () => {
    expect(yTicks(0)).toEqual([0]);
    expect(yTicks(1)).toEqual([0, 1, 2]);
    expect(yTicks(3)).toEqual([0, 1, 2, 3]);
    expect(yTicks(5)).toEqual([0, 2, 4, 6]);
    expect(yTicks(1_000_000)).toEqual([0, 250_000, 500_000, 750_000, 1_000_000]);
    for (const max of [2, 7, 13, 99, 101, 4321, 1_000_001, 987_654_321]) {
      const ticks = yTicks(max);
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      expect(ticks.length).toBeLessThanOrEqual(5);
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
      expect(ticks.every(Number.isInteger)).toBe(true);
    }
  });
});

describe("ColumnChart", () => {
  const categories = days(30);
  const submitted = categories.map((_, i) => 100 + i);
  const confirmed = categories.map((_, i) => 200 + i);

  function render(dir: "ltr" | "rtl", overrides: Partial<Parameters<typeof ColumnChart>[0]> = {}) {
    return renderToStaticMarkup(
      <ColumnChart
        title="Signatures per day"
        description="Submitted and confirmed signatures in the last 30 days"
        series={series(submitted, confirmed)}
        categories={categories}
        formatValue={en}
        dir={dir}
        categoryLabel="Day"
        {...overrides}
      />,
    );
  }

  it("keeps the x labels inside the drawing, the last day's too, in either direction", () => {
    const long = (day: string) => new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(day));
    for (const dir of ["ltr", "rtl"] as const) {
      const markup = render(dir, { formatCategory: long });
      const labels = [...markup.matchAll(/<g class="chart__x-labels"[^>]*>([\s\S]*?)<\/g>/g)][0]![1]!;
      const texts = [...labels.matchAll(/<text x="([\d.]+)"[^>]*>([^<]+)<\/text>/g)].map((m) => ({ x: Number(m[1]), text: m[2]! }));
      expect(texts.map((t) => t.text)).toContain("30 March 2026");
      for (const { x, text } of texts) {
        // The chart's own width estimate: 0.62 em a character at 12 units.
        const half = (Array.from(text).length * 12 * 0.62) / 2;
        expect(x - half, `${dir} ${text}`).toBeGreaterThanOrEqual(0);
        expect(x + half, `${dir} ${text}`).toBeLessThanOrEqual(640);
      }
      // A shorter form on the axis, when given; the table keeps the full one.
      const short = render(dir, { formatCategory: long, formatAxisCategory: (day) => day.slice(5) });
      expect(short).toMatch(/<text[^>]*>03-30<\/text>/);
      expect(short).toContain('<th scope="row">30 March 2026</th>');
    }
  });

  it("is a labelled image without inline style, with one column per value per series", () => {
    const markup = render("ltr");
    expectLabelledImage(markup, "Signatures per day", "Submitted and confirmed signatures in the last 30 days");
    expectNoInlineStyle(markup);
    expect(elements(markup, "chart__bar")).toHaveLength(60);
    expect(markup).toContain('fill="#6b6b6b"');
    expect(markup).toContain('fill="#7a1c1c"');
    // Legend.
    expect(markup).toMatch(/<ul class="chart__legend">.*Submitted.*Confirmed.*<\/ul>/);
  });

  it("repeats every value in a table, inside a disclosure named by the title", () => {
    const markup = render("ltr");
    expect(markup).toContain("<details");
    expect(markup).toContain("<summary>Signatures per day</summary>");
    expect(markup).toContain("<caption>Signatures per day</caption>");
    const table = markup.slice(markup.indexOf("<table"));
    expect(table).toContain('<th scope="col">Day</th><th scope="col">Submitted</th><th scope="col">Confirmed</th>');
    for (const [i, day] of categories.entries()) {
      expect(table).toContain(`<tr><th scope="row">${day}</th><td>${submitted[i]}</td><td>${confirmed[i]}</td></tr>`);
    }
  });

  it("draws taller columns for larger values, on a y axis with formatted gridlines", () => {
    const markup = render("ltr", { series: series([0, 50, 100], [0, 0, 25]), categories: days(3) });
    const bars = elements(markup, "chart__bar");
    const heights = bars.map((b) => Number(b.height));
    expect(heights[0]).toBe(0);
    expect(heights[2]).toBeCloseTo(heights[1]! * 2, 1);
    expect(heights[5]).toBeCloseTo(heights[2]! / 4, 1);
    expect(markup).toMatch(/<line[^>]*>/);
    for (const tick of ["0", "25", "50", "75", "100"]) expect(markup).toContain(`>${tick}</text>`);
  });

  it("labels the x axis sparsely, always including the latest category", () => {
    const markup = render("ltr", { formatCategory: (c) => `d${c.slice(8)}` });
    const labels = [...markup.matchAll(/<text[^>]*text-anchor="middle"[^>]*>(d\d\d)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual(["d02", "d09", "d16", "d23", "d30"]);
  });

  it("runs right to left in Persian: the first day on the right, Persian digits, rtl text", () => {
    const ltrBars = elements(render("ltr"), "chart__bar").slice(0, 30).map((b) => Number(b.x));
    const markup = render("rtl", { formatValue: fa });
    const rtlBars = elements(markup, "chart__bar").slice(0, 30).map((b) => Number(b.x));
    expect(ltrBars).toEqual([...ltrBars].sort((a, b) => a - b));
    expect(rtlBars).toEqual([...rtlBars].sort((a, b) => b - a));
    expect(markup).toContain('direction="rtl"');
    expect(markup).toContain('dir="rtl"');
    expect(markup).toContain(`<td>${fa(100)}</td>`);
    expect(markup).toContain("۱۰۰");
    // Within a day, the series keep their reading order (submitted to the right of confirmed).
    const rtlConfirmed = elements(markup, "chart__bar").slice(30).map((b) => Number(b.x));
    expect(rtlBars[0]).toBeGreaterThan(rtlConfirmed[0]!);
    // The y axis is on the right.
    const yLabel = markup.match(/<text x="([\d.]+)"[^>]*text-anchor="end"[^>]*>۰<\/text>/);
    expect(Number(yLabel![1])).toBeGreaterThan(Math.max(...rtlBars));
  });

  it("draws a flat chart with a single 0 line when everything is zero", () => {
    const markup = render("ltr", { series: series([0, 0, 0], [0, 0, 0]), categories: days(3) });
    expect(elements(markup, "chart__bar").map((b) => b.height)).toEqual(["0", "0", "0", "0", "0", "0"]);
    expect([...markup.matchAll(/<line /g)]).toHaveLength(1);
    expect(markup).toContain('text-anchor="end" fill="#4d4d4d">0</text>');
    expect(markup).not.toContain("NaN");
  });

  it("handles a single category and very large numbers", () => {
    const markup = render("ltr", { series: series([1_234_567], [987_654]), categories: ["2026-03-01"] });
    expect(elements(markup, "chart__bar")).toHaveLength(2);
    expect(markup).toContain("<td>1,234,567</td>");
    expect(markup).toContain(">1,500,000</text>");
    expect(markup).not.toContain("NaN");
    for (const bar of elements(markup, "chart__bar")) expect(Number(bar.x)).toBeGreaterThan(0);
  });

  it("gives each chart its own ids", () => {
    const markup = renderToStaticMarkup(
      <>
        <ColumnChart title="A" description="a" series={[]} categories={[]} formatValue={en} dir="ltr" />
        <ColumnChart title="B" description="b" series={[]} categories={[]} formatValue={en} dir="ltr" />
      </>,
    );
    const ids = [...markup.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
    expect(markup).not.toContain("NaN");
  });
});

describe("BarList", () => {
  const items = [
    { label: "Permanent Mission of Norway (New York)", value: 1_200_000, secondary: 4 },
    { label: "Special Rapporteur on Iran", value: 300, secondary: 0 },
    { label: "Working Group", value: 0 },
  ];

  it("is a labelled image without inline style, one bar per value, and a table with every value", () => {
    const markup = renderToStaticMarkup(<BarList title="Letters per recipient" items={items} formatValue={en} color={suggestedColors.blue} dir="ltr" labelHeader="Recipient" valueHeader="Sent" secondaryHeader="Waiting" />);
    expectLabelledImage(markup, "Letters per recipient", "Permanent Mission of Norway (New York): 1,200,000 (4); Special Rapporteur on Iran: 300 (0); Working Group: 0");
    expectNoInlineStyle(markup);
    const main = elements(markup, "chart__bar").filter((b) => !b.class!.includes("secondary"));
    expect(main).toHaveLength(3);
    expect(main.every((b) => b.fill === "#1f4e79")).toBe(true);
    expect(Number(main[0]!.width)).toBeGreaterThan(Number(main[1]!.width));
    expect(main[2]!.width).toBe("0");
    expect(elements(markup, "chart__bar--secondary")).toHaveLength(2);
    expect(markup).toContain("<caption>Letters per recipient</caption>");
    expect(markup).toContain('<tr><th scope="row">Permanent Mission of Norway (New York)</th><td>1,200,000</td><td>4</td></tr>');
    expect(markup).toContain('<tr><th scope="row">Special Rapporteur on Iran</th><td>300</td><td>0</td></tr>');
    expect(markup).toContain('<tr><th scope="row">Working Group</th><td>0</td><td></td></tr>');
  });

  it("grows bars from the right in Persian", () => {
    const markup = renderToStaticMarkup(<BarList title="نامه‌ها" items={items} formatValue={fa} color={suggestedColors.blue} dir="rtl" />);
    const [first, second] = elements(markup, "chart__bar").filter((b) => !b.class!.includes("secondary"));
    // Both bars end at the right edge of the drawing.
    expect(Number(first!.x) + Number(first!.width)).toBeCloseTo(640, 1);
    expect(Number(second!.x) + Number(second!.width)).toBeCloseTo(640, 1);
    expect(Number(second!.x)).toBeGreaterThan(Number(first!.x));
    expect(markup).toContain('direction="rtl"');
    expect(markup).toContain(`<td>${fa(1_200_000)}</td>`);
  });

  it("handles no items", () => {
    const markup = renderToStaticMarkup(<BarList title="Empty" items={[]} formatValue={en} color={suggestedColors.blue} dir="ltr" description="Nothing yet" />);
    expectLabelledImage(markup, "Empty", "Nothing yet");
    expect(elements(markup, "chart__bar")).toHaveLength(0);
    expect(markup).not.toContain("NaN");
    expect(markup).not.toContain("Infinity");
  });

  it("says so in words when there are no items and it is given what to say", () => {
    const markup = renderToStaticMarkup(<BarList title="Letters by recipient" items={[]} formatValue={en} color={suggestedColors.blue} dir="ltr" empty="No letters yet." />);
    expect(markup).toContain('<p class="chart__empty">No letters yet.</p>');
    expect(markup).toContain("Letters by recipient");
    expect(markup).not.toContain("<svg");
    expect(markup).not.toContain("<table");
  });
});

describe("Meter", () => {
  it("fills the gauge to the value, clamped, and names it", () => {
    const markup = renderToStaticMarkup(<Meter label="Confirmation rate" value={0.72} valueText="72%" />);
    expectLabelledImage(markup, "Confirmation rate", "72%");
    expectNoInlineStyle(markup);
    const fill = markup.match(/<rect class="meter__fill" x="([\d.]+)" y="1" width="([\d.]+)"/)!;
    expect(Number(fill[2])).toBeCloseTo(398 * 0.72, 1);
    expect(renderToStaticMarkup(<Meter label="x" value={7} valueText="700%" />)).toContain('width="398"');
    expect(renderToStaticMarkup(<Meter label="x" value={Number.NaN} valueText="—" />)).toMatch(/class="meter__fill" x="1" y="1" width="0"/);
  });

  it("fills from the right in a right-to-left page", () => {
    const markup = renderToStaticMarkup(<Meter label="نرخ تأیید" value={0.25} valueText="۲۵٪" dir="rtl" />);
    const fill = markup.match(/<rect class="meter__fill" x="([\d.]+)" y="1" width="([\d.]+)"/)!;
    expect(Number(fill[1]) + Number(fill[2])).toBeCloseTo(399, 1);
  });
});
