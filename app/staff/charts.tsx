// Charts for the staff dashboard, rendered on the server as SVG: no client JavaScript, and no inline style
// (the Content-Security-Policy forbids style attributes and <style> elements), so colours and sizes are SVG
// presentation attributes. Each chart is an image with a title and description for assistive technology,
// and its numbers are repeated in a table, because a chart alone is not accessible.
//
// Suggested colours, each with at least 3:1 contrast against white (WCAG 1.4.11, non-text contrast):
//   "#7a1c1c" crimson (10.6:1), "#1f4e79" blue (8.7:1), "#6b6b6b" grey (5.3:1), "#2e6b30" green (6.6:1).
// Use crimson and blue for two series side by side (submitted vs confirmed): they differ in lightness as
// well as in hue, so they remain distinguishable for readers with a colour-vision deficiency.
import { useId } from "react";

export const suggestedColors = { crimson: "#7a1c1c", blue: "#1f4e79", grey: "#6b6b6b", green: "#2e6b30" } as const;

const textColor = "#1a1a1a";
const mutedTextColor = "#4d4d4d";
const gridColor = "#d4d4d4";
const axisColor = "#6b6b6b";
const fontSize = 12;

/** Rounds a coordinate to hundredths, to keep the markup short. */
const r2 = (v: number) => Math.round(v * 100) / 100;

/** Rough width of a text in the chart font, for margins (SVG text cannot be measured on the server). */
const textWidth = (text: string, size = fontSize) => Array.from(text).length * size * 0.62;

const finite = (v: number) => (Number.isFinite(v) ? v : 0);

/**
 * Gridline values for a y axis from 0 to at least `max`: 3 to 5 lines at a "nice" integer step (1, 2, 2.5, 5
 * times a power of ten); a single line at 0 when everything is zero.
 */
export function yTicks(max: number): number[] {
  if (!(max > 0)) return [0];
  const raw = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  let step = 1;
  for (const m of [1, 2, 2.5, 5, 10]) {
    const candidate = m * magnitude;
    if (candidate >= raw && Number.isInteger(candidate)) {
      step = candidate;
      break;
    }
  }
  step = Math.max(1, step);
  const intervals = Math.max(2, Math.ceil(max / step));
  return Array.from({ length: intervals + 1 }, (_, i) => i * step);
}

interface ChartIds {
  title: string;
  desc: string;
}

function useChartIds(): ChartIds {
  const id = useId();
  return { title: `${id}title`, desc: `${id}desc` };
}

export interface ColumnSeries {
  label: string;
  /** Fill of the columns: pass a colour with at least 3:1 contrast against white (see suggestedColors). */
  color: string;
  /** One value per category, in the order of `categories`. */
  values: number[];
}

export interface ColumnChartProps {
  title: string;
  description: string;
  series: ColumnSeries[];
  /** The x axis categories in chronological (reading) order, e.g. days "2026-03-01". */
  categories: string[];
  formatValue: (n: number) => string;
  formatCategory?: (c: string) => string;
  /** A shorter form for the x axis (the table keeps formatCategory's); default formatCategory. */
  formatAxisCategory?: (c: string) => string;
  dir: "ltr" | "rtl";
  /** Height of the drawing in viewBox units (the width is 640); default 240. */
  height?: number;
  /** Header of the table's category column ("Day"); empty when not given. */
  categoryLabel?: string;
  /** Label every n-th category on the x axis, counting back from the last; default from the number of categories. */
  labelEvery?: number;
}

const columnWidth = 640;

/**
 * Grouped columns, one group per category and one column per series, with a y axis, sparse x labels and a
 * legend. In a right-to-left page the categories run from right to left (the first is on the right) and
 * the y axis is on the right.
 */
