// A task's result as people read it: tables for every operation, a chart where one helps
// (grouped aggregates as bars, correlations as a heat map, regression coefficients with their
// interval, PSI sizes), and the raw JSON behind a details toggle. Every table cell keeps the
// file's exact value in data-value.
import { bars, heatMap, intervals } from './charts.js';
import { el } from './dom.js';

const STATS = ['count', 'sum', 'mean', 'variance', 'stddev'];
/** Two-sided 95 % normal quantile, for the logistic regression's Wald intervals. */
export const Z95 = 1.959964;

const show = (v) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));
const td = (v, attrs = {}) => el('td', { class: typeof v === 'number' || /^-?\d/.test(String(v)) ? 'num' : null, 'data-value': v === null || v === undefined ? '' : (typeof v === 'object' ? JSON.stringify(v) : String(v)), ...attrs }, show(v));

function table(id, caption, head, rows) {
  return el('table', { id, class: 'result-table' },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, head.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows));
}

function keyValues(id, caption, entries) {
  return table(id, caption, ['', 'value'], entries.filter(([, v]) => v !== undefined)
    .map(([k, v]) => el('tr', { 'data-key': k }, el('th', { scope: 'row' }, k), td(v))));
}

function matrix(id, caption, labels, m) {
  return table(id, caption, ['', ...labels], m.map((row, i) => el('tr', { 'data-row': labels[i] },
    el('th', { scope: 'row' }, labels[i]),
    row.map((v, j) => td(v, { 'data-col': labels[j] })))));
}

const figure = (chart, note) => el('figure', { class: 'chart-box' }, chart, note ? el('figcaption', { class: 'small muted' }, note) : null);

function secureAggregate(r) {
  const groups = r.groups || [];
  const columns = [...new Set(groups.flatMap((g) => g.columns.map((c) => c.column)))];
  const present = STATS.filter((s) => groups.some((g) => g.columns.some((c) => c[s] !== undefined)));
  const head = [r.groupBy || 'group', 'rows', ...columns.flatMap((c) => present.map((s) => `${c} ${s.toUpperCase()}`))];
  const out = [table('rt-groups', r.groupBy ? `Aggregates by ${r.groupBy}` : 'Aggregates', head,
    groups.map((g) => {
      const label = g.label ?? 'all rows';
      return el('tr', { 'data-group': label }, el('th', { scope: 'row' }, label), td(g.rows, { 'data-stat': 'rows' }),
        columns.flatMap((c) => present.map((s) => td(g.columns.find((x) => x.column === c)?.[s], { 'data-column': c, 'data-stat': s }))));
    }))];
  if (r.groupBy && groups.length > 0) {
    for (const c of columns) {
      const stat = ['sum', 'mean', 'count'].find((s) => groups.some((g) => g.columns.find((x) => x.column === c)?.[s] !== undefined));
      if (!stat) continue;
      out.push(figure(bars({
        id: `chart-agg-${c}`, title: `${stat.toUpperCase()} of ${c} by ${r.groupBy}`,
        labels: groups.map((g) => g.label), values: groups.map((g) => g.columns.find((x) => x.column === c)?.[stat]),
      })));
    }
  }
  return out;
}

function jointStats(r) {
  const cols = r.columns || [];
  const out = [keyValues('rt-summary', 'Summary', [['aligned rows', r.rows], ['triple source', r.tripleSource], ['security model', r.securityModel]])];
  if (r.sums) out.push(table('rt-sums', 'Sums', ['column', 'sum'], cols.map((c, i) => el('tr', { 'data-column': c }, el('th', { scope: 'row' }, c), td(r.sums[i])))));
  if (r.correlation) {
    out.push(matrix('rt-correlation', 'Correlation', cols, r.correlation));
    out.push(figure(heatMap({ id: 'chart-correlation', title: 'Correlation', labels: cols, matrix: r.correlation }),
      'Blue: negative, red: positive; grey: undefined (a constant column).'));
  }
  if (r.covariance) out.push(matrix('rt-covariance', 'Covariance', cols, r.covariance));
  if (r.dot) out.push(matrix('rt-dot', 'Dot products', cols, r.dot));
  if (r.dotErrorBound) out.push(matrix('rt-dotErrorBound', 'Error bound of each dot product (0: computed exactly)', cols, r.dotErrorBound));
  const reg = r.regression;
  if (reg) {
    if (!reg.estimable) {
      out.push(el('p', { id: 'rt-regression-none' }, `The regression of ${reg.target} is not estimable (singular predictors or fewer than 2 rows).`));
    } else {
      const labels = ['(intercept)', ...reg.predictors];
      const values = [reg.intercept, ...reg.coefficients];
      out.push(table('rt-regression', `Least squares: ${reg.target} ~ ${reg.predictors.join(' + ')}`, ['term', 'coefficient'],
        labels.map((l, i) => el('tr', { 'data-term': l }, el('th', { scope: 'row' }, l), td(values[i])))));
      out.push(figure(intervals({
        id: 'chart-regression', title: `Coefficients of ${reg.target}`, labels, estimates: values,
        lows: labels.map(() => null), highs: labels.map(() => null),
      }), 'Points only: the protocol bounds the error of the dot products it computes (table above), not of the coefficients derived from them.'));
    }
  }
  return out;
}

