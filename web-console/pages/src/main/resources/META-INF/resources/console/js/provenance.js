// Provenance: an asset's ledger history as a timeline and as a graph (asset → grants → tasks →
// results), revocations and refusals included. The graph is inline SVG drawn here.
import { get, showError } from './api.js';
import { $, el, fill, txLink, when } from './dom.js';
import { markReady, startPage } from './shell.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) node.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

const BAD = new Set(['REVOKED', 'REJECTED', 'FAILED', 'DESTROYED']);
const short = (s, n = 14) => (s && s.length > n ? `${s.slice(0, n)}…` : s || '');

/** One timeline sentence per ledger version, comparing with the previous version of the record. */
function describe(entry, previous) {
  const r = entry.record || {};
  if (entry.recordType === 'asset') {
    if (entry.status === 'DESTROYED') return `Data set destroyed (crypto-shredded)${r.destroyedReason ? `: “${r.destroyedReason}”` : ''}.`;
    return `Data set “${r.name}” registered by ${r.owner}: ${r.rowCount} rows, columns ${(r.columns || []).map((c) => c.name).join(', ')}; commitment ${short(r.commitment, 16)}.`;
  }
  if (entry.recordType === 'grant') {
    if (!previous) {
      return `Grant ${entry.recordId} issued to ${r.grantee}: ${(r.operations || []).join(', ')} on ${(r.columns || []).join(', ')}, ${r.maxUses} uses until ${when(r.validUntil)}; purpose “${r.purpose}”.`;
    }
    if (entry.status === 'REVOKED' && previous.status !== 'REVOKED') return `Grant ${entry.recordId} revoked${r.revokedReason ? `: “${r.revokedReason}”` : ''}.`;
    if (r.usesConsumed !== previous.record?.usesConsumed) return `Grant ${entry.recordId} used by a task: ${r.usesConsumed} of ${r.maxUses} uses consumed.`;
    return `Grant ${entry.recordId} updated (${entry.status}).`;
  }
  if (entry.recordType === 'task') {
    const by = r.requester ? ` requested by ${r.requester}` : '';
    switch (entry.status) {
      case 'REJECTED':
        return `Task ${entry.recordId} (${r.operation})${by} REFUSED by the ledger: ${r.rejection?.code || ''}${r.rejection?.message ? ` — ${r.rejection.message}` : ''}.`;
      case 'SUBMITTED': return `Task ${entry.recordId} (${r.operation})${by} admitted at assurance ${r.assurance}.`;
      case 'RUNNING': return `Task ${entry.recordId} started.`;
      case 'SUCCEEDED': return `Task ${entry.recordId} succeeded; result hash ${short(r.resultHash, 16)}.`;
      case 'FAILED': return `Task ${entry.recordId} failed${r.failureReason ? `: ${r.failureReason}` : ''}.`;
      default: return `Task ${entry.recordId}: ${entry.status}.`;
    }
  }
  return `${entry.recordType} ${entry.recordId}: ${entry.status}`;
}

function renderTimeline(entries) {
  const last = new Map();
  fill($('#prov-timeline'), entries.map((e) => {
    const key = `${e.recordType}:${e.recordId}`;
    const text = describe(e, last.get(key));
    last.set(key, e);
    const cls = BAD.has(e.status) ? 'bad' : e.status === 'SUCCEEDED' ? 'ok' : '';
    return el('li', { class: cls, 'data-record': e.recordType, 'data-status': e.status || '' },
      el('div', { class: 'small muted' }, when(e.timestamp), ' · ', e.recordType, ' · ', txLink(e.txId)),
      el('div', {}, text));
  }));
}

