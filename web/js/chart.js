// SVG charts drawn with createElementNS (no library): horizontal bars and
// a two-series line chart. Colours come from CSS classes, not inline styles.
import {h} from './dom.js';
import {fmtNumber} from './i18n.js';

export function bars(rows, {title, max = 10} = {}) {
  const shown = rows.slice(0, max);
  const rowH = 28;
  const labelW = 200;
  const width = 520;
  const height = Math.max(rowH, shown.length * rowH) + 8;
  const top = Math.max(1, ...shown.map((r) => r.count));
  const svg = h('svg:svg', {viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title});
  svg.append(h('svg:title', {}, title));
  shown.forEach((r, i) => {
    const y = i * rowH + 4;
    const w = Math.max(2, ((width - labelW - 50) * r.count) / top);
    const label = String(r.label);
    svg.append(
      h('svg:text', {x: labelW - 8, y: y + 17, 'text-anchor': 'end', class: 'chart-label'}, label.length > 26 ? label.slice(0, 25) + '…' : label),
      h('svg:rect', {x: labelW, y: y + 3, width: w, height: rowH - 10, rx: 3, class: 'bar bar-' + (i % 6)}),
      h('svg:text', {x: labelW + w + 6, y: y + 17, class: 'chart-value'}, fmtNumber(r.count)));
  });
  return svg;
}

export function lines(labels, series, {title} = {}) {
  const width = 560;
  const height = 220;
  const pad = {l: 34, r: 24, t: 10, b: 28};
  const top = Math.max(1, ...series.flatMap((s) => s.values));
  const x = (i) => pad.l + (i * (width - pad.l - pad.r)) / Math.max(1, labels.length - 1);
  const y = (v) => height - pad.b - (v * (height - pad.t - pad.b)) / top;
  const svg = h('svg:svg', {viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title});
  svg.append(h('svg:title', {}, title));
  for (const v of [0, Math.ceil(top / 2), top]) {
    svg.append(h('svg:line', {x1: pad.l, x2: width - pad.r, y1: y(v), y2: y(v), class: 'grid'}),
      h('svg:text', {x: pad.l - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'chart-value'}, String(v)));
  }
  const step = Math.ceil(labels.length / 6);
  labels.forEach((l, i) => {
    if (i % step === 0 || i === labels.length - 1) {
      svg.append(h('svg:text', {x: x(i), y: height - 8, 'text-anchor': 'middle', class: 'chart-label'}, l));
    }
  });
  series.forEach((s, si) => {
    const pts = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    svg.append(h('svg:polyline', {points: pts, class: 'line line-' + si}));
  });
  return svg;
}

export function legend(series) {
  return h('ul', {class: 'legend'}, series.map((s, i) => h('li', {}, h('span', {class: 'swatch line-' + i, 'aria-hidden': 'true'}), s.name)));
}
