import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { type MapBucket, type MapCountry, type WorldMapOptions, renderWorldMapSvg } from "./world-map.server";

const require = createRequire(import.meta.url);
const worldCountries = require("world-countries/countries.json") as { cca2: string; ccn3: string; name: { common: string } }[];

// Every country world-countries knows (250), as the caller would pass them.
const countries: MapCountry[] = worldCountries.map((c) => ({ code: c.cca2, numeric: c.ccn3 || null, name: c.name.common }));

const FILLS = ["#f2c9c4", "#d9847a", "#b03a2e", "#6e1a14"] as const;
const buckets: MapBucket[] = [
  { min: 1, label: "fewer than 10", fill: FILLS[0] },
  { min: 10, label: "10 to 99", fill: FILLS[1] },
  { min: 100, label: "100 to 999", fill: FILLS[2] },
  { min: 1000, label: "1,000 or more", fill: FILLS[3] },
];
const en = new Intl.NumberFormat("en");
const fa = new Intl.NumberFormat("fa-IR");

function options(overrides: Partial<WorldMapOptions> = {}): WorldMapOptions {
  return {
    countries,
    counts: new Map<string, number | "suppressed">([
      ["IR", 1234],
      ["DE", "suppressed"],
      ["US", 57],
      ["SG", 250],
      ["CA", 12],
      ["GB", 310],
      ["FR", "suppressed"],
    ]),
    buckets,
    title: "Signatures by country",
    description: "Where the people who signed live.",
    dir: "ltr",
    formatCount: (n) => en.format(n),
    suppressedLabel: "fewer than 10",
    ...overrides,
  };
}

/** The shape element (opening tag to closing tag) whose <title> starts with `name:`. */
function shapeTitled(svg: string, name: string): string | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`<(path|circle) [^>]*[^/>]><title>${escaped}: [^<]*</title></\\1>`).exec(svg)?.[0];
}

/** Relative luminance and contrast ratio (WCAG 2). */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (l1 + 0.05) / (l2 + 0.05);
}

