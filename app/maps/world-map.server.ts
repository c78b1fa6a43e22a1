// A world map of counts by country, rendered on the server as a standalone SVG document (for
// `<img src="…/map.svg">`). The document is self-contained and inert: presentation attributes only, no
// <style>, no style= attributes, no scripts and no references to anything outside it, so it can be served
// with `Content-Security-Policy: default-src 'none'`.
//
// Geometry: Natural Earth 1:110m countries from world-atlas (feature ids are ISO 3166-1 numeric codes),
// projected once per process with the Equal Earth projection. Coordinates are quantised to tenths of a
// unit and written as relative path commands, which keeps the whole document well under 90 KB.
// Countries too small to be in the 1:110m data (Singapore, Malta, Bahrain, many island states…) are
// drawn as small circles at their reference position from world-countries, but only when they have a
// count: an empty dot would add nothing.
import { createRequire } from "node:module";
import { geoEqualEarth, geoPath, type GeoContext } from "d3-geo";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";

export interface MapCountry {
  /** ISO 3166-1 alpha-2 code. */
  code: string;
  /** ISO 3166-1 numeric code, e.g. "364"; null when the country has none (Kosovo). */
  numeric: string | null;
  /** Name in the reader's language. */
  name: string;
}

/** A legend entry; buckets are ascending by `min`. */
export interface MapBucket {
  min: number;
  label: string;
  fill: string;
}

export interface WorldMapOptions {
  /** Every country that may appear. */
  countries: MapCountry[];
  /** alpha-2 → count; "suppressed" means fewer than the privacy threshold (shown, not numbered). */
  counts: Map<string, number | "suppressed">;
  /** Legend entries, ascending by min; "suppressed" countries use buckets[0]. */
  buckets: MapBucket[];
  /** Accessible title, in the reader's language. */
  title: string;
  /** Accessible description. */
  description: string;
  /** Legend alignment and text direction. */
  dir: "ltr" | "rtl";
  /** Locale-aware number formatting. */
  formatCount: (n: number) => string;
  /** Shown in a suppressed country's tooltip instead of a number, e.g. "fewer than 10". */
  suppressedLabel: string;
  /** Font stack for the legend; the SVG cannot load fonts, so it must name system fonts. */
  fontFamily?: string;
}

// ---------------------------------------------------------------------------------------------------
// Layout

const WIDTH = 960;
const MAP_MARGIN = 8;
/** The box the projection is fitted to; the map is then moved up against the top margin. */
const FIT_HEIGHT = 470;
const LEGEND_GAP = 18;
const LEGEND_ROW_HEIGHT = 36;
const LEGEND_BOTTOM = 12;
const LEGEND_SIDE = 16;
const SWATCH_WIDTH = 20;
const SWATCH_HEIGHT = 20;
const SWATCH_TEXT_GAP = 9;
const LEGEND_ITEM_GAP = 32;
const FONT_SIZE = 21;
const TEXT_COLOUR = "#1b1b1b";
const EMPTY_FILL = "#e4e0d8";
const BORDER = "#fff";
const DOT_RADIUS = 3.5;
const DOT_STROKE = "#6b6660";
const SWATCH_STROKE = "#8a847c";
const FALLBACK_FILL = "#b03a2e";
const DEFAULT_FONT_FAMILY =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", Tahoma, Arial, sans-serif';

/** Antarctica: dropped from the map (it takes a lot of room and no one signs from there). */
const ANTARCTICA_NUMERIC = "010";
const ANTARCTICA_CODE = "AQ";

/**
 * Natural Earth features that carry no ISO numeric code in world-atlas. Kosovo has its own (user-assigned)
 * alpha-2 code; ISO 3166-1 has no code for the other two, which lie within Somalia and Cyprus as the UN
 * recognises them, so they take those countries' counts rather than showing as holes.
 */
const UNCODED_FEATURES: Readonly<Record<string, string>> = {
  Kosovo: "XK",
  Somaliland: "SO",
  "N. Cyprus": "CY",
};

// ---------------------------------------------------------------------------------------------------
// Geometry, computed once per process

interface CountryShape {
  /** ISO numeric code (3 digits), or undefined for the features in UNCODED_FEATURES. */
  numeric: string | undefined;
  /** alpha-2 code for features without a numeric code. */
  code: string | undefined;
  /** The path's `d` attribute value (already safe to put in an attribute). */
  d: string;
}

