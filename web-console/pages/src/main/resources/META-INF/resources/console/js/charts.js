// Plain SVG charts, no library: bars, a heat map, estimates with intervals. Every mark carries
// the exact value it draws in data attributes (data-label, data-value, …) as the result file
// spells it, so what is drawn can be checked against the file. Values may be JSON numbers or
// decimal strings; they are drawn with Number() but never rewritten.

const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== null && v !== undefined) node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

const text = (x, y, value, attrs = {}) => svg('text', { x, y, ...attrs }, value);
const num = (v) => (v === null || v === undefined || v === '' ? NaN : Number(v));

/** A short label for a number (the exact value stays in the data attributes and the table). */
export function shortNumber(v) {
  const n = num(v);
  if (!Number.isFinite(n)) return v === null || v === undefined ? '—' : String(v);
  if (n !== 0 && (Math.abs(n) >= 1e6 || Math.abs(n) < 1e-3)) return n.toExponential(2);
  return String(Number(n.toPrecision(4)));
}

function frame(id, title, width, height) {
  return svg('svg', {
    id, class: 'chart', role: 'img', 'aria-label': title,
    viewBox: `0 0 ${width} ${height}`, width, height, xmlns: NS,
  }, svg('title', {}, title));
}

/**
 * Vertical bars, one per label: bars({id, title, labels, values}). Negative values hang below
 * the zero line. Each bar: <rect class="bar" data-label data-value>.
 */
export function bars({ id, title, labels, values }) {
  const w = Math.max(320, 60 + labels.length * 56);
  const h = 240;
  const top = 28;
  const bottom = h - 48;
  const left = 48;
  const ns = values.map(num).filter(Number.isFinite);
  const max = Math.max(0, ...ns);
  const min = Math.min(0, ...ns);
  const span = max - min || 1;
  const y = (v) => top + ((max - v) / span) * (bottom - top);
  const root = frame(id, title, w, h);
  root.append(text(w / 2, 16, title, { class: 'chart-title', 'text-anchor': 'middle' }));
  root.append(svg('line', { x1: left, x2: w - 8, y1: y(0), y2: y(0), class: 'axis' }));
  const step = (w - left - 8) / Math.max(1, labels.length);
  labels.forEach((label, i) => {
    const v = num(values[i]);
    const x = left + i * step + step * 0.15;
    const bw = step * 0.7;
    const y0 = y(0);
    const yv = Number.isFinite(v) ? y(v) : y0;
    root.append(svg('rect', {
      class: 'bar', x, y: Math.min(y0, yv), width: bw, height: Math.max(1, Math.abs(y0 - yv)),
      'data-label': label, 'data-value': values[i] ?? '',
    }, svg('title', {}, `${label}: ${values[i] ?? '—'}`)));
    root.append(text(x + bw / 2, Math.min(y0, yv) - 4, shortNumber(values[i]), { class: 'bar-value', 'text-anchor': 'middle' }));
    root.append(text(x + bw / 2, bottom + 16, String(label).slice(0, 14), { class: 'bar-label', 'text-anchor': 'middle' }));
  });
  return root;
}

function heatColour(v) {
  // -1 blue, 0 white, +1 red
  const n = Math.max(-1, Math.min(1, num(v)));
  if (!Number.isFinite(n)) return '#e5e7eb';
  const r = n > 0 ? 255 : Math.round(255 * (1 + n));
  const b = n < 0 ? 255 : Math.round(255 * (1 - n));
  const g = Math.round(255 * (1 - Math.abs(n)));
  return `rgb(${r},${g},${b})`;
}

/**
 * A square matrix as coloured cells (-1 blue … +1 red): heatMap({id, title, labels, matrix}).
 * Each cell: <rect class="cell" data-row data-col data-value>; null cells are grey.
 */