function renderGraph(prov) {
  // Latest version of each record.
  const latest = new Map();
  for (const e of prov.entries) latest.set(`${e.recordType}:${e.recordId}`, e);
  const asset = [...latest.values()].find((e) => e.recordType === 'asset');
  const grants = [...latest.values()].filter((e) => e.recordType === 'grant');
  const tasks = [...latest.values()].filter((e) => e.recordType === 'task');
  const W = 190; const H = 54; const GAP = 16; const COLX = [20, 270, 520, 770];
  const rows = Math.max(1, grants.length, tasks.length);
  const height = 40 + rows * (H + GAP);
  const pos = new Map();
  const nodes = [];
  const edges = [];

  function box(id, col, row, lines, status, title) {
    const x = COLX[col];
    const y = 30 + row * (H + GAP);
    pos.set(id, { x, y });
    const bad = BAD.has(status);
    nodes.push(svg('g', { class: `node ${status || ''}`, 'data-node': id, 'data-status': status || '' },
      svg('title', {}, title),
      svg('rect', { x, y, width: W, height: H, rx: 7, fill: bad ? '#fbe9ea' : status === 'SUCCEEDED' ? '#e4f4e9' : '#ffffff',
        stroke: bad ? '#a4262c' : '#1f4e79', 'stroke-width': 1.6, 'stroke-dasharray': bad ? '5 3' : null }),
      lines.map((line, i) => svg('text', { x: x + 9, y: y + 18 + i * 15, fill: bad && i === 1 ? '#a4262c' : '#1b2430',
        'font-weight': i === 0 ? 700 : 400 }, line))));
  }
  function edge(from, to, bad) {
    const a = pos.get(from); const b = pos.get(to);
    if (!a || !b) return;
    edges.push(svg('path', { d: `M${a.x + W},${a.y + H / 2} C${a.x + W + 30},${a.y + H / 2} ${b.x - 30},${b.y + H / 2} ${b.x},${b.y + H / 2}`,
      fill: 'none', stroke: bad ? '#a4262c' : '#7d8b99', 'stroke-width': 1.5, 'marker-end': 'url(#arrow)', 'stroke-dasharray': bad ? '4 3' : null }));
  }

  const ar = asset?.record || {};
  box(`asset:${prov.assetId}`, 0, 0, [short(ar.name || prov.assetId, 24), asset?.status || '', `${ar.rowCount ?? '?'} rows · ${prov.owner}`],
    asset?.status, `Data set ${prov.assetId} (${asset?.status})`);
  grants.forEach((g, i) => {
    const r = g.record || {};
    box(`grant:${g.recordId}`, 1, i, [`grant → ${r.grantee}`, g.status, `${r.usesConsumed}/${r.maxUses} used · ${short((r.operations || []).join(','), 18)}`],
      g.status, `Grant ${g.recordId}: ${g.status}${r.revokedReason ? ` (${r.revokedReason})` : ''}`);
    edge(`asset:${prov.assetId}`, `grant:${g.recordId}`, g.status === 'REVOKED');
  });
  tasks.forEach((t, i) => {
    const r = t.record || {};
    const reason = t.status === 'REJECTED' ? (r.rejection?.code || 'refused') : t.status === 'FAILED' ? short(r.failureReason, 22) : r.assurance;
    box(`task:${t.recordId}`, 2, i, [`task ${r.operation || ''}`, t.status, short(reason, 26)], t.status,
      `Task ${t.recordId}: ${t.status}${r.rejection ? ` — ${r.rejection.code}: ${r.rejection.message}` : ''}`);
    const input = (r.inputs || []).find((x) => x.assetId === prov.assetId);
    const via = input?.grantId && pos.has(`grant:${input.grantId}`) ? `grant:${input.grantId}` : `asset:${prov.assetId}`;
    edge(via, `task:${t.recordId}`, t.status === 'REJECTED');
    if (t.status === 'SUCCEEDED' && r.resultHash) {
      box(`result:${t.recordId}`, 3, i, ['result', 'SUCCEEDED', `sha256 ${short(r.resultHash, 14)}`], 'SUCCEEDED', `Result of ${t.recordId}: ${r.resultHash}`);
      edge(`task:${t.recordId}`, `result:${t.recordId}`, false);
    }
  });
  const headers = ['data set', 'grants', 'tasks', 'results'].map((h, i) => svg('text', { x: COLX[i], y: 18, fill: '#5a6675', 'font-weight': 700 }, h.toUpperCase()));
  const graph = svg('svg', { width: COLX[3] + W + 20, height, viewBox: `0 0 ${COLX[3] + W + 20} ${height}`, role: 'img', 'aria-labelledby': 'prov-svg-title', id: 'prov-svg' },
    svg('title', { id: 'prov-svg-title' }, `Provenance graph of ${prov.assetId}: ${grants.length} grants, ${tasks.length} tasks`),
    svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#7d8b99' }))),
    headers, edges, nodes);
  fill($('#prov-graph'), graph);
}

