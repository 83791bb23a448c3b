// Charts of the report pages (issue #20 item 9), drawn in the page as SVG
// with real text: laid out at the width the chart really has (redrawn when
// it changes), never scaled, so its text is 12 px or more on a phone as on a
// desktop (the server's chart image, scaled to a phone, had 6 px glyphs).
// Categories are horizontal bars (every label readable, however many),
// periods a line over every day or month of the period. Each chart comes
// with its data table (visually hidden, with a caption) for screen readers.
// The numbers are the same report's: the PDF draws them with cairo.
import {h} from './dom.js';
import {num} from './report_fmt.js';

const COLORS = ['#1d4ed8', '#b45309'];
const CHAR_PX = 7.8; // mean width of a 13 px character, for fitting labels
const ROW_H = 30; // one category of a bar chart

// An axis maximum of four round steps (1, 2 or 5 × 10^k) at or above v.
function niceMax(v) {
  const step = v / 4;
  if (step <= 1) return 4;
  const e = 10 ** Math.floor(Math.log10(step));
  for (const m of [1, 2, 5]) if (m * e >= step) return 4 * m * e;
  return 40 * e;
}

// text cut to about px wide, with an ellipsis
function fit(text, px) {
  const s = String(text ?? '');
  const n = Math.max(1, Math.floor(px / CHAR_PX));
  return s.length <= n ? s : s.slice(0, Math.max(1, n - 1)) + '…';
}

function label(x, y, text, attrs = {}) {
  return h('svg:text', {x, y, ...attrs}, text);
}

function legend(series, y) {
  return series.length < 2 ? [] : series.map((s, i) => h('svg:g', {}, h('svg:rect', {x: i * 150, y: y - 10, width: 12, height: 12, fill: COLORS[i]}),
    label(i * 150 + 18, y, s.name)));
}

function bars(c, width) {
  const max = niceMax(Math.max(0, ...c.series.flatMap((s) => s.values)));
  const longest = Math.max(4, ...c.labels.map((l) => String(l).length));
  const labelW = Math.min(Math.round(width * 0.42), longest * CHAR_PX + 16);
  const valueW = 48;
  const plotW = Math.max(40, width - labelW - valueW);
  const ns = c.series.length;
  const barH = (ROW_H - 8) / ns;
  const legendH = ns > 1 ? 26 : 0;
  const height = c.labels.length * ROW_H + 8 + legendH;
  const parts = [];
  c.labels.forEach((l, i) => {
    const y = 4 + i * ROW_H;
    const name = label(labelW - 8, y + ROW_H / 2 + 4, fit(l, labelW - 8), {'text-anchor': 'end'});
    name.append(h('svg:title', {}, String(l)));
    parts.push(name);
    c.series.forEach((s, k) => {
      const v = s.values[i] || 0;
      const w = (plotW * v) / max;
      parts.push(h('svg:rect', {x: labelW, y: y + 4 + k * barH, width: Math.max(w, v ? 1 : 0), height: barH - 1, fill: COLORS[k]}));
      parts.push(label(labelW + w + 4, y + 4 + k * barH + barH / 2 + 4, num(v), {class: 'rchart-value'}));
    });
  });
  parts.push(h('svg:line', {x1: labelW, y1: 2, x2: labelW, y2: height - legendH - 2, class: 'rchart-axis'}));
  if (legendH) parts.push(h('svg:g', {transform: `translate(${labelW},${height - 6})`}, legend(c.series, 0)));
  return {height, parts};
}

function lines(c, width) {
  const max = niceMax(Math.max(0, ...c.series.flatMap((s) => s.values)));
  const left = Math.max(28, String(num(max)).length * CHAR_PX + 10);
  const legendH = c.series.length > 1 ? 28 : 0;
  const height = 240 + legendH;
  const top = 12;
  const plotH = height - top - 30 - legendH;
  const plotW = width - left - 12;
  const n = Math.max(1, c.labels.length);
  const slot = plotW / n;
  const x = (i) => left + slot * (i + 0.5);
  const y = (v) => top + plotH - (plotH * v) / max;
  const parts = [];
  for (let k = 0; k <= 4; k++) {
    const gy = top + plotH - (plotH * k) / 4;
    parts.push(h('svg:line', {x1: left, y1: gy, x2: left + plotW, y2: gy, class: 'rchart-grid'}));
    parts.push(label(left - 6, gy + 4, num((max * k) / 4), {'text-anchor': 'end'}));
  }
  // every k-th period labelled so the labels (about 6 characters) never touch
  const longest = Math.max(...c.ticks.map((s) => s.length), 3);
  const every = Math.max(1, Math.ceil(((longest + 1) * CHAR_PX) / slot));
  c.ticks.forEach((tk, i) => { if (i % every === 0) parts.push(label(x(i), top + plotH + 18, tk, {'text-anchor': 'middle'})); });
  c.series.forEach((s, k) => {
    parts.push(h('svg:polyline', {points: s.values.map((v, i) => `${x(i)},${y(v || 0)}`).join(' '), fill: 'none', stroke: COLORS[k], 'stroke-width': 2}));
    // a dot per period only where it is still a dot, not a thick line
    if (slot >= 8) s.values.forEach((v, i) => parts.push(h('svg:circle', {cx: x(i), cy: y(v || 0), r: 3, fill: COLORS[k]})));
  });
  parts.push(h('svg:line', {x1: left, y1: top + plotH, x2: left + plotW, y2: top + plotH, class: 'rchart-axis'}));
  if (legendH) parts.push(h('svg:g', {transform: `translate(${left},${height - 8})`}, legend(c.series, 0)));
  return {height, parts};
}

// The data table: the chart's title as its caption, a row per category.
function dataTable(c) {
  return h('table', {class: 'sr rchart-table'},
    h('caption', {}, c.title),
    h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, c.categoryLabel), c.series.map((s) => h('th', {scope: 'col'}, s.name)))),
    h('tbody', {}, c.labels.map((l, i) => h('tr', {}, h('th', {scope: 'row'}, String(l)),
      c.series.map((s) => h('td', {}, num(s.values[i] || 0)))))));
}

// c: {id, kind: 'bars'|'lines', title, categoryLabel, labels: [...],
// ticks: [...] (lines: the axis text of each label), series: [{name,
// values}]} → a <figure> holding the SVG (named by the title) and the table.
export function reportChart(c) {
  const svg = h('svg:svg', {class: 'rchart-svg', role: 'img', 'aria-label': c.title, focusable: 'false'});
  const fig = h('figure', {class: 'rchart', id: c.id, dataset: {chart: c.key || c.id}}, svg, dataTable(c));
  let drawn = 0;
  const draw = () => {
    const width = Math.floor(fig.clientWidth);
    if (!width || width === drawn) return;
    drawn = width;
    const {height, parts} = c.kind === 'lines' ? lines(c, width) : bars(c, width);
    svg.setAttribute('width', width);
    svg.setAttribute('height', height);
    svg.replaceChildren(...parts);
  };
  // drawn once it is in the page and has a width, again when the width changes
  new ResizeObserver(draw).observe(fig);
  return fig;
}