export function heatMap({ id, title, labels, matrix }) {
  const cell = 56;
  const left = 110;
  const top = 40;
  const n = labels.length;
  const w = left + n * cell + 10;
  const h = top + n * cell + 70;
  const root = frame(id, title, w, h);
  root.append(text(w / 2, 16, title, { class: 'chart-title', 'text-anchor': 'middle' }));
  labels.forEach((label, i) => {
    root.append(text(left - 6, top + i * cell + cell / 2 + 4, String(label).slice(0, 16), { 'text-anchor': 'end', class: 'bar-label' }));
    root.append(text(left + i * cell + cell / 2, top + n * cell + 16, String(label).slice(0, 8), { 'text-anchor': 'middle', class: 'bar-label' }));
  });
  matrix.forEach((row, i) => row.forEach((v, j) => {
    const x = left + j * cell;
    const yy = top + i * cell;
    root.append(svg('rect', {
      class: 'cell', x, y: yy, width: cell - 2, height: cell - 2, fill: heatColour(v),
      'data-row': labels[i], 'data-col': labels[j], 'data-value': v ?? '',
    }, svg('title', {}, `${labels[i]} × ${labels[j]}: ${v ?? 'undefined'}`)));
    root.append(text(x + cell / 2 - 1, yy + cell / 2 + 4, shortNumber(v), { 'text-anchor': 'middle', class: 'cell-value' }));
  }));
  // legend
  const ly = top + n * cell + 34;
  [-1, -0.5, 0, 0.5, 1].forEach((v, k) => {
    root.append(svg('rect', { x: left + k * 36, y: ly, width: 34, height: 12, fill: heatColour(v) }));
    root.append(text(left + k * 36 + 17, ly + 26, String(v), { 'text-anchor': 'middle', class: 'bar-label' }));
  });
  return root;
}

/**
 * Estimates with an interval each, on one horizontal axis (a forest plot):
 * intervals({id, title, labels, estimates, lows, highs}). Each row: <g class="estimate"
 * data-label data-value data-low data-high>; an absent interval is drawn as a point only.
 */
export function intervals({ id, title, labels, estimates, lows, highs }) {
  const row = 30;
  const left = 150;
  const right = 30;
  const top = 36;
  const w = 560;
  const h = top + labels.length * row + 36;
  const all = [...estimates, ...lows, ...highs].map(num).filter(Number.isFinite);
  let min = Math.min(0, ...all);
  let max = Math.max(0, ...all);
  if (min === max) { min -= 1; max += 1; }
  const pad = (max - min) * 0.05;
  min -= pad; max += pad;
  const x = (v) => left + ((num(v) - min) / (max - min)) * (w - left - right);
  const root = frame(id, title, w, h);
  root.append(text(w / 2, 16, title, { class: 'chart-title', 'text-anchor': 'middle' }));
  root.append(svg('line', { x1: x(0), x2: x(0), y1: top - 8, y2: top + labels.length * row, class: 'axis zero' }));
  labels.forEach((label, i) => {
    const cy = top + i * row + row / 2;
    const g = svg('g', {
      class: 'estimate', 'data-label': label, 'data-value': estimates[i] ?? '',
      'data-low': lows[i] ?? '', 'data-high': highs[i] ?? '',
    }, svg('title', {}, `${label}: ${estimates[i]}${lows[i] !== null && lows[i] !== undefined ? ` [${shortNumber(lows[i])}, ${shortNumber(highs[i])}]` : ''}`));
    g.append(text(left - 8, cy + 4, String(label).slice(0, 22), { 'text-anchor': 'end', class: 'bar-label' }));
    if (Number.isFinite(num(lows[i])) && Number.isFinite(num(highs[i]))) {
      g.append(svg('line', { x1: x(lows[i]), x2: x(highs[i]), y1: cy, y2: cy, class: 'whisker' }));
      g.append(svg('line', { x1: x(lows[i]), x2: x(lows[i]), y1: cy - 6, y2: cy + 6, class: 'whisker' }));
      g.append(svg('line', { x1: x(highs[i]), x2: x(highs[i]), y1: cy - 6, y2: cy + 6, class: 'whisker' }));
    }
    if (Number.isFinite(num(estimates[i]))) {
      g.append(svg('circle', { cx: x(estimates[i]), cy, r: 5, class: 'point' }));
    }
    root.append(g);
  });
  const ay = top + labels.length * row + 14;
  root.append(text(left, ay, shortNumber(min), { class: 'bar-label' }));
  root.append(text(w - right, ay, shortNumber(max), { class: 'bar-label', 'text-anchor': 'end' }));
  return root;
}
