// Accessible charts as SVG strings for the KORUS regional overview and the network figures page.
// Pure, no I/O. Every text is XML-escaped here: callers insert the result unescaped (SafeString).
// Presentation attributes only (fill, stroke, font-size): the CSP's style-src 'self' blocks inline
// `style` attributes and <style> elements. The screen-reader text is <title> + <desc>; the page
// shows the data as a table beside each chart.

const WIDTH = 640;
const PLOT_LEFT = 56;
const PLOT_RIGHT = WIDTH - 16;
const PLOT_HEIGHT = 200;
const CHAR_WIDTH = 6.6; // rough average glyph width at font-size 12
const TEXT = '#1e2b3c'; // 14.3:1 on white
const AXIS = '#5f6b7a'; // 5.4:1
const GRID = '#d5dae1'; // decorative only
const LINE = '#0072b2'; // 5.2:1
const FLAG = '#b3261e'; // 6.5:1, white "!" on it
const EMPTY = 'Ingen data å vise';

/** Six colours, each ≥ 3:1 on white, chosen (from Okabe–Ito and Tol) to stay apart under
 * protanopia, deuteranopia and tritanopia (simulated: min ΔE ≈ 20), ordered so neighbours differ. */
export const PALETTE = ['#0072b2', '#999933', '#882255', '#cc79a7', '#332288', '#7a5c00'] as const;

export interface LineChartOptions {
  id: string;
  title: string;
  description: string;
  yLabel: string;
  yMax: number;
  yFormat: (value: number) => string;
  points: { label: string; value: number | null }[];
}

export interface StackedBarChartOptions {
  id: string;
  title: string;
  description: string;
  categories: { key: string; label: string }[];
  bars: { label: string; values: Record<string, number>; flagged?: boolean }[];
  /** Optional axis caption, e.g. "Antall deltakere". */
  yLabel?: string;
  /** What a flagged bar means; shown in the legend and the marker's tooltip. */
  flagLabel?: string;
}

