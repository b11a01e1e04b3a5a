// Grants: issue (a form offering only real columns, valid operations, existing organisations),
// list given and received with uses left, revoke with a reason.
import { get, post, showError, showMessage } from './api.js';
import { $, $$, badge, el, emptyRow, fill, txLink, when } from './dom.js';
import { jobAlgorithms, operations, usableWith } from './rules.js';
import { markReady, startPage } from './shell.js';

const session = await startPage('grants');
if (session) {
  const { me, orgs } = session;
  let assets = [];
  let algorithms = [];
  let catalogue = [];
  let revoking = null;
  const dialog = $('#revoke-dialog');

  try {
    algorithms = jobAlgorithms(await get('/api/v1/algorithms'));
  } catch {
    algorithms = [];
  }
  try {
    catalogue = await operations(get);
  } catch (e) {
    showError($('#grant-result'), e, 'Could not load the operation catalogue');
  }

  const until = new Date(Date.now() + 90 * 86400000);
  $('#grant-until').value = until.toISOString().slice(0, 10);
  $('#grant-until').min = new Date().toISOString().slice(0, 10);

  // Organisations that exist on the ledger, except mine.
  const others = orgs.filter((o) => o.id !== me.organisation);
  fill($('#grant-grantee'), others.length
    ? others.map((o) => el('option', { value: o.id }, `${o.id} — ${o.displayName}`))
    : el('option', { value: '', disabled: true }, 'No other organisation is registered'));

  function renderOperations() {
    const minimum = $('#grant-assurance').value;
    const checked = new Set($$('#grant-operations input:checked').map((i) => i.value));
    fill($('#grant-operations'), el('legend', {}, 'Operations allowed'), catalogue.map((op) => {
      let why = null;
      if (!usableWith(op, minimum)) {
        why = op.tee ? `an enclave cannot meet the minimum ${minimum}` : `MPC cannot meet the minimum ${minimum}`;
      } else if (op.tee && algorithms.length === 0) {
        why = 'no measured algorithm is on the ledger\u2019s allow-list';
      }
      const id = `op-${op.id}`;
      return el('div', {},
        el('input', { type: 'checkbox', id, name: 'operations', value: op.id, disabled: !!why, checked: !why && checked.has(op.id),
          onchange: renderAlgorithms, 'aria-describedby': why ? `${id}-why` : null }),
        el('label', { for: id }, ` ${op.label}`),
        why ? el('span', { class: 'unavailable', id: `${id}-why` }, ` — unavailable: ${why}`) : null);
    }));
    renderAlgorithms();
  }

  function renderAlgorithms() {
    const tee = $('#op-TEE_JOB')?.checked;
    const box = $('#grant-algorithms');
    box.hidden = !tee;
    fill(box, el('legend', {}, 'TEE algorithms allowed (measured, from the ledger\u2019s allow-list)'),
      algorithms.map((a, i) => el('label', {}, el('input', { type: 'checkbox', name: 'algorithms', value: a.measurement, id: `alg-${i}` }),
        ` ${a.name} ${a.version || ''}`, el('span', { class: 'hash muted' }, ` ${a.measurement}`))));
  }

  function renderColumns() {
    const asset = assets.find((a) => a.id === $('#grant-asset').value);
    const box = $('#grant-columns');
    fill(box, el('legend', {}, 'Columns allowed ', el('span', { class: 'hint' }, '(this data set\u2019s real columns)')),
      asset
        ? asset.columns.map((c) => {
          const id = `col-${c.name}`;
          return el('label', { for: id }, el('input', { type: 'checkbox', id, name: 'columns', value: c.name }), ` ${c.name} `, el('span', { class: 'chip' }, c.type));
        })
        : el('span', { class: 'empty' }, 'Choose a data set first.'));
  }

  async function loadAssets() {
    try {
      assets = (await get('/api/v1/assets')).filter((a) => a.owner === me.organisation && a.status === 'ACTIVE');
    } catch (e) {
      showError($('#grant-result'), e, 'Could not list your data sets');
      assets = [];
    }
    const select = $('#grant-asset');
    const previous = select.value;
    fill(select, assets.length
      ? assets.map((a) => el('option', { value: a.id }, `${a.name} (${a.rowCount} rows)`))
      : el('option', { value: '' }, 'You have no active data set — register one in My data'));
    if (assets.some((a) => a.id === previous)) select.value = previous;
    $('#grant-submit').disabled = assets.length === 0 || others.length === 0;
    renderColumns();
  }

  function row(g, given, names) {
    const usesLeft = el('span', { class: 'uses-left' }, `${g.usesLeft} of ${g.maxUses}`);
    const cells = [
      el('td', {}, names.get(g.assetId) || el('span', { class: 'hash' }, g.assetId)),
      el('td', {}, given ? g.grantee : g.owner),
      el('td', {}, g.operations.map((o) => el('span', { class: 'chip' }, o))),
      el('td', {}, g.columns.map((c) => el('span', { class: 'chip' }, c))),
      el('td', {}, g.purpose, el('div', { class: 'muted small' }, g.legalBasis)),
      el('td', {}, when(g.validUntil)),
      el('td', {}, usesLeft),
      el('td', {}, badge(g.status), g.revokedReason ? el('div', { class: 'small revoked-reason' }, `“${g.revokedReason}”`) : null),
      el('td', {}, txLink(g.ledgerTxId)),
    ];
    if (given) {
      cells.push(el('td', {}, g.status === 'ACTIVE'
        ? el('button', { type: 'button', class: 'danger revoke', 'aria-label': `Revoke grant ${g.id}`, onclick: () => askRevoke(g, names) }, 'Revoke…')
        : null));
    }
    return el('tr', { 'data-grant-id': g.id, 'data-asset-id': g.assetId }, cells);
  }

  async function loadGrants() {
    let grants;
    let visible = [];
    try {
      [grants, visible] = await Promise.all([get('/api/v1/grants'), get('/api/v1/assets')]);
      $('#grants-error').hidden = true;
    } catch (e) {
      showError($('#grants-error'), e, 'Could not list grants');
      return;
    }
    const names = new Map(visible.map((a) => [a.id, a.name]));
    const given = grants.filter((g) => g.owner === me.organisation);
    const received = grants.filter((g) => g.grantee === me.organisation);
    fill($('#given-body'), given.length ? given.map((g) => row(g, true, names)) : emptyRow(10, 'You have not granted anything yet.'));
    fill($('#received-body'), received.length ? received.map((g) => row(g, false, names)) : emptyRow(9, 'No organisation has granted you anything yet.'));
  }

  function askRevoke(grant, names) {
    revoking = grant;
    fill($('#revoke-what'), `${grant.grantee} may use ${names.get(grant.assetId) || grant.assetId} for ${grant.operations.join(', ')} on ${grant.columns.join(', ')} (${grant.usesLeft} uses left).`);
    $('#revoke-reason').value = '';
    dialog.showModal();
  }

  $('#revoke-cancel').addEventListener('click', () => dialog.close());
  $('#revoke-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const reason = $('#revoke-reason').value.trim();
    if (!reason) {
      $('#revoke-reason').focus();
      return;
    }
    dialog.close();
    try {
      const g = await post(`/api/v1/grants/${encodeURIComponent(revoking.id)}/revoke`, { reason });
      showMessage($('#grant-result'), 'ok', el('strong', { id: 'revoke-ok' }, `Grant revoked.`), 'Recorded in ', txLink(g.ledgerTxId), '.');
    } catch (e) {
      showError($('#grant-result'), e, 'Could not revoke');
    }
    await loadGrants();
  });

  $('#grant-asset').addEventListener('change', renderColumns);
  $('#grant-assurance').addEventListener('change', renderOperations);

  $('#grant-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const out = $('#grant-result');
    const operations = $$('#grant-operations input:checked').map((i) => i.value);
    const columns = $$('#grant-columns input:checked').map((i) => i.value);
    if (operations.length === 0 || columns.length === 0) {
      showMessage(out, 'error', el('strong', {}, 'Choose at least one operation and one column.'));
      return;
    }
    const request = {
      assetId: $('#grant-asset').value,
      grantee: $('#grant-grantee').value,
      operations,
      columns,
      purpose: $('#grant-purpose').value.trim(),
      legalBasis: $('#grant-legal').value.trim(),
      validUntil: `${$('#grant-until').value}T23:59:59Z`,
      maxUses: Number($('#grant-uses').value),
      minAssurance: $('#grant-assurance').value,
      minGroupSize: Number($('#grant-floor').value),
      algorithms: operations.includes('TEE_JOB') ? $$('#grant-algorithms input:checked').map((i) => i.value) : [],
    };
    $('#grant-submit').disabled = true;
    try {
      const g = await post('/api/v1/grants', request);
      showMessage(out, 'ok', el('strong', { id: 'grant-ok' }, `Granted ${request.grantee} ${operations.join(', ')} on ${columns.join(', ')}.`),
        g.status === 'PENDING' ? 'Queued: the ledger write is pending. ' : 'Recorded in ', txLink(g.ledgerTxId), '.');
    } catch (e) {
      showError(out, e, 'Grant refused');
    } finally {
      $('#grant-submit').disabled = false;
    }
    await loadGrants();
  });

  renderOperations();
  await loadAssets();
  await loadGrants();
}
markReady();