async function show(assetId) {
  const err = $('#prov-error');
  try {
    const prov = await get(`/api/v1/provenance/assets/${encodeURIComponent(assetId)}`);
    err.hidden = true;
    history.replaceState(null, '', `?asset=${encodeURIComponent(assetId)}`);
    renderGraph(prov);
    renderTimeline(prov.entries);
    $('#graph-card').hidden = false;
    $('#timeline-card').hidden = false;
    const exportLink = $('#prov-export');
    exportLink.href = `/api/v1/provenance/assets/${encodeURIComponent(assetId)}/export`;
    exportLink.setAttribute('download', `evidence-${assetId}.json`);
    $('#export-card').hidden = false;
  } catch (e) {
    showError(err, e, `No provenance for ${assetId}`);
    $('#graph-card').hidden = true;
    $('#timeline-card').hidden = true;
    $('#export-card').hidden = true;
  }
}

/** The auditor sees no asset list: find the assets registered on the ledger itself. */
async function assetsOnLedger(limit = 300) {
  const { height } = await get('/api/v1/ledger/blocks?from=0&limit=1');
  const found = new Map();
  const txIds = [];
  for (let from = Math.max(0, height - 500); from < height && txIds.length < limit; from += 100) {
    const page = await get(`/api/v1/ledger/blocks?from=${from}&limit=100`);
    for (const b of page.blocks) txIds.push(...b.txIds);
  }
  const recent = txIds.slice(-limit);
  for (let i = 0; i < recent.length; i += 8) {
    const batch = await Promise.all(recent.slice(i, i + 8).map((id) => get(`/api/v1/ledger/tx/${encodeURIComponent(id)}`).catch(() => null)));
    for (const t of batch) {
      if (!t || !/RegisterAsset$/.test(t.function || '')) continue;
      try {
        const r = JSON.parse(t.response || t.args?.[0] || '{}');
        if (r.id) found.set(r.id, { id: r.id, name: r.name || r.id, owner: r.owner, status: r.status });
      } catch {
        /* not JSON: skip */
      }
    }
  }
  return [...found.values()];
}

const session = await startPage('provenance');
if (session) {
  const { me } = session;
  let assets = [];
  try {
    if (me.roles.includes('member')) {
      assets = await get('/api/v1/assets');
    } else {
      fill($('#prov-note'), 'Reading the data sets registered on the ledger…');
      assets = await assetsOnLedger();
      fill($('#prov-note'), `${assets.length} data sets found on the ledger.`);
    }
  } catch (e) {
    showError($('#prov-error'), e, 'Could not list data sets');
  }
  fill($('#prov-asset'), assets.length
    ? assets.map((a) => el('option', { value: a.id }, `${a.name} (${a.owner}${a.status ? `, ${a.status}` : ''})`))
    : el('option', { value: '' }, 'No data set found — enter an id'));
  $('#prov-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const id = $('#prov-id').value.trim() || $('#prov-asset').value;
    if (id) show(id);
  });
  const wanted = new URLSearchParams(location.search).get('asset');
  if (wanted) {
    if (assets.some((a) => a.id === wanted)) $('#prov-asset').value = wanted;
    else $('#prov-id').value = wanted;
    await show(wanted);
  }
}
markReady();