interface Geography {
  shapes: CountryShape[];
  /** Numeric codes present in the atlas. */
  numericCodes: Set<string>;
  /** alpha-2 codes of the atlas shapes that have no numeric code (see UNCODED_FEATURES). */
  uncodedShapes: Set<string>;
  /** alpha-2 → projected reference point [x, y] (rounded to 0.1), for countries missing from the atlas. */
  points: Map<string, readonly [number, number]>;
  /** alpha-2 → numeric code from world-countries, for callers that pass `numeric: null`. */
  numericByCode: Map<string, string>;
  /** Height of the map area (top margin + projected map + bottom margin). */
  mapHeight: number;
}

interface WorldCountry {
  cca2: string;
  ccn3: string;
  latlng: number[];
}

type CountriesTopology = Topology<{ countries: GeometryCollection<{ name: string }> }>;

let geography: Geography | undefined;

function getGeography(): Geography {
  geography ??= buildGeography();
  return geography;
}

function buildGeography(): Geography {
  const require = createRequire(import.meta.url);
  const topology = require("world-atlas/countries-110m.json") as CountriesTopology;
  const worldCountries = require("world-countries/countries.json") as WorldCountry[];

  const all = feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>;
  const features = all.features.filter((f) => f.id !== ANTARCTICA_NUMERIC);
  const collection: FeatureCollection<Geometry, { name: string }> = { type: "FeatureCollection", features };

  const projection = geoEqualEarth().fitExtent(
    [
      [MAP_MARGIN, MAP_MARGIN],
      [WIDTH - MAP_MARGIN, FIT_HEIGHT - MAP_MARGIN],
    ],
    collection,
  );
  // The fitted map is limited by its width and centred vertically: move it up against the top margin so
  // the legend can sit right below it.
  const [[, top], [, bottom]] = geoPath(projection).bounds(collection);
  const [tx, ty] = projection.translate();
  projection.translate([tx, ty - (top - MAP_MARGIN)]);
  const mapHeight = Math.ceil(bottom - top + 2 * MAP_MARGIN);

  const encoder = new PathEncoder();
  const path = geoPath(projection, encoder);
  const shapes: CountryShape[] = [];
  const numericCodes = new Set<string>();
  const uncodedShapes = new Set<string>();
  for (const f of features) {
    const numeric = typeof f.id === "string" || typeof f.id === "number" ? String(f.id).padStart(3, "0") : undefined;
    const code = numeric === undefined ? UNCODED_FEATURES[f.properties.name] : undefined;
    path(f as Feature<Geometry>);
    const d = encoder.take();
    if (d === "") continue;
    if (numeric !== undefined) numericCodes.add(numeric);
    if (code !== undefined) uncodedShapes.add(code);
    shapes.push({ numeric, code, d });
  }

  const points = new Map<string, readonly [number, number]>();
  const numericByCode = new Map<string, string>();
  for (const c of worldCountries) {
    if (c.ccn3) numericByCode.set(c.cca2, c.ccn3);
    const [lat, lng] = c.latlng;
    if (lat === undefined || lng === undefined) continue;
    const p = projection([lng, lat]);
    if (!p || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) continue;
    points.set(c.cca2, [Math.round(p[0] * 10) / 10, Math.round(p[1] * 10) / 10]);
  }

  return { shapes, numericCodes, uncodedShapes, points, numericByCode, mapHeight };
}

/**
 * A d3-geo path context that writes compact SVG path data: coordinates are quantised to tenths first (so
 * relative steps add up exactly, without drift), then each ring is an absolute move followed by relative
 * line steps, dropping steps that round to nothing.
 */
class PathEncoder implements GeoContext {
  private out = "";
  private x = 0;
  private y = 0;
  private inLine = false;

  moveTo(x: number, y: number): void {
    this.x = Math.round(x * 10);
    this.y = Math.round(y * 10);
    this.out += `M${tenths(this.x)},${tenths(this.y)}`;
    this.inLine = false;
  }

  lineTo(x: number, y: number): void {
    const qx = Math.round(x * 10);
    const qy = Math.round(y * 10);
    const dx = qx - this.x;
    const dy = qy - this.y;
    if (dx === 0 && dy === 0) return;
    const a = tenths(dx);
    const b = tenths(dy);
    if (this.inLine) this.out += a.startsWith("-") ? a : ` ${a}`;
    else {
      this.out += `l${a}`;
      this.inLine = true;
    }
    this.out += b.startsWith("-") ? b : `,${b}`;
    this.x = qx;
    this.y = qy;
  }

  closePath(): void {
    this.out += "z";
    this.inLine = false;
  }

  // Only used for point geometries, which the countries layer has none of.
  arc(): void {}

  beginPath(): void {}

  take(): string {
    const d = this.out;
    this.out = "";
    this.inLine = false;
    return d;
  }
}

