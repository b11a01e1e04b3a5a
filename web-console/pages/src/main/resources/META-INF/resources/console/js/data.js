// My data: register a CSV (with upload progress), list data sets, destroy (crypto-shredding).
import { call, get, showError, showMessage, upload } from './api.js';
import { $, badge, el, emptyRow, fill, shortHash, txLink } from './dom.js';
import { markReady, startPage } from './shell.js';
import { showTryIt } from './tryit.js';

const session = await startPage('data');
if (session) {
  const { me } = session;
  const body = $('#assets-body');
  const dialog = $('#destroy-dialog');
  let destroying = null;

  async function load() {
    let assets;
    try {
      assets = await get('/api/v1/assets');
      $('#assets-error').hidden = true;
    } catch (e) {
      showError($('#assets-error'), e, 'Could not list data sets');
      return;
    }
    showTryIt($('#try-it'), me, assets);
    if (assets.length === 0) {
      fill(body, emptyRow(8, 'No data sets yet. Register a CSV above; data sets another organisation grants you appear here too.'));
      return;
    }
    fill(body, assets.map((a) => {
      const mine = a.owner === me.organisation;
      return el('tr', { 'data-asset-id': a.id, 'data-asset-name': a.name },
        el('td', {}, el('strong', {}, a.name), el('div', { class: 'hash muted' }, a.id)),
        el('td', {}, mine ? `${a.owner} (mine)` : a.owner),
        el('td', {}, el('div', { class: 'cols' }, a.columns.map((c) => el('span', { class: 'chip' }, `${c.name}: ${c.type}`)))),
        el('td', { class: 'rows' }, String(a.rowCount)),
        el('td', {}, shortHash(a.commitment, 20)),
        el('td', {}, badge(a.status)),
        el('td', {}, txLink(a.ledgerTxId)),
        el('td', {},
          el('a', { href: `provenance.html?asset=${encodeURIComponent(a.id)}` }, 'Provenance'),
          mine && a.status === 'ACTIVE'
            ? [' ', el('button', { type: 'button', class: 'danger destroy', 'aria-label': `Destroy ${a.name}`, onclick: () => askDestroy(a) }, 'Destroy…')]
            : null));
    }));
  }

  function askDestroy(asset) {
    destroying = asset;
    fill($('#destroy-name'), asset.name);
    $('#destroy-reason').value = '';
    dialog.showModal();
  }

  $('#destroy-cancel').addEventListener('click', () => dialog.close('cancel'));
  $('#destroy-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    dialog.close('confirm');
    const asset = destroying;
    const reason = $('#destroy-reason').value.trim();
    const out = $('#upload-result');
    try {
      const q = reason ? `?reason=${encodeURIComponent(reason)}` : '';
      const { data } = await call(`/api/v1/assets/${encodeURIComponent(asset.id)}${q}`, { method: 'DELETE' });
      showMessage(out, 'ok', el('strong', {}, `${asset.name} destroyed.`),
        'Its data key is deleted; the destruction is recorded in ', txLink(data.ledgerTxId),
        data.ledgerState === 'PENDING' ? ' (queued: the ledger write is pending).' : '.');
    } catch (e) {
      showError(out, e, `Could not destroy ${asset.name}`);
    }
    await load();
  });

  $('#upload-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const out = $('#upload-result');
    const data = new FormData();
    // Field order matters to nobody but keeps the stream simple: name and types before the file.
    data.append('name', $('#asset-name').value.trim());
    const types = $('#asset-types').value.trim();
    if (types) data.append('types', types);
    if ($('#asset-private').checked) data.append('private', 'true');
    data.append('file', $('#asset-file').files[0]);
    const bar = $('#upload-bar');
    $('#upload-progress').hidden = false;
    $('#upload-button').disabled = true;
    try {
      const { status, data: asset } = await upload('/api/v1/assets', data, (loaded, total) => {
        const pct = total ? Math.round((100 * loaded) / total) : 0;
        bar.value = pct;
        fill($('#upload-pct'), `${pct}%`);
      });
      showMessage(out, 'ok', el('strong', { id: 'upload-ok' }, `Registered ${asset.name}: ${asset.rowCount} rows, ${asset.columns.length} columns.`),
        'Commitment ', shortHash(asset.commitment, 20), ', ledger tx ', txLink(asset.ledgerTxId),
        status === 202 ? ' — queued: the ledger write is pending and will be retried.' : '.');
      form.reset();
    } catch (e) {
      showError(out, e, 'Upload refused');
    } finally {
      $('#upload-button').disabled = false;
      $('#upload-progress').hidden = true;
      bar.value = 0;
    }
    await load();
  });

  await load();
}
markReady();
