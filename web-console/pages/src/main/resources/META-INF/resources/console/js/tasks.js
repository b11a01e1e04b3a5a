// Tasks: launch from what my grants allow (and say why anything else is unavailable), follow the
// status live, see refusals with the ledger's reason, download a result with its hash.
import { call, get, post, showError, showMessage } from './api.js';
import { $, $$, badge, el, emptyRow, fill, shortHash, txLink } from './dom.js';
import { DEALERS, NUMERIC, PSI_PROTOCOLS, grantUnusable, jobAlgorithms, operations } from './rules.js';
import { renderResult } from './result-view.js';
import { markReady, startPage } from './shell.js';

const AGGREGATES = ['COUNT', 'SUM', 'MEAN', 'VARIANCE', 'STDDEV'];
const STATISTICS = ['COUNT', 'SUM', 'DOT', 'COVARIANCE', 'CORRELATION', 'REGRESSION'];
const ACTIVE_STATES = new Set(['SUBMITTED', 'RUNNING', 'PENDING']);

const session = await startPage('tasks');
if (session) {
  const { me } = session;
  let assets = [];
  let grants = [];
  let algorithms = [];
  let catalogue = [];
  const seen = new Map();

  try {
    algorithms = jobAlgorithms(await get('/api/v1/algorithms'));
  } catch {
    algorithms = [];
  }
  try {
    catalogue = await operations(get);
  } catch (e) {
    showError($('#task-result'), e, 'Could not load the operation catalogue');
  }

  fill($('#task-operation'), catalogue.map((op) => el('option', {
    value: op.id,
    disabled: op.tee && algorithms.length === 0,
  }, op.tee && algorithms.length === 0 ? `${op.id} — unavailable: no algorithm on the ledger's allow-list` : op.label)));

  /** The data sets a task could use, each with the columns allowed and why it may be unusable. */
  function candidates(operation) {
    const byAsset = new Map();
    for (const a of assets) {
      if (a.owner === me.organisation) {
        byAsset.set(a.id, {
          id: a.id, name: a.name, owner: a.owner, own: true, columns: a.columns,
          allowed: a.columns.map((c) => c.name), grantIds: [],
          why: a.status === 'ACTIVE' ? null : `the data set is ${a.status}`,
        });
      }
    }
    const received = grants.filter((g) => g.grantee === me.organisation);
    const assetIds = [...new Set(received.map((g) => g.assetId))];
    for (const id of assetIds) {
      const mine = received.filter((g) => g.assetId === id);
      const asset = assets.find((a) => a.id === id);
      const usable = mine.filter((g) => !grantUnusable(g, operation));
      const allowed = [...new Set(usable.flatMap((g) => g.columns))];
      const schema = asset ? asset.columns : allowed.map((name) => ({ name, type: '?' }));
      let why = null;
      if (asset && asset.status === 'DESTROYED') why = 'the owner destroyed this data set';
      else if (usable.length === 0) why = mine.map((g) => grantUnusable(g, operation)).join('; ');
      byAsset.set(id, {
        id, name: asset ? asset.name : id, owner: mine[0].owner, own: false, columns: schema,
        allowed: allowed.length ? allowed : [...new Set(mine.flatMap((g) => g.columns))],
        grantIds: usable.map((g) => g.id), why,
      });
    }
    return [...byAsset.values()];
  }

  function renderInputs() {
    const operation = $('#task-operation').value;
    const previous = new Map($$('.input-choice').map((box) => [box.dataset.assetId, {
      used: $('input.use', box)?.checked,
      columns: new Set($$('input.col:checked', box).map((i) => i.value)),
    }]));
    const list = candidates(operation);
    fill($('#task-inputs'), el('legend', {}, 'Inputs'),
      list.length === 0
        ? el('p', { class: 'empty' }, 'No data set is available: register one in My data, or ask another organisation for a grant.')
        : list.map((c) => {
          const prev = previous.get(c.id);
          const useId = `use-${c.id}`;
          const typeOf = new Map(c.columns.map((col) => [col.name, col.type]));
          return el('div', { class: `input-choice${c.why ? ' disabled' : ''}`, 'data-asset-id': c.id, 'data-asset-name': c.name },
            el('input', { type: 'checkbox', class: 'use', id: useId, disabled: !!c.why, checked: !c.why && prev?.used,
              'aria-describedby': c.why ? `${useId}-why` : null, onchange: renderParams }),
            el('label', { for: useId }, ` ${c.name} `, el('span', { class: 'muted small' }, c.own ? '(mine)' : `(owned by ${c.owner}, granted)`)),
            c.why ? el('div', { class: 'unavailable', id: `${useId}-why` }, `Unavailable for ${operation}: ${c.why}.`) : null,
            el('div', { class: 'cols', role: 'group', 'aria-label': `Columns of ${c.name}` }, c.allowed.map((name) => {
              const id = `col-${c.id}-${name}`;
              return el('label', { for: id }, el('input', { type: 'checkbox', class: 'col', id, value: name, disabled: !!c.why,
                checked: !c.why && prev?.columns.has(name), onchange: renderParams }), ` ${name} `, el('span', { class: 'chip' }, typeOf.get(name) || '?'));
            })),
            !c.own && !c.why ? el('div', { class: 'muted small' }, 'Only the columns your grant allows are offered.') : null);
        }));
    renderParams();
  }

  function chosenColumns() {
    return [...new Set($$('.input-choice').filter((b) => $('input.use', b).checked).flatMap((b) => $$('input.col:checked', b).map((i) => i.value)))];
  }

  function protocolField() {
    return el('div', { class: 'field' }, el('label', { for: 'param-protocol' }, 'Protocol'),
      el('select', { id: 'param-protocol' }, PSI_PROTOCOLS.map((p) => el('option', { value: p.id }, p.label))));
  }

  function renderParams() {
    const operation = $('#task-operation').value;
    const box = $('#task-params');
    const cols = chosenColumns();
    const keep = (sel) => $(sel)?.value;
    const groupBy = keep('#param-groupby');
    const children = [el('legend', {}, 'Parameters')];
    if (operation === 'SECURE_AGGREGATE') {
      children.push(el('div', {}, AGGREGATES.map((a) => el('label', { for: `agg-${a}` },
        el('input', { type: 'checkbox', id: `agg-${a}`, class: 'agg', value: a, checked: true }), ` ${a}`))));
      children.push(el('div', { class: 'row' },
        el('div', { class: 'field' }, el('label', { for: 'param-groupby' }, 'Group by (optional)'),
          el('select', { id: 'param-groupby' }, el('option', { value: '' }, 'no grouping'), cols.map((c) => el('option', { value: c, selected: c === groupBy }, c)))),
        el('div', { class: 'field' }, el('label', { for: 'param-mingroup' }, 'Smallest group released'),
          el('input', { id: 'param-mingroup', type: 'number', min: 1, placeholder: 'node default' }))));
      children.push(el('p', { class: 'hint' }, 'Aggregated columns are the chosen input columns other than the group-by column; they must be numeric.'));
    } else if (operation === 'PSI' || operation === 'PSI_CARDINALITY') {
      children.push(el('p', { class: 'hint' }, 'Choose exactly two inputs, one of them your own data set, and one key column in each. ', operation === 'PSI'
        ? 'You receive the intersecting keys.' : 'You receive only the size of the intersection (always by ECDH-PSI: OT would show you which of your keys matched).'));
      if (operation === 'PSI') children.push(el('div', { class: 'row' }, protocolField()));
    } else if (operation === 'JOINT_STATS') {
      children.push(el('div', { class: 'row' },
        el('div', { class: 'field' }, el('label', { for: 'param-key' }, 'Join key'),
          el('select', { id: 'param-key' }, cols.map((c) => el('option', { value: c }, c)))),
        el('div', { class: 'field' }, el('label', { for: 'param-target' }, 'Regression target (optional)'),
          el('select', { id: 'param-target' }, el('option', { value: '' }, 'none'), cols.map((c) => el('option', { value: c }, c)))),
        el('div', { class: 'field' }, el('label', { for: 'param-dealer' }, 'Beaver triples dealt by'),
          el('select', { id: 'param-dealer' }, DEALERS.map((d) => el('option', { value: d.id }, d.label)))),
        protocolField()));
      children.push(el('div', {}, STATISTICS.map((s) => el('label', { for: `stat-${s}` },
        el('input', { type: 'checkbox', id: `stat-${s}`, class: 'stat', value: s, checked: s === 'COUNT' || s === 'SUM' }), ` ${s}`))));
    } else if (operation === 'TEE_JOB') {
      children.push(el('div', { class: 'row' },
        el('div', { class: 'field' }, el('label', { for: 'param-algorithm' }, 'Algorithm'),
          el('select', { id: 'param-algorithm' }, algorithms.map((a) => el('option', { value: a.name, 'data-version': a.version || '' }, `${a.name} ${a.version || ''}`)))),
        el('div', { class: 'field grow' }, el('label', { for: 'param-arguments' }, 'Arguments (JSON, e.g. {"key": "id", "groupBy": ["region"], "aggregates": [{"function": "COUNT"}]})'),
          el('textarea', { id: 'param-arguments', rows: 3 }, '{}'))));
    }
    fill(box, children);
  }

  function buildRequest() {
    const operation = $('#task-operation').value;
    const inputs = $$('.input-choice').filter((b) => $('input.use', b).checked).map((b) => ({
      assetId: b.dataset.assetId,
      columns: $$('input.col:checked', b).map((i) => i.value),
    }));
    const op = catalogue.find((o) => o.id === operation);
    if (inputs.length < op.minInputs || inputs.length > op.maxInputs) {
      throw new Error(op.minInputs === op.maxInputs ? `${operation} takes exactly ${op.minInputs} inputs.` : `${operation} takes ${op.minInputs} to ${op.maxInputs} inputs.`);
    }
    if (inputs.some((i) => i.columns.length === 0)) throw new Error('Choose at least one column of each input.');
    let params = {};
    if (operation === 'SECURE_AGGREGATE') {
      params.aggregates = $$('input.agg:checked').map((i) => i.value);
      if (params.aggregates.length === 0) throw new Error('Choose at least one aggregate.');
      const g = $('#param-groupby').value;
      if (g) params.groupBy = g;
      const k = $('#param-mingroup').value;
      if (k) params.minGroupSize = Number(k);
      const types = new Map(assets.flatMap((a) => a.columns.map((c) => [`${a.id}/${c.name}`, c.type])));
      for (const input of inputs) {
        for (const c of input.columns) {
          const t = types.get(`${input.assetId}/${c}`);
          if (c !== g && t && !NUMERIC.has(t)) throw new Error(`Column ${c} is ${t}: only numeric columns can be aggregated (or group by it).`);
        }
      }
    } else if (operation === 'PSI' || operation === 'PSI_CARDINALITY') {
      if (inputs.some((i) => i.columns.length !== 1)) throw new Error('PSI takes exactly one key column per input.');
      const own = new Set(assets.filter((a) => a.owner === me.organisation).map((a) => a.id));
      if (!inputs.some((i) => own.has(i.assetId))) throw new Error('PSI needs one of your own data sets as an input: it returns your own keys.');
      if (operation === 'PSI' && $('#param-protocol').value) params.protocol = $('#param-protocol').value;
    } else if (operation === 'JOINT_STATS') {
      params = { key: $('#param-key').value, statistics: $$('input.stat:checked').map((i) => i.value) };
      const target = $('#param-target').value;
      if (target) params.target = target;
      if ($('#param-dealer').value !== 'ORGANISATION') params.dealer = $('#param-dealer').value;
      if ($('#param-protocol').value) params.protocol = $('#param-protocol').value;
    } else if (operation === 'TEE_JOB') {
      const option = $('#param-algorithm').selectedOptions[0];
      let args;
      try {
        args = JSON.parse($('#param-arguments').value || '{}');
      } catch {
        throw new Error('The arguments are not valid JSON.');
      }
      if (args === null || typeof args !== 'object' || Array.isArray(args)) throw new Error('The arguments are a JSON object.');
      // The node's TEE_JOB params: the algorithm (and version) beside the algorithm's own arguments.
      params = { ...args, algorithm: option.value };
      if (option.dataset.version) params.version = option.dataset.version;
    }
    return { operation, inputs, params };
  }

  function reasonOf(t) {
    const message = t.rejection?.message || t.failureReason;
    const code = t.rejection?.code;
    if (!code && !message) return null;
    return el('div', { class: 'task-reason' }, code ? el('code', {}, code) : null, code && message ? ' — ' : '', message || '');
  }

  async function showResult(task) {
    const panel = $('#result-panel');
    const body = $('#result-body');
    panel.hidden = false;
    try {
      const { data, text } = await call(`/api/v1/tasks/${encodeURIComponent(task.id)}/result`);
      const blob = new Blob([text], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const file = `result-${task.id}.json`;
      fill(body,
        el('p', {}, 'Task ', el('code', {}, task.id), ` (${data.operation}, assurance `, el('strong', {}, data.assurance), ').'),
        el('p', {}, 'Result hash on the ledger: ', el('span', { class: 'hash', id: 'result-hash' }, data.resultHash || task.resultHash || '—')),
        el('p', {}, 'Recorded by transaction ', txLink(task.ledgerTxId), '. An auditor can check this file against the ledger on the Ledger page.'),
        el('p', {}, el('a', { href: url, download: file, id: 'download-result', class: 'button' }, `Download ${file}`)),
        renderResult(data, { inputs: (task.inputs || []).map((i) => {
          const a = assets.find((x) => x.id === i.assetId);
          return { label: a ? a.name : i.assetId, rows: a ? a.rowCount : null };
        }) }));
      $('#download-result').click();
    } catch (e) {
      showError(body, e, 'Could not fetch the result');
    }
    panel.scrollIntoView({ block: 'nearest' });
  }

  async function loadTasks() {
    let tasks;
    try {
      tasks = await get('/api/v1/tasks');
      $('#tasks-error').hidden = true;
    } catch (e) {
      showError($('#tasks-error'), e, 'Could not list tasks');
      return;
    }
    tasks.sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
    const changes = [];
    for (const t of tasks) {
      if (seen.has(t.id) && seen.get(t.id) !== t.status) changes.push(`Task ${t.id} is now ${t.status}.`);
      seen.set(t.id, t.status);
    }
    if (changes.length) fill($('#tasks-live'), changes.join(' '));
    fill($('#tasks-body'), tasks.length ? tasks.map((t) => el('tr', { 'data-task-id': t.id, 'data-status': t.status },
      el('td', { class: 'hash' }, t.id),
      el('td', {}, t.operation, t.inputs ? el('div', { class: 'small muted' }, t.inputs.map((i) => `${i.owner || '?'}:${(i.columns || []).join('+')}`).join(', ')) : null),
      el('td', {}, badge(t.status), t.phase ? el('span', { class: 'phase', 'data-phase': t.phase, title: 'Where the run on this node is now' }, t.phase.toLowerCase()) : null),
      el('td', {}, t.assurance || '—', t.protocol ? el('div', { class: 'small muted protocol' }, t.protocol) : null),
      el('td', {}, reasonOf(t) || (t.resultHash ? shortHash(t.resultHash, 20) : el('span', { class: 'muted' }, '—'))),
      el('td', {}, txLink(t.ledgerTxId)),
      el('td', {}, t.status === 'SUCCEEDED'
        ? el('button', { type: 'button', class: 'secondary get-result', onclick: () => showResult(t) }, 'Download result')
        : null))) : emptyRow(7, 'No task yet. Launch one above.'));
    return tasks;
  }

  async function loadRights() {
    try {
      [assets, grants] = await Promise.all([get('/api/v1/assets'), get('/api/v1/grants')]);
    } catch (e) {
      showError($('#task-result'), e, 'Could not load your data sets and grants');
    }
    renderInputs();
  }

  $('#task-operation').addEventListener('change', renderInputs);
  $('#task-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const out = $('#task-result');
    let request;
    try {
      request = buildRequest();
    } catch (e) {
      showMessage(out, 'error', el('strong', {}, 'Not launched'), e.message);
      return;
    }
    $('#task-submit').disabled = true;
    try {
      const task = await post('/api/v1/tasks', request);
      showMessage(out, 'info', el('strong', { id: 'task-launched' }, `Task ${task.id} submitted.`),
        'Its status below follows the ledger. Submission ', txLink(task.ledgerTxId), '.');
    } catch (e) {
      showError(out, e, e.status === 403 && e.problem.code ? 'Refused by the ledger' : 'Not launched');
    } finally {
      $('#task-submit').disabled = false;
    }
    await loadTasks();
  });

  await loadRights();
  await loadTasks();
  setInterval(() => {
    if (!document.hidden) loadTasks();
  }, 2000);
}
markReady();