export function ColumnChart(props: ColumnChartProps) {
  const { title, description, series, categories, formatValue, dir } = props;
  const formatCategory = props.formatCategory ?? ((c: string) => c);
  const ids = useChartIds();
  const rtl = dir === "rtl";
  const height = Math.max(120, props.height ?? 240);
  const count = categories.length;

  const max = Math.max(0, ...series.flatMap((s) => s.values.slice(0, count).map(finite)));
  const ticks = yTicks(max);
  const top = ticks[ticks.length - 1] || 1;
  const tickLabels = ticks.map(formatValue);

  const axisLabelWidth = Math.max(...tickLabels.map((t) => textWidth(t))) + 8;
  const margin = { top: 12, bottom: 28, start: Math.max(28, axisLabelWidth), end: 8 };
  const plotLeft = rtl ? margin.end : margin.start;
  const plotRight = columnWidth - (rtl ? margin.start : margin.end);
  const plotTop = margin.top;
  const plotBottom = height - margin.bottom;
  const plotWidth = plotRight - plotLeft;
  const plotHeight = plotBottom - plotTop;

  const slot = plotWidth / Math.max(1, count);
  const groupWidth = slot * (count > 1 ? 0.8 : 0.5);
  const barWidth = groupWidth / Math.max(1, series.length);
  /** Left edge of category i's slot: left to right in LTR, right to left in RTL. */
  const slotLeft = (i: number) => plotLeft + (rtl ? count - 1 - i : i) * slot;
  const y = (v: number) => plotBottom - (Math.max(0, v) / top) * plotHeight;

  const every = Math.max(1, Math.floor(props.labelEvery ?? (count <= 12 ? 1 : count <= 45 ? 7 : Math.ceil(count / 6))));
  const labelled = (i: number) => (count - 1 - i) % every === 0;
  // The y labels sit outside the plot, on the start side; "end" anchors them against it in either direction.
  const yLabelX = rtl ? plotRight + 6 : plotLeft - 6;

  return (
    <figure className="chart chart--columns" dir={dir}>
      <figcaption className="chart__title">{title}</figcaption>
      <svg
        className="chart__svg"
        role="img"
        aria-labelledby={`${ids.title} ${ids.desc}`}
        viewBox={`0 0 ${columnWidth} ${height}`}
        width="100%"
        preserveAspectRatio="xMidYMid meet"
        direction={dir}
        fontSize={fontSize}
      >
        <title id={ids.title}>{title}</title>
        <desc id={ids.desc}>{description}</desc>
        <g className="chart__grid">
          {ticks.map((tick, i) => {
            const ty = r2(y(tick));
            return (
              <g key={tick}>
                <line x1={r2(plotLeft)} x2={r2(plotRight)} y1={ty} y2={ty} stroke={tick === 0 ? axisColor : gridColor} strokeWidth={1} />
                <text x={r2(yLabelX)} y={ty} dy="0.35em" textAnchor="end" fill={mutedTextColor}>
                  {tickLabels[i]}
                </text>
              </g>
            );
          })}
        </g>
        {series.map((s, si) => (
          <g key={si} className="chart__series" fill={s.color}>
            {categories.map((category, i) => {
              const value = finite(s.values[i] ?? 0);
              // Within a group the series keep their order in the reading direction.
              const offset = rtl ? groupWidth - (si + 1) * barWidth : si * barWidth;
              const x = slotLeft(i) + (slot - groupWidth) / 2 + offset;
              const barTop = y(value);
              return (
                <rect key={category + i} className="chart__bar" x={r2(x)} y={r2(barTop)} width={r2(barWidth)} height={r2(plotBottom - barTop)}>
                  <title>{`${formatCategory(category)} · ${s.label}: ${formatValue(value)}`}</title>
                </rect>
              );
            })}
          </g>
        ))}
        <g className="chart__x-labels" fill={mutedTextColor}>
          {categories.map((category, i) => {
            if (!labelled(i)) return null;
            const label = (props.formatAxisCategory ?? formatCategory)(category);
            // Centred under its column, but kept inside the drawing: the last day's label sits at the edge.
            const half = textWidth(label) / 2;
            const x = Math.min(Math.max(slotLeft(i) + slot / 2, half + 2), columnWidth - half - 2);
            return (
              <text key={category + i} x={r2(x)} y={r2(plotBottom + 18)} textAnchor="middle">
                {label}
              </text>
            );
          })}
        </g>
      </svg>
      <Legend items={series} />
      <details className="chart__data">
        <summary>{title}</summary>
        <table className="chart__table">
          <caption>{title}</caption>
          <thead>
            <tr>
              {props.categoryLabel ? <th scope="col">{props.categoryLabel}</th> : <td />}
              {series.map((s, si) => (
                <th key={si} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {categories.map((category, i) => (
              <tr key={category + i}>
                <th scope="row">{formatCategory(category)}</th>
                {series.map((s, si) => (
                  <td key={si}>{formatValue(finite(s.values[i] ?? 0))}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** The series' names beside a swatch of their colour (a list, so it reads in the page's direction). */
function Legend({ items }: { items: { label: string; color: string }[] }) {
  return (
    <ul className="chart__legend">
      {items.map((item, i) => (
        <li key={i}>
          <svg className="chart__swatch" aria-hidden="true" focusable="false" width="12" height="12" viewBox="0 0 12 12">
            <rect width="12" height="12" fill={item.color} />
          </svg>{" "}
          {item.label}
        </li>
      ))}
    </ul>
  );
}

export interface BarListItem {
  label: string;
  value: number;
  /** An optional second figure for the item (e.g. letters still waiting), drawn as an outlined bar under the main one. */
  secondary?: number;
}

export interface BarListProps {
  title: string;
  items: BarListItem[];
  formatValue: (n: number) => string;
  /** Fill of the bars: at least 3:1 contrast against white (see suggestedColors). */
  color: string;
  dir: "ltr" | "rtl";
  /** Description for assistive technology; by default every item and its value. */
  description?: string;
  /** Header of the table's label column; empty when not given. */
  labelHeader?: string;
  /** Header of the table's value column; empty when not given. */
  valueHeader?: string;
  /** Header of the table's secondary column (shown when an item has a secondary value). */
  secondaryHeader?: string;
  /** Said instead of an empty drawing and table when there are no items ("No letters yet."). */
  empty?: string;
}

const barListWidth = 640;
const maxLabelChars = 70;

/**
 * Horizontal bars, largest value → longest bar: each row is the item's label, then its bar with the value at
 * the bar's end. Bars grow from the start side (the right in a right-to-left page).
 */
export function BarList(props: BarListProps) {
  const { title, items, formatValue, color, dir } = props;
  const ids = useChartIds();
  const rtl = dir === "rtl";
  const hasSecondary = items.some((item) => item.secondary !== undefined);

  const rowHeight = hasSecondary ? 46 : 38;
  const height = Math.max(1, items.length) * rowHeight + 4;
  const max = Math.max(0, ...items.flatMap((item) => [finite(item.value), finite(item.secondary ?? 0)]));
  const valueLabels = items.map((item) => formatValue(finite(item.value)));
  const secondaryLabels = items.map((item) => (item.secondary === undefined ? "" : formatValue(finite(item.secondary))));
  const valueSpace = Math.max(...[...valueLabels, ...secondaryLabels].map((t) => textWidth(t)), textWidth(formatValue(0))) + 10;
  const barSpace = barListWidth - valueSpace;
  const length = (v: number) => (max > 0 ? (Math.max(0, finite(v)) / max) * barSpace : 0);
  /** x of a bar of this length: from 0 rightward in LTR, from the right edge leftward in RTL. */
  const barX = (len: number) => (rtl ? barListWidth - len : 0);
  /** x where the value text starts, just past the bar's end. */
  const valueX = (len: number) => (rtl ? barListWidth - len - 6 : len + 6);
  const labelX = rtl ? barListWidth : 0;

  const description =
    props.description ?? items.map((item, i) => `${item.label}: ${valueLabels[i]}${hasSecondary && secondaryLabels[i] ? ` (${secondaryLabels[i]})` : ""}`).join("; ");

  if (items.length === 0 && props.empty) {
    return (
      <figure className="chart chart--bars" dir={dir}>
        <figcaption className="chart__title">{title}</figcaption>
        <p className="chart__empty">{props.empty}</p>
      </figure>
    );
  }

  return (
    <figure className="chart chart--bars" dir={dir}>
      <figcaption className="chart__title">{title}</figcaption>
      <svg
        className="chart__svg"
        role="img"
        aria-labelledby={`${ids.title} ${ids.desc}`}
        viewBox={`0 0 ${barListWidth} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
        direction={dir}
        fontSize={fontSize}
      >
        <title id={ids.title}>{title}</title>
        <desc id={ids.desc}>{description}</desc>
        {items.length === 0 ? (
          <line x1={0} x2={barListWidth} y1={height - 2} y2={height - 2} stroke={axisColor} strokeWidth={1} />
        ) : null}
        {items.map((item, i) => {
          const rowTop = i * rowHeight;
          const main = length(item.value);
          const label = Array.from(item.label).length > maxLabelChars ? `${Array.from(item.label).slice(0, maxLabelChars - 1).join("")}…` : item.label;
          const secondary = item.secondary === undefined ? null : length(item.secondary);
          return (
            <g key={i} className="chart__row">
              <title>{`${item.label}: ${valueLabels[i]}${secondary === null ? "" : ` (${secondaryLabels[i]})`}`}</title>
              <text x={labelX} y={rowTop + 14} textAnchor="start" fill={textColor}>
                {label}
              </text>
              <rect className="chart__bar" x={r2(barX(main))} y={rowTop + 20} width={r2(main)} height={12} fill={color} />
              <text x={r2(valueX(main))} y={rowTop + 30} textAnchor="start" fill={textColor}>
                {valueLabels[i]}
              </text>
              {secondary === null ? null : (
                <>
                  <rect
                    className="chart__bar chart__bar--secondary"
                    x={r2(barX(secondary) + 0.5)}
                    y={rowTop + 35.5}
                    width={r2(Math.max(0, secondary - 1))}
                    height={5}
                    fill="#ffffff"
                    stroke={color}
                    strokeWidth={1}
                  />
                  <text x={r2(valueX(secondary))} y={rowTop + 41} textAnchor="start" fill={mutedTextColor} fontSize={10}>
                    {secondaryLabels[i]}
                  </text>
                </>
              )}
            </g>
          );
        })}
      </svg>
      <details className="chart__data">
        <summary>{title}</summary>
        <table className="chart__table">
          <caption>{title}</caption>
          <thead>
            <tr>
              {props.labelHeader ? <th scope="col">{props.labelHeader}</th> : <td />}
              <th scope="col">{props.valueHeader ?? title}</th>
              {hasSecondary ? <th scope="col">{props.secondaryHeader ?? ""}</th> : null}
            </tr>
          </thead>
          <tbody>
            {items.map((item, i) => (
              <tr key={i}>
                <th scope="row">{item.label}</th>
                <td>{valueLabels[i]}</td>
                {hasSecondary ? <td>{secondaryLabels[i]}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

export interface MeterProps {
  label: string;
  /** 0..1 (clamped). */
  value: number;
  /** The value as people read it, e.g. "72%" or "۷۲٪". */
  valueText: string;
  /** The gauge fills from the start side: the right in a right-to-left page. Default "ltr". */
  dir?: "ltr" | "rtl";
  /** Fill of the gauge; default blue. */
  color?: string;
}

const meterWidth = 400;
const meterHeight = 20;

/** A horizontal gauge, e.g. the confirmation rate: the label and value as text, and the bar. */
export function Meter(props: MeterProps) {
  const { label, valueText } = props;
  const ids = useChartIds();
  const value = Math.min(1, Math.max(0, finite(props.value)));
  const rtl = props.dir === "rtl";
  const inner = meterWidth - 2;
  const filled = r2(inner * value);
  return (
    <div className="meter" dir={props.dir}>
      <p className="meter__label">
        <span className="meter__name">{label}</span> <span className="meter__value">{valueText}</span>
      </p>
      <svg
        className="meter__svg"
        role="img"
        aria-labelledby={`${ids.title} ${ids.desc}`}
        viewBox={`0 0 ${meterWidth} ${meterHeight}`}
        width="100%"
        height={meterHeight}
        preserveAspectRatio="none"
      >
        <title id={ids.title}>{label}</title>
        <desc id={ids.desc}>{valueText}</desc>
        <rect className="meter__track" x={0.5} y={0.5} width={meterWidth - 1} height={meterHeight - 1} fill="#f0f0f0" stroke={axisColor} strokeWidth={1} vectorEffect="non-scaling-stroke" />
        <rect className="meter__fill" x={rtl ? r2(1 + inner - filled) : 1} y={1} width={filled} height={meterHeight - 2} fill={props.color ?? suggestedColors.blue} />
      </svg>
    </div>
  );
}