describe("renderWorldMapSvg", () => {
  it("produces a standalone SVG document", () => {
    const svg = renderWorldMapSvg(options());
    expect(svg.startsWith("<svg ")).toBe(true);
    expect(svg.endsWith("</svg>")).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="t d" viewBox="0 0 960 \d+"/);
    expect(svg).toContain('<title id="t">Signatures by country</title>');
    expect(svg).toContain('<desc id="d">Where the people who signed live.</desc>');
    // One root element, and every tag that is opened is closed (a cheap well-formedness check).
    expect(svg.match(/<svg[\s>]/g)).toHaveLength(1);
    const stack: string[] = [];
    for (const [, closing, name, selfClosing] of svg.matchAll(/<(\/?)([a-z]+)\b[^>]*?(\/?)>/g)) {
      if (closing) expect(stack.pop()).toBe(name);
      else if (!selfClosing) stack.push(name!);
    }
    expect(stack).toEqual([]);
    // No stray markup characters outside tags and attribute values.
    expect(svg.replace(/<[^<>]*>/g, "")).not.toMatch(/[<>]/);
    expect(svg.replace(/<[^<>]*>/g, "")).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
  });

  it("fills a counted country with its bucket's colour and numbers it in its title", () => {
    const svg = renderWorldMapSvg(options());
    const iran = shapeTitled(svg, "Iran");
    expect(iran).toBeDefined();
    expect(iran).toMatch(/^<path fill="#6e1a14" d="M/);
    expect(iran).toContain("<title>Iran: 1,234</title>");
    expect(shapeTitled(svg, "United States")).toContain(`fill="${FILLS[1]}"`);
    expect(shapeTitled(svg, "United States")).toContain("<title>United States: 57</title>");
    expect(shapeTitled(svg, "United Kingdom")).toContain(`fill="${FILLS[2]}"`);
    expect(shapeTitled(svg, "Canada")).toContain(`fill="${FILLS[1]}"`);
  });

  it("shows suppressed countries with the first bucket's colour and the suppressed label", () => {
    const svg = renderWorldMapSvg(options({ suppressedLabel: "fewer than 10 (hidden)" }));
    const germany = shapeTitled(svg, "Germany");
    expect(germany).toMatch(new RegExp(`^<path fill="${FILLS[0]}"`));
    expect(germany).toContain("<title>Germany: fewer than 10 (hidden)</title>");
    // France's shape (with its overseas parts) is in the atlas too.
    expect(shapeTitled(svg, "France")).toContain("<title>France: fewer than 10 (hidden)</title>");
  });

  it("leaves uncounted countries grey and untitled", () => {
    const svg = renderWorldMapSvg(options());
    expect(svg).not.toContain("<title>Brazil");
    expect(svg).not.toContain("<title>Japan");
    // Exactly one title per counted country (7) plus the document title.
    expect(svg.match(/<title[ >]/g)).toHaveLength(8);
    // Uncounted shapes inherit the neutral fill and the white border from their group.
    expect(svg).toContain('<g fill="#e4e0d8" stroke="#fff"');
    expect(svg).toMatch(/<path d="M[^"]+"\/>/);
    // A zero count is the same as no count.
    const zero = renderWorldMapSvg(options({ counts: new Map([["BR", 0]]) }));
    expect(zero).not.toContain("<title>Brazil");
  });

  it("draws small states missing from the atlas as circles, only when they have a count", () => {
    const svg = renderWorldMapSvg(
      options({
        counts: new Map<string, number | "suppressed">([
          ["SG", 250],
          ["BH", "suppressed"],
          ["MT", 3],
        ]),
      }),
    );
    const singapore = shapeTitled(svg, "Singapore");
    expect(singapore).toMatch(new RegExp(`^<circle cx="[\\d.]+" cy="[\\d.]+" r="3.5" fill="${FILLS[2]}">`));
    expect(singapore).toContain("<title>Singapore: 250</title>");
    expect(shapeTitled(svg, "Bahrain")).toMatch(/^<circle [^>]*fill="#f2c9c4"/);
    expect(shapeTitled(svg, "Malta")).toMatch(/^<circle /);
    expect(svg.match(/<circle /g)).toHaveLength(3);
    // Singapore lies east of Iran's shape and south of it, inside the map.
    const [, cx, cy] = /<circle cx="([\d.]+)" cy="([\d.]+)"[^>]*><title>Singapore/.exec(svg) ?? [];
    expect(Number(cx)).toBeGreaterThan(600);
    expect(Number(cx)).toBeLessThan(960);
    expect(Number(cy)).toBeGreaterThan(150);

    // No circles for missing countries without a count, nor for countries the atlas draws.
    const none = renderWorldMapSvg(options({ counts: new Map([["IR", 5]]) }));
    expect(none).not.toContain("<circle");
  });

  it("accepts countries with no numeric code, and numeric codes without leading zeros", () => {
    const svg = renderWorldMapSvg(
      options({
        countries: [
          { code: "IR", numeric: null, name: "Iran" },
          { code: "AD", numeric: "20", name: "Andorra" },
          { code: "XK", numeric: null, name: "Kosovo" },
        ],
        counts: new Map([
          ["IR", 5],
          ["AD", 5],
          ["XK", 5],
        ]),
      }),
    );
    expect(shapeTitled(svg, "Iran")).toMatch(/^<path /);
    expect(shapeTitled(svg, "Andorra")).toMatch(/^<circle /);
    expect(shapeTitled(svg, "Kosovo")).toMatch(/^<path /);
  });

  it("escapes names, labels, titles and the font family", () => {
    const svg = renderWorldMapSvg(
      options({
        countries: countries.map((c) => (c.code === "IR" ? { ...c, name: `Iran <b>"&'` } : c)),
        buckets: buckets.map((b, i) => (i === 0 ? { ...b, label: "< 10 & <script>" } : b)),
        title: "Map & <title>",
        description: `"quoted" 'text'`,
        fontFamily: `"Fancy" <Font>`,
        suppressedLabel: "<10",
      }),
    );
    expect(svg).toContain("<title>Iran &lt;b&gt;&quot;&amp;&apos;: 1,234</title>");
    expect(svg).toContain(">&lt; 10 &amp; &lt;script&gt;</text>");
    expect(svg).toContain('<title id="t">Map &amp; &lt;title&gt;</title>');
    expect(svg).toContain('<desc id="d">&quot;quoted&quot; &apos;text&apos;</desc>');
    expect(svg).toContain('font-family="&quot;Fancy&quot; &lt;Font&gt;"');
    expect(svg).toContain("<title>Germany: &lt;10</title>");
    expect(svg).not.toContain("<b>");
    // Characters XML 1.0 cannot carry at all are dropped.
    const control = renderWorldMapSvg(options({ title: "a\u0000b\u0007c\uffffd" }));
    expect(control).toContain('<title id="t">abcd</title>');
    expect(svg).not.toContain("<script");
  });

  it("contains nothing a default-src 'none' policy would block", () => {
    const svg = renderWorldMapSvg(options());
    const withoutNamespace = svg.replace('xmlns="http://www.w3.org/2000/svg"', "");
    expect(withoutNamespace).not.toContain("style");
    expect(withoutNamespace).not.toContain("<script");
    expect(withoutNamespace).not.toContain("href");
    expect(withoutNamespace).not.toContain("http");
    expect(withoutNamespace).not.toContain("url(");
    expect(withoutNamespace).not.toMatch(/\son[a-z]+=/);
    expect(withoutNamespace).not.toContain("<image");
    expect(withoutNamespace).not.toContain("<foreignObject");
  });

  it("lays the legend out left to right for ltr", () => {
    const svg = renderWorldMapSvg(options());
    const texts = [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+"([^>]*)>([^<]*)<\/text>/g)];
    expect(texts.map((t) => t[3])).toEqual(["fewer than 10", "10 to 99", "100 to 999", "1,000 or more"]);
    const xs = texts.map((t) => Number(t[1]));
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(xs[0]).toBeLessThan(100);
    for (const t of texts) expect(t[2]).not.toContain("rtl");
    expect(svg).toContain('font-size="21" fill="#1b1b1b"');
    // A swatch per bucket, in bucket order, each left of its label.
    const swatches = [...svg.matchAll(/<rect x="([\d.]+)"[^>]* fill="(#[0-9a-f]{6})"/g)];
    expect(swatches.map((s) => s[2])).toEqual([...FILLS]);
    swatches.forEach((s, i) => expect(Number(s[1])).toBeLessThan(xs[i]!));
  });

  it("lays the legend out right to left for rtl, with rtl text anchored by its swatch", () => {
    const faBuckets = buckets.map((b, i) => ({ ...b, label: ["کمتر از ۱۰", "۱۰ تا ۹۹", "۱۰۰ تا ۹۹۹", "۱٬۰۰۰ یا بیشتر"][i]! }));
    const svg = renderWorldMapSvg(
      options({ dir: "rtl", buckets: faBuckets, formatCount: (n) => fa.format(n), suppressedLabel: "کمتر از ۱۰" }),
    );
    const texts = [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+"([^>]*)>([^<]*)<\/text>/g)];
    expect(texts).toHaveLength(4);
    // direction="rtl" makes text-anchor relative to the text's own direction: "start" is its right-hand
    // end, so each label runs leftwards from just left of its swatch.
    for (const t of texts) expect(t[2]).toBe(' direction="rtl" text-anchor="start"');
    const xs = texts.map((t) => Number(t[1]));
    expect(xs).toEqual([...xs].sort((a, b) => b - a));
    expect(xs[0]).toBeGreaterThan(860);
    const swatches = [...svg.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="(\d+)"/g)];
    swatches.forEach((s, i) => {
      const gap = Number(s[1]) - xs[i]!;
      expect(gap).toBeGreaterThan(0);
      expect(gap).toBeLessThan(12);
    });
    expect(shapeTitled(svg, "Iran")).toContain("<title>Iran: ۱٬۲۳۴</title>");
  });

  it("wraps a legend that does not fit on one line, growing the image", () => {
    const one = renderWorldMapSvg(options());
    const long = renderWorldMapSvg(options({ buckets: buckets.map((b) => ({ ...b, label: `${b.label} ${"x".repeat(60)}` })) }));
    const height = (svg: string) => Number(/viewBox="0 0 960 (\d+)"/.exec(svg)?.[1]);
    expect(height(one)).toBeGreaterThan(440);
    expect(height(one)).toBeLessThan(560);
    expect(height(long)).toBeGreaterThan(height(one));
    const ys = new Set([...long.matchAll(/<text x="[\d.]+" y="([\d.]+)"/g)].map((m) => m[1]));
    expect(ys.size).toBeGreaterThan(1);
  });

  it("uses sensible default fills in the tests: distinct, the darkest at 3:1 on the paper background", () => {
    expect(new Set(FILLS).size).toBe(FILLS.length);
    expect(contrast(FILLS[3], "#fbfaf7")).toBeGreaterThanOrEqual(3);
    expect(contrast(FILLS[3], "#ffffff")).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < FILLS.length; i++) expect(luminance(FILLS[i]!)).toBeLessThan(luminance(FILLS[i - 1]!));
  });

  it("stays small", () => {
    // Every country counted: the largest the document gets with all titles.
    const all = new Map<string, number | "suppressed">(countries.map((c, i) => [c.code, i % 7 === 0 ? "suppressed" : i * 13]));
    const full = renderWorldMapSvg(options({ counts: all }));
    expect(Buffer.byteLength(renderWorldMapSvg(options()), "utf8")).toBeLessThan(90_000);
    expect(Buffer.byteLength(full, "utf8")).toBeLessThan(90_000);
  });

  it("is deterministic, whatever the order of the countries", () => {
    const counts = new Map<string, number | "suppressed">([
      ["SG", 3],
      ["BH", 40],
      ["MT", "suppressed"],
      ["IR", 9000],
    ]);
    const a = renderWorldMapSvg(options({ counts }));
    const b = renderWorldMapSvg(options({ counts }));
    const c = renderWorldMapSvg(options({ counts, countries: [...countries].reverse() }));
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it("renders quickly once the geometry is cached", () => {
    renderWorldMapSvg(options());
    const start = performance.now();
    for (let i = 0; i < 200; i++) renderWorldMapSvg(options());
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