// Characters XML 1.0 does not allow at all (control characters, lone surrogates, U+FFFE/FFFF).
const INVALID_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to remove
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function escapeXml(text: string): string {
  return String(text)
    .replace(INVALID_XML, '')
    .replace(/[&<>"']/g, (c) =>
      c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
    );
}

/** Coordinates with at most one decimal. */
const num = (n: number): string => String(Math.round(n * 10) / 10);

/** Shortens by code points (never splitting a surrogate pair), marking the cut with "…". */
function truncate(text: string, max: number): string {
  const chars = Array.from(String(text));
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

const finiteOr = (value: number | null | undefined, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;

function svg(id: string, title: string, description: string, height: number, body: string): string {
  // The ids go into aria-labelledby (a space-separated list), so keep them to safe characters.
  const safeId = String(id).replace(/[^A-Za-z0-9_-]/g, '-') || 'chart';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${safeId}-title ${safeId}-desc" ` +
    `viewBox="0 0 ${WIDTH} ${num(height)}" width="100%" class="chart" font-family="inherit" font-size="12" fill="${TEXT}">` +
    `<title id="${safeId}-title">${escapeXml(title)}</title><desc id="${safeId}-desc">${escapeXml(description)}</desc>` +
    `${body}</svg>`
  );
}

function emptyChart(id: string, title: string): string {
  return svg(id, title, `${EMPTY}.`, 60, `<text x="${WIDTH / 2}" y="34" text-anchor="middle">${EMPTY}</text>`);
}

/** Ticks from 0 to a fixed max: 3–5 steps, preferring a round step (0.25, 1, 25 …). */
function fixedTicks(max: number): number[] {
  const isRound = (step: number) => {
    const mantissa = step / 10 ** Math.floor(Math.log10(step));
    return [1, 2, 2.5, 5, 10].some((m) => Math.abs(mantissa - m) < 1e-9);
  };
  const steps = [4, 5, 3].find((k) => isRound(max / k)) ?? 4;
  return Array.from({ length: steps + 1 }, (_, i) => (max * i) / steps);
}

/** Ticks from 0 up past `max` with a round step and at most 5 steps (whole steps for counts). */
function niceTicks(max: number, whole: boolean): number[] {
  for (let magnitude = 10 ** Math.floor(Math.log10(max / 5)); ; magnitude *= 10) {
    for (const m of [1, 2, 2.5, 5]) {
      const step = m * magnitude;
      if (whole && (step < 1 || !Number.isInteger(step))) continue;
      const steps = Math.ceil(max / step - 1e-9);
      if (steps <= 5) return Array.from({ length: steps + 1 }, (_, i) => step * i);
    }
  }
}

/** Gridlines with labels on the left; the baseline drawn as the axis. */
function yAxis(ticks: number[], y: (value: number) => number, format: (value: number) => string): string {
  return ticks
    .map((tick, i) => {
      const at = num(y(tick));
      const line = `<line x1="${PLOT_LEFT}" x2="${PLOT_RIGHT}" y1="${at}" y2="${at}" stroke="${i === 0 ? AXIS : GRID}" stroke-width="1"/>`;
      return `${line}<text x="${PLOT_LEFT - 6}" y="${num(y(tick) + 4)}" text-anchor="end">${escapeXml(truncate(format(tick), 8))}</text>`;
    })
    .join('');
}

const bandWidth = (count: number) => (PLOT_RIGHT - PLOT_LEFT) / count;
const bandCenter = (i: number, count: number) => PLOT_LEFT + bandWidth(count) * (i + 0.5);

/** Labels under each band: level when they fit, otherwise slanted 45° and thinned to stay apart. */
function xLabels(labels: string[], top: number): { body: string; height: number } {
  const band = bandWidth(labels.length);
  const shown = labels.map((label) => truncate(label, 12));
  const longest = Math.max(...shown.map((label) => Array.from(label).length));
  if (longest * CHAR_WIDTH + 6 <= band) {
    const body = shown.map(
      (label, i) =>
        `<text x="${num(bandCenter(i, labels.length))}" y="${num(top + 16)}" text-anchor="middle">${escapeXml(label)}</text>`,
    );
    return { body: body.join(''), height: 24 };
  }
  const every = Math.ceil(19 / band); // slanted lines need ~13 px apart: 19 px along the axis
  const body = shown.map((label, i) => {
    if (i % every !== 0) return '';
    const x = num(bandCenter(i, labels.length) + 4);
    const y = num(top + 14);
    return `<text x="${x}" y="${y}" text-anchor="end" transform="rotate(-45 ${x} ${y})">${escapeXml(label)}</text>`;
  });
  return { body: body.join(''), height: 22 + longest * CHAR_WIDTH * 0.71 };
}

export function lineChart(options: LineChartOptions): string {
  const { points } = options;
  if (points.length === 0) return emptyChart(options.id, options.title);
  const yMax = finiteOr(options.yMax, 0) > 0 ? options.yMax : 1;
  const top = 36;
  const bottom = top + PLOT_HEIGHT;
  const y = (value: number) => bottom - Math.min(1, Math.max(0, value / yMax)) * PLOT_HEIGHT;
  const values = points.map((p) => (typeof p.value === 'number' && Number.isFinite(p.value) ? p.value : null));

  // One path; each run of values after a gap starts with a fresh M, so nulls leave a gap.
  let d = '';
  values.forEach((value, i) => {
    if (value === null) return;
    d += `${i === 0 || values[i - 1] === null ? 'M' : 'L'}${num(bandCenter(i, points.length))} ${num(y(value))}`;
  });
  const radius = Math.min(4, bandWidth(points.length) / 3);
  const dots = values.map((value, i) => {
    if (value === null) return '';
    const tooltip = `${points[i]?.label ?? ''}: ${options.yFormat(value)}`;
    return `<circle cx="${num(bandCenter(i, points.length))}" cy="${num(y(value))}" r="${num(radius)}" fill="${LINE}" stroke="#ffffff" stroke-width="1.5"><title>${escapeXml(tooltip)}</title></circle>`;
  });
  const labels = xLabels(
    points.map((p) => p.label),
    bottom,
  );
  const body =
    `<text x="12" y="18" font-weight="600">${escapeXml(truncate(options.yLabel, 90))}</text>` +
    yAxis(fixedTicks(yMax), y, options.yFormat) +
    (d
      ? `<path d="${d}" fill="none" stroke="${LINE}" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>`
      : '') +
    dots.join('') +
    labels.body;
  return svg(options.id, options.title, options.description, bottom + labels.height + 8, body);
}

/** Legend items laid out left to right, wrapping into rows. */
function legend(items: { label: string; swatch: string }[], top: number): { body: string; height: number } {
  let x = 12;
  let row = 0;
  const body = items.map(({ label, swatch }) => {
    const text = truncate(label, 40);
    const width = 18 + Array.from(text).length * (CHAR_WIDTH + 0.6) + 20; // generous: fonts vary
    if (x > 12 && x + width > WIDTH - 12) {
      x = 12;
      row += 1;
    }
    const y = top + row * 20;
    const item = `<g transform="translate(${num(x)} ${num(y)})">${swatch}<text x="18" y="11">${escapeXml(text)}</text></g>`;
    x += width;
    return item;
  });
  return { body: body.join(''), height: (row + 1) * 20 };
}

function flagMarker(cx: number, cy: number, radius: number, tooltip: string): string {
  return (
    `<g><title>${escapeXml(tooltip)}</title><circle cx="${num(cx)}" cy="${num(cy)}" r="${num(radius)}" fill="${FLAG}"/>` +
    `<text x="${num(cx)}" y="${num(cy + radius * 0.45)}" text-anchor="middle" font-weight="700" font-size="${num(radius * 1.4)}" fill="#ffffff">!</text></g>`
  );
}

export function stackedBarChart(options: StackedBarChartOptions): string {
  const { bars, categories } = options;
  if (bars.length === 0) return emptyChart(options.id, options.title);
  const flagLabel = options.flagLabel ?? 'Mangler en påkrevd tjeneste';
  const barValue = (bar: (typeof bars)[number], key: string) =>
    Math.min(1e9, Math.max(0, finiteOr(bar.values[key], 0)));
  const totals = bars.map((bar) => categories.reduce((sum, c) => sum + barValue(bar, c.key), 0));
  const whole = bars.every((bar) => categories.every((c) => Number.isInteger(barValue(bar, c.key))));
  const tallest = Math.max(...totals);
  const ticks = niceTicks(whole ? Math.max(tallest, 3) : Math.max(tallest, 1e-6), whole);
  const yMax = ticks[ticks.length - 1] ?? 1;

  const items = categories.map((c, i) => ({
    label: c.label,
    swatch: `<rect width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/>`,
  }));
  const markerRadius = Math.max(2, Math.min(8, bandWidth(bars.length) / 2 - 1));
  if (bars.some((bar) => bar.flagged)) items.push({ label: flagLabel, swatch: flagMarker(6, 6, 7, flagLabel) });
  const key = legend(items, 8);
  let top = 8 + key.height + 8;
  const caption = options.yLabel
    ? `<text x="12" y="${num(top + 14)}" font-weight="600">${escapeXml(truncate(options.yLabel, 90))}</text>`
    : '';
  top += (caption ? 20 : 0) + 2 * markerRadius + 8; // room for a flag above the tallest bar
  const bottom = top + PLOT_HEIGHT;
  const y = (value: number) => bottom - (value / yMax) * PLOT_HEIGHT;
  const barWidth = Math.min(48, bandWidth(bars.length) * 0.7);

  const columns = bars.map((bar, i) => {
    const x = bandCenter(i, bars.length) - barWidth / 2;
    let sum = 0;
    const segments = categories.map((c, k) => {
      const value = barValue(bar, c.key);
      if (value === 0) return '';
      const upper = y(sum + value);
      const height = y(sum) - upper;
      sum += value;
      const tooltip = `${bar.label} – ${c.label}: ${num(value)} av ${num(totals[i] ?? 0)}`;
      return `<rect x="${num(x)}" y="${num(upper)}" width="${num(barWidth)}" height="${num(height)}" fill="${PALETTE[k % PALETTE.length]}" stroke="#ffffff" stroke-width="1"><title>${escapeXml(tooltip)}</title></rect>`;
    });
    const flag = bar.flagged
      ? flagMarker(bandCenter(i, bars.length), y(sum) - markerRadius - 3, markerRadius, `${bar.label}: ${flagLabel}`)
      : '';
    return segments.join('') + flag;
  });
  const labels = xLabels(
    bars.map((bar) => bar.label),
    bottom,
  );
  const format = (value: number) =>
    Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100).replace('.', ',');
  const body = key.body + caption + yAxis(ticks, y, format) + columns.join('') + labels.body;
  return svg(options.id, options.title, options.description, bottom + labels.height + 8, body);
}
