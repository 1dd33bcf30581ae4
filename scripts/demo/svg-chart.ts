/**
 * A dependency-free SVG chart: stacked panels of line series over a shared x axis.
 */

export interface Series {
  label: string;
  values: number[];
  color: string;
  dashed?: boolean;
}

export interface Panel {
  title: string;
  series: Series[];
  /** Horizontal reference lines (e.g. the leverage band). */
  guides?: { label: string; value: number; color: string }[];
  format?: (value: number) => string;
}

const WIDTH = 960;
const PANEL_HEIGHT = 220;
const MARGIN = { left: 70, right: 170, top: 30, bottom: 30 };

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Renders `panels` over x values `xs` (e.g. days) into an SVG document. */
export function renderChart(title: string, xs: number[], xLabel: string, panels: Panel[]): string {
  const height = 40 + panels.length * (PANEL_HEIGHT + MARGIN.top + MARGIN.bottom);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const xMin = xs[0];
  const xMax = xs[xs.length - 1] === xMin ? xMin + 1 : xs[xs.length - 1];
  const x = (value: number) => MARGIN.left + ((value - xMin) / (xMax - xMin)) * plotWidth;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="16">${escape(title)}</text>`,
  ];
  panels.forEach((panel, index) => {
    const top = 40 + index * (PANEL_HEIGHT + MARGIN.top + MARGIN.bottom) + MARGIN.top;
    const values = [...panel.series.flatMap((s) => s.values), ...(panel.guides ?? []).map((g) => g.value)].filter(Number.isFinite);
    let yMin = Math.min(...values);
    let yMax = Math.max(...values);
    if (yMax === yMin) {
      yMax += 1;
      yMin -= 1;
    }
    const pad = (yMax - yMin) * 0.05;
    yMin -= pad;
    yMax += pad;
    const y = (value: number) => top + PANEL_HEIGHT - ((value - yMin) / (yMax - yMin)) * PANEL_HEIGHT;
    const format = panel.format ?? ((value: number) => value.toFixed(2));
    parts.push(`<text x="${MARGIN.left}" y="${top - 8}" font-size="13">${escape(panel.title)}</text>`);
    parts.push(`<rect x="${MARGIN.left}" y="${top}" width="${plotWidth}" height="${PANEL_HEIGHT}" fill="none" stroke="#999"/>`);
    for (let tick = 0; tick <= 4; tick++) {
      const value = yMin + ((yMax - yMin) * tick) / 4;
      parts.push(`<text x="${MARGIN.left - 6}" y="${y(value) + 4}" text-anchor="end" fill="#555">${escape(format(value))}</text>`);
      parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${y(value)}" y2="${y(value)}" stroke="#eee"/>`);
    }
    for (const guide of panel.guides ?? []) {
      parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${y(guide.value)}" y2="${y(guide.value)}" stroke="${guide.color}" stroke-dasharray="6 4"/>`);
      parts.push(`<text x="${MARGIN.left + plotWidth + 6}" y="${y(guide.value) + 4}" fill="${guide.color}">${escape(guide.label)}</text>`);
    }
    panel.series.forEach((series, seriesIndex) => {
      const points = series.values.map((value, i) => `${x(xs[i]).toFixed(1)},${y(value).toFixed(1)}`).join(" ");
      const dash = series.dashed ? ` stroke-dasharray="4 3"` : "";
      parts.push(`<polyline fill="none" stroke="${series.color}" stroke-width="1.6"${dash} points="${points}"/>`);
      // Legends sit on the title line, so they never collide with the guides' labels on the right.
      const legendX = MARGIN.left + 300 + seriesIndex * 165;
      parts.push(`<line x1="${legendX}" x2="${legendX + 20}" y1="${top - 12}" y2="${top - 12}" stroke="${series.color}" stroke-width="2"${dash}/>`);
      parts.push(`<text x="${legendX + 24}" y="${top - 8}">${escape(series.label)}</text>`);
    });
    for (let tick = 0; tick <= 5; tick++) {
      const value = xMin + ((xMax - xMin) * tick) / 5;
      parts.push(`<text x="${x(value)}" y="${top + PANEL_HEIGHT + 14}" text-anchor="middle" fill="#555">${escape(value.toFixed(value < 10 ? 1 : 0))}</text>`);
    }
    parts.push(`<text x="${MARGIN.left + plotWidth / 2}" y="${top + PANEL_HEIGHT + 28}" text-anchor="middle" fill="#555">${escape(xLabel)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n");
}

/** A set of (x, y) points; `line` joins them in order, otherwise they are dots. */
export interface PointSeries {
  label: string;
  points: [number, number][];
  color: string;
  line?: boolean;
  /** Dot radius in pixels. Default 3. */
  radius?: number;
}

/** Renders point series on one x/y plane (e.g. a cost / tracking-error frontier) into an SVG document. */
export function renderScatterChart(
  title: string,
  axes: { x: string; y: string; format?: (value: number) => string },
  series: PointSeries[],
  notes: string[] = [],
): string {
  const plotHeight = 420;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const top = 40 + MARGIN.top;
  const height = top + plotHeight + MARGIN.bottom + 30 + notes.length * 16;
  const all = series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const range = (values: number[]) => {
    let [min, max] = [Math.min(...values), Math.max(...values)];
    if (max === min) [min, max] = [min - 1, max + 1];
    const pad = (max - min) * 0.06;
    return [min - pad, max + pad];
  };
  const [xMin, xMax] = range(all.map(([x]) => x));
  const [yMin, yMax] = range(all.map(([, y]) => y));
  const x = (value: number) => MARGIN.left + ((value - xMin) / (xMax - xMin)) * plotWidth;
  const y = (value: number) => top + plotHeight - ((value - yMin) / (yMax - yMin)) * plotHeight;
  const format = axes.format ?? ((value: number) => value.toFixed(2));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="16">${escape(title)}</text>`,
    `<rect x="${MARGIN.left}" y="${top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#999"/>`,
  ];
  for (let tick = 0; tick <= 5; tick++) {
    const yValue = yMin + ((yMax - yMin) * tick) / 5;
    const xValue = xMin + ((xMax - xMin) * tick) / 5;
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${y(yValue)}" y2="${y(yValue)}" stroke="#eee"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${y(yValue) + 4}" text-anchor="end" fill="#555">${escape(format(yValue))}</text>`);
    parts.push(`<text x="${x(xValue)}" y="${top + plotHeight + 14}" text-anchor="middle" fill="#555">${escape(format(xValue))}</text>`);
  }
  parts.push(`<text x="${MARGIN.left + plotWidth / 2}" y="${top + plotHeight + 30}" text-anchor="middle" fill="#555">${escape(axes.x)}</text>`);
  parts.push(`<text transform="translate(16 ${top + plotHeight / 2}) rotate(-90)" text-anchor="middle" fill="#555">${escape(axes.y)}</text>`);
  series.forEach((s, index) => {
    const points = s.points.filter(([px, py]) => Number.isFinite(px) && Number.isFinite(py));
    if (s.line && points.length > 1) {
      parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="1.6" points="${points.map(([px, py]) => `${x(px).toFixed(1)},${y(py).toFixed(1)}`).join(" ")}"/>`);
    }
    for (const [px, py] of points) parts.push(`<circle cx="${x(px).toFixed(1)}" cy="${y(py).toFixed(1)}" r="${s.radius ?? 3}" fill="${s.color}"/>`);
    const legendY = top + 14 + index * 18;
    parts.push(`<circle cx="${MARGIN.left + plotWidth + 14}" cy="${legendY - 4}" r="${s.radius ?? 3}" fill="${s.color}"/>`);
    parts.push(`<text x="${MARGIN.left + plotWidth + 24}" y="${legendY}">${escape(s.label)}</text>`);
  });
  notes.forEach((note, index) => parts.push(`<text x="${MARGIN.left}" y="${top + plotHeight + 52 + index * 16}" fill="#333">${escape(note)}</text>`));
  parts.push("</svg>");
  return parts.join("\n");
}