/** Formats an integer number of tenths: 15 → "1.5", -6 → "-.6", 20 → "2", 0 → "0". */
function tenths(v: number): string {
  const sign = v < 0 ? "-" : "";
  const a = Math.abs(v);
  const whole = Math.floor(a / 10);
  const frac = a % 10;
  if (frac === 0) return `${sign}${whole}`;
  return `${sign}${whole === 0 ? "" : whole}.${frac}`;
}

function num(v: number): string {
  return String(Math.round(v * 10) / 10);
}

// ---------------------------------------------------------------------------------------------------
// Rendering

const XML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** Escapes text for XML character data and attribute values; drops characters XML 1.0 forbids. */
function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, "")
    .replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch] ?? ch);
}

/** The bucket for a count, or undefined when the country has nothing to show. */
function bucketFill(count: number | "suppressed" | undefined, buckets: MapBucket[]): string | undefined {
  if (count === undefined) return undefined;
  if (count === "suppressed") return buckets[0]?.fill ?? FALLBACK_FILL;
  if (!Number.isFinite(count) || count <= 0) return undefined;
  let fill = buckets[0]?.fill ?? FALLBACK_FILL;
  for (const b of buckets) if (count >= b.min) fill = b.fill;
  return fill;
}

/**
 * Rough advance width of a legend label, in user units. The SVG cannot measure text, so this errs on the
 * wide side (Latin averages about 0.55em in common sans-serifs, Arabic script about 0.45em, CJK 1em).
 */
function estimateTextWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x0300 && cp <= 0x036f) continue; // combining marks
    if (cp >= 0x064b && cp <= 0x065f) continue; // Arabic diacritics
    if (cp === 0x200c || cp === 0x200d || cp === 0x200e || cp === 0x200f) continue; // ZWNJ, ZWJ, marks
    if (isWide(cp)) em += 1;
    else if (ch === " ") em += 0.3;
    else if (isArabicScript(cp)) em += 0.48;
    else em += 0.6;
  }
  return em * fontSize;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xff00 && cp <= 0xff60)
  );
}

function isArabicScript(cp: number): boolean {
  return (cp >= 0x0600 && cp <= 0x06ff) || (cp >= 0xfb50 && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfeff);
}

interface LegendItem {
  bucket: MapBucket;
  width: number;
}