function psi(r, context) {
  const out = [keyValues('rt-psi', 'Intersection', [['size', r.size]])];
  if (r.keys) {
    out.push(table('rt-keys', `Your keys found at the other input (${r.keys.length})`, ['#', 'key'],
      r.keys.map((k, i) => el('tr', {}, td(i + 1), td(k)))));
  }
  const inputs = (context?.inputs || []).filter((i) => i.rows !== undefined && i.rows !== null);
  out.push(figure(bars({
    id: 'chart-psi', title: 'Intersection size' + (inputs.length ? ' and input sizes' : ''),
    labels: ['intersection', ...inputs.map((i) => i.label)], values: [r.size, ...inputs.map((i) => i.rows)],
  }), inputs.length ? 'Input sizes are the row counts registered on the ledger.' : null));
  return out;
}

function joinAggregate(r) {
  const groups = r.groups || [];
  const aggs = groups[0]?.aggregates || [];
  const name = (a) => `${a.function}${a.column ? ` ${a.column}` : ''}`;
  const groupBy = r.groupBy || [];
  const label = (g) => (g.labels || []).join(' / ') || 'all rows';
  const out = [table('rt-groups', groupBy.length ? `Aggregates by ${groupBy.join(', ')}` : 'Aggregates',
    [groupBy.join(' / ') || 'group', 'rows', ...aggs.map(name)],
    groups.map((g) => el('tr', { 'data-group': label(g) }, el('th', { scope: 'row' }, label(g)), td(g.rows, { 'data-stat': 'rows' }),
      g.aggregates.map((a, i) => td(a.value, { 'data-stat': name(aggs[i] || a) })))))];
  if (groupBy.length && groups.length) {
    aggs.forEach((a, i) => out.push(figure(bars({
      id: `chart-agg-${i}`, title: `${name(a)} by ${groupBy.join(', ')}`,
      labels: groups.map(label), values: groups.map((g) => g.aggregates[i]?.value),
    }))));
  }
  return out;
}

function logisticRegression(r) {
  const coeffs = r.coefficients || [];
  const low = (c) => (c.standardError === null || c.standardError === undefined ? null : String(Number(c.estimate) - Z95 * Number(c.standardError)));
  const high = (c) => (c.standardError === null || c.standardError === undefined ? null : String(Number(c.estimate) + Z95 * Number(c.standardError)));
  const out = [keyValues('rt-summary', `Logistic regression of ${r.target}`, [['rows', r.rows], ['iterations', r.iterations], ['converged', r.converged],
    ['estimable', r.estimable], ['log-likelihood', r.logLikelihood], ['deviance', r.deviance], ['AIC', r.aic], ['pseudo R²', r.pseudoR2]])];
  if (coeffs.length) {
    out.push(table('rt-coefficients', 'Coefficients (log-odds) with 95 % Wald intervals', ['term', 'estimate', 'standard error', '95 % low', '95 % high'],
      coeffs.map((c) => el('tr', { 'data-term': c.term }, el('th', { scope: 'row' }, c.term), td(c.estimate, { 'data-stat': 'estimate' }),
        td(c.standardError, { 'data-stat': 'standardError' }), td(low(c), { 'data-stat': 'low' }), td(high(c), { 'data-stat': 'high' })))));
    out.push(figure(intervals({
      id: 'chart-coefficients', title: `Coefficients of ${r.target} (± 1.96 standard errors)`,
      labels: coeffs.map((c) => c.term), estimates: coeffs.map((c) => c.estimate), lows: coeffs.map(low), highs: coeffs.map(high),
    })));
  }
  return out;
}

function generic(r) {
  if (r === null || typeof r !== 'object') return [keyValues('rt-summary', 'Result', [['value', r]])];
  return [keyValues('rt-summary', 'Result', Object.entries(r))];
}

/** The views of one result document {assurance, operation, result, resultHash, taskId}. */
export function resultViews(doc, context) {
  const r = doc.result || {};
  switch (doc.operation) {
    case 'SECURE_AGGREGATE': return secureAggregate(r);
    case 'JOINT_STATS': return jointStats(r);
    case 'PSI':
    case 'PSI_CARDINALITY': return psi(r, context);
    case 'TEE_JOB':
      if (Array.isArray(r.coefficients) || r.features) return logisticRegression(r);
      if (Array.isArray(r.groups)) return joinAggregate(r);
      return generic(r);
    default: return generic(r);
  }
}

/** The result section: tables and charts, then the raw JSON (closed) for those who want it. */
export function renderResult(doc, context) {
  return el('div', { class: 'result-view', id: 'result-view', 'data-operation': doc.operation },
    resultViews(doc, context),
    el('details', { id: 'result-raw' }, el('summary', {}, 'Raw JSON'),
      el('pre', { class: 'json', id: 'result-json' }, JSON.stringify(doc.result, null, 2))));
}