function layoutLegend(buckets: MapBucket[]): LegendItem[][] {
  const available = WIDTH - 2 * LEGEND_SIDE;
  const rows: LegendItem[][] = [];
  let row: LegendItem[] = [];
  let used = 0;
  for (const bucket of buckets) {
    const width = SWATCH_WIDTH + SWATCH_TEXT_GAP + estimateTextWidth(bucket.label, FONT_SIZE);
    const needed = row.length === 0 ? width : used + LEGEND_ITEM_GAP + width;
    if (row.length > 0 && needed > available) {
      rows.push(row);
      row = [];
      used = width;
    } else used = needed;
    row.push({ bucket, width });
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

function renderLegend(rows: LegendItem[][], top: number, options: WorldMapOptions): string {
  if (rows.length === 0) return "";
  const rtl = options.dir === "rtl";
  const font = escapeXml(options.fontFamily ?? DEFAULT_FONT_FAMILY);
  // In SVG, text-anchor follows the text's direction: with direction="rtl", "start" is the right-hand end of
  // the label (checked in Chromium: "end" would put the label's left edge at x and make it run rightwards,
  // into its swatch). So both directions anchor the label's start next to its swatch, with no dependence
  // on the (estimated) text width.
  const textAttrs = rtl ? ` direction="rtl" text-anchor="start"` : "";
  let out = `<g font-family="${font}" font-size="${FONT_SIZE}" fill="${TEXT_COLOUR}">`;
  rows.forEach((row, i) => {
    const rowTop = top + i * LEGEND_ROW_HEIGHT;
    const swatchY = rowTop + (LEGEND_ROW_HEIGHT - SWATCH_HEIGHT) / 2;
    const baseline = rowTop + LEGEND_ROW_HEIGHT / 2 + FONT_SIZE * 0.35;
    // ltr: items run from the left edge, swatch then label. rtl: from the right edge, swatch on the right
    // of its label. The estimated label width only decides where the next item starts.
    let cursor = rtl ? WIDTH - LEGEND_SIDE : LEGEND_SIDE;
    for (const { bucket, width } of row) {
      const swatchX = rtl ? cursor - SWATCH_WIDTH : cursor;
      const textX = rtl ? swatchX - SWATCH_TEXT_GAP : swatchX + SWATCH_WIDTH + SWATCH_TEXT_GAP;
      out +=
        `<rect x="${num(swatchX)}" y="${num(swatchY)}" width="${SWATCH_WIDTH}" height="${SWATCH_HEIGHT}" rx="2"` +
        ` fill="${escapeXml(bucket.fill)}" stroke="${SWATCH_STROKE}" stroke-width="0.75"/>` +
        `<text x="${num(textX)}" y="${num(baseline)}"${textAttrs}>${escapeXml(bucket.label)}</text>`;
      cursor = rtl ? cursor - width - LEGEND_ITEM_GAP : cursor + width + LEGEND_ITEM_GAP;
    }
  });
  return `${out}</g>`;
}

export function renderWorldMapSvg(options: WorldMapOptions): string {
  const geo = getGeography();
  const { counts, buckets, formatCount, suppressedLabel } = options;

  // The caller's countries by numeric code (for atlas shapes) and by alpha-2 (for the uncoded ones).
  const numericOf = (c: MapCountry): string | undefined => {
    const numeric = c.numeric || geo.numericByCode.get(c.code);
    return numeric ? numeric.padStart(3, "0") : undefined;
  };
  const byNumeric = new Map<string, MapCountry>();
  const byCode = new Map<string, MapCountry>();
  for (const c of options.countries) {
    if (!byCode.has(c.code)) byCode.set(c.code, c);
    const numeric = numericOf(c);
    if (numeric !== undefined && !byNumeric.has(numeric)) byNumeric.set(numeric, c);
  }

  const tooltip = (country: MapCountry, count: number | "suppressed"): string =>
    `<title>${escapeXml(`${country.name}: ${count === "suppressed" ? suppressedLabel : formatCount(count)}`)}</title>`;

  let shapes = "";
  for (const shape of geo.shapes) {
    const key = shape.numeric ?? shape.code;
    const country = key === undefined ? undefined : shape.numeric !== undefined ? byNumeric.get(key) : byCode.get(key);
    const count = country ? counts.get(country.code) : undefined;
    const fill = bucketFill(count, buckets);
    if (country && count !== undefined && fill !== undefined) {
      shapes += `<path fill="${escapeXml(fill)}" d="${shape.d}">${tooltip(country, count)}</path>`;
    } else {
      shapes += `<path d="${shape.d}"/>`;
    }
  }

  // Countries without a shape in the atlas: a dot at their reference point, when they have a count. Sorted
  // by code so the output does not depend on the order of the caller's list.
  type Dot = { country: MapCountry; count: number | "suppressed"; fill: string; at: readonly [number, number] };
  const dotted: Dot[] = [];
  const seen = new Set<string>();
  for (const country of options.countries) {
    if (seen.has(country.code) || country.code === ANTARCTICA_CODE) continue;
    seen.add(country.code);
    const numeric = numericOf(country);
    if (numeric === ANTARCTICA_NUMERIC) continue;
    if (numeric !== undefined ? geo.numericCodes.has(numeric) : geo.uncodedShapes.has(country.code)) continue;
    const count = counts.get(country.code);
    const fill = bucketFill(count, buckets);
    const at = geo.points.get(country.code);
    if (count === undefined || fill === undefined || !at) continue;
    dotted.push({ country, count, fill, at });
  }
  dotted.sort((a, b) => (a.country.code < b.country.code ? -1 : a.country.code > b.country.code ? 1 : 0));
  let dots = "";
  for (const { country, count, fill, at } of dotted) {
    const circle = `<circle cx="${at[0]}" cy="${at[1]}" r="${DOT_RADIUS}" fill="${escapeXml(fill)}">`;
    dots += `${circle}${tooltip(country, count)}</circle>`;
  }

  const rows = layoutLegend(buckets);
  const legendTop = geo.mapHeight + LEGEND_GAP - MAP_MARGIN;
  const height = rows.length === 0 ? geo.mapHeight : legendTop + rows.length * LEGEND_ROW_HEIGHT + LEGEND_BOTTOM;

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="t d" viewBox="0 0 ${WIDTH} ${height}"` +
    ` width="${WIDTH}" height="${height}">` +
    `<title id="t">${escapeXml(options.title)}</title>` +
    `<desc id="d">${escapeXml(options.description)}</desc>` +
    `<g fill="${EMPTY_FILL}" stroke="${BORDER}" stroke-width="0.5" stroke-linejoin="round">${shapes}</g>` +
    (dots ? `<g stroke="${DOT_STROKE}" stroke-width="0.75">${dots}</g>` : "") +
    renderLegend(rows, legendTop, options) +
    `</svg>`
  );
}
