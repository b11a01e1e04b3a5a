// Ledger: block explorer (blocks, transactions, decoded payloads, events), verify the chain,
// verify a result file, and an inclusion proof recomputed in the browser.
import { call, get, showError, showMessage } from './api.js';
import { $, el, fill, shortHash, when } from './dom.js';
import { fromBase64, leafHash, rootFromInclusionProof, sha256Hex, toHex } from './merkle.js';
import { markReady, startPage } from './shell.js';

const PAGE = 10;

/** JSON with sorted keys and no whitespace (the node's canonical encoding of results). */
function canonical(v) {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
}

/**
 * The result hash recomputed here, independently of the node: SHA-256 of the canonical encoding
 * of the result document without its own resultHash member (docs/api.md). Null if not JSON.
 */
async function canonicalResultHash(text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  if (doc && typeof doc === 'object' && !Array.isArray(doc)) delete doc.resultHash;
  return sha256Hex(new TextEncoder().encode(canonical(doc)));
}

/** Pretty JSON if the text is JSON, else the text itself. */
function decoded(text) {
  if (text === null || text === undefined || text === '') return el('span', { class: 'muted' }, '—');
  try {
    return el('pre', { class: 'json' }, JSON.stringify(JSON.parse(text), null, 2));
  } catch {
    return el('pre', { class: 'json' }, text);
  }
}

const session = await startPage('ledger');
if (session) {
  let height = 0;
  let top = null; // number of the newest block shown

  async function loadBlocks() {
    try {
      const first = await get('/api/v1/ledger/blocks?from=0&limit=1');
      height = first.height;
      if (top === null || top >= height) top = height - 1;
      const from = Math.max(0, top - PAGE + 1);
      const page = height === 0 ? { blocks: [] } : await get(`/api/v1/ledger/blocks?from=${from}&limit=${top - from + 1}`);
      const blocks = [...page.blocks].reverse();
      fill($('#blocks-range'), height === 0 ? 'The ledger is empty.' : `Blocks ${from}–${top} of ${height}`);
      $('#blocks-newer').disabled = top >= height - 1;
      $('#blocks-older').disabled = from === 0;
      fill($('#blocks-body'), blocks.length ? blocks.map((b) => el('tr', { 'data-block': b.number },
        el('th', { scope: 'row' }, `#${b.number}`),
        el('td', {}, when(b.timestamp)),
        el('td', {}, el('ul', { class: 'tx-list' }, b.txIds.map((tx) => el('li', {},
          el('a', { href: `?tx=${encodeURIComponent(tx)}`, class: 'hash tx-link', onclick: (e) => { e.preventDefault(); openTx(tx); } }, tx))))),
        el('td', {}, shortHash(b.hash), el('div', { class: 'small muted' }, 'prev ', shortHash(b.previousHash, 10))),
        el('td', {}, b.treeRoot ? [String(b.treeSize), ' ', shortHash(b.treeRoot, 10)] : '— (Fabric: no Merkle tree)'))) : el('tr', {}, el('td', { colspan: 5, class: 'empty' }, 'No blocks yet.')));
      $('#blocks-error').hidden = true;
    } catch (e) {
      showError($('#blocks-error'), e, 'Could not read the blocks');
    }
  }

  async function openTx(txId) {
    const panel = $('#tx-panel');
    const body = $('#tx-body');
    panel.hidden = false;
    fill(body, el('p', { class: 'muted' }, 'Loading…'));
    history.replaceState(null, '', `?tx=${encodeURIComponent(txId)}`);
    try {
      const t = await get(`/api/v1/ledger/tx/${encodeURIComponent(txId)}`);
      fill(body,
        el('table', { id: 'tx-details' }, el('tbody', {},
          el('tr', {}, el('th', { scope: 'row' }, 'Id'), el('td', { class: 'hash', id: 'tx-id' }, t.txId)),
          el('tr', {}, el('th', { scope: 'row' }, 'Block / index'), el('td', {}, `#${t.blockNumber}, transaction ${t.txIndex}` + (t.leafIndex >= 0 ? `, Merkle leaf ${t.leafIndex}` : ''))),
          el('tr', {}, el('th', { scope: 'row' }, 'Time'), el('td', {}, when(t.timestamp))),
          el('tr', {}, el('th', { scope: 'row' }, 'Submitted by'), el('td', {}, t.creatorMspId)),
          el('tr', {}, el('th', { scope: 'row' }, 'Function'), el('td', { id: 'tx-function' }, el('code', {}, t.function))),
          el('tr', {}, el('th', { scope: 'row' }, 'Arguments'), el('td', {}, (t.args || []).map(decoded))),
          el('tr', {}, el('th', { scope: 'row' }, 'Response'), el('td', {}, decoded(t.response))),
          el('tr', {}, el('th', { scope: 'row' }, 'Event'), el('td', {}, t.eventName ? el('code', { id: 'tx-event' }, t.eventName) : '—', t.eventPayload ? decoded(t.eventPayload) : null)),
          el('tr', {}, el('th', { scope: 'row' }, 'Writes'), el('td', {}, (t.writes || []).map((w) => el('div', {},
            el('code', {}, w.key), w.deleted ? ' (deleted)' : decoded(w.value))))),
          el('tr', {}, el('th', { scope: 'row' }, 'Leaf hash'), el('td', { class: 'hash' }, t.leafHash || '— (Fabric: no Merkle tree; no inclusion proofs)')))),
        el('h3', {}, 'Inclusion proof'),
        el('p', { class: 'muted small' }, 'Ask the node for an audit path from this transaction to the latest signed tree head, and recompute it here.'),
        el('button', { type: 'button', id: 'check-proof', onclick: () => checkProof(t) }, 'Check inclusion proof'),
        el('div', { id: 'proof-out', 'aria-live': 'polite' }));
      panel.focus();
    } catch (e) {
      showError(body, e, `Could not open ${txId}`);
    }
  }

  async function checkProof(t) {
    const out = $('#proof-out');
    try {
      const { proof, treeHeadPublicKey } = await get(`/api/v1/ledger/proof/${encodeURIComponent(t.txId)}`);
      const leaf = fromBase64(proof.leaf);
      const lh = await leafHash(leaf);
      const path = proof.auditPath.map(fromBase64);
      const { root, steps } = await rootFromInclusionProof(proof.leafIndex, proof.treeHead.treeSize, lh, path);
      const expected = toHex(fromBase64(proof.treeHead.rootHash));
      const computed = toHex(root);
      const leafMatches = toHex(lh) === t.leafHash;
      const ok = computed === expected && leafMatches;
      fill(out,
        el('div', { class: `alert ${ok ? 'ok' : 'error'}`, role: ok ? 'status' : 'alert' },
          el('span', { class: 'verdict', id: 'proof-verdict' }, ok
            ? 'Included: the audit path leads to the signed tree head\u2019s root.'
            : 'NOT verified: the recomputed root does not match.'),
          el('div', { class: 'small' }, `Leaf ${proof.leafIndex} of a tree of ${proof.treeHead.treeSize}, ${path.length} hashes in the path, tree head of ${when(proof.treeHead.timestamp)}.`),
          leafMatches ? null : el('div', {}, 'The proof\u2019s leaf is not this transaction\u2019s leaf.')),
        el('div', { class: 'alert warn' },
          el('strong', {}, 'What this does not check: the tree head\u2019s signature.'),
          'Recomputing the path shows this transaction is in the tree whose root the node presents. ' +
          'That root is only trustworthy once its signature is checked with the ledger\u2019s public key, obtained out of band ' +
          '(not from this node): use the offline verifier (verify-ledger --key ledger.pem). The key this node reports is shown below for comparison only.'),
        el('table', { class: 'proof-steps' }, el('tbody', {},
          el('tr', {}, el('th', { scope: 'row' }, 'Leaf hash SHA-256(0x00 || leaf)'), el('td', { class: 'hash' }, toHex(lh))),
          steps.map((s, i) => el('tr', {}, el('th', { scope: 'row' }, `Step ${i + 1}: sibling on the ${s.side}`),
            el('td', { class: 'hash' }, s.sibling, el('div', { class: 'muted' }, '→ ', s.result)))),
          el('tr', {}, el('th', { scope: 'row' }, 'Recomputed root'), el('td', { class: 'hash', id: 'proof-computed' }, computed)),
          el('tr', {}, el('th', { scope: 'row' }, 'Signed tree head root'), el('td', { class: 'hash', id: 'proof-expected' }, expected)),
          el('tr', {}, el('th', { scope: 'row' }, 'Tree head signature'), el('td', { class: 'hash' }, proof.treeHead.signature)))),
        el('details', {}, el('summary', {}, 'Tree-head public key reported by this node'), el('pre', { class: 'json' }, treeHeadPublicKey)));
    } catch (e) {
      showError(out, e, 'Could not check the proof');
    }
  }

  $('#verify-chain').addEventListener('click', async () => {
    const out = $('#verify-out');
    showMessage(out, 'info', 'Verifying…');
    try {
      const v = await get('/api/v1/ledger/verify');
      if (v.intact) {
        showMessage(out, 'ok', el('span', { class: 'verdict', id: 'chain-verdict' }, 'The ledger is intact.'),
          el('div', {}, `${v.blocksChecked} blocks and ${v.transactionsChecked} transactions checked` + (v.treeSize != null ? `; tree size ${v.treeSize}.` : ' (Fabric: data hashes and header links).')),
          el('div', { class: 'small' }, 'Root ', el('span', { class: 'hash' }, v.treeRoot || '—')));
      } else {
        showMessage(out, 'error', el('span', { class: 'verdict', id: 'chain-verdict' }, 'The ledger is NOT intact.'),
          el('div', {}, v.firstBadBlock !== null ? `First bad block: #${v.firstBadBlock}. ` : '', v.problem || ''),
          el('div', { class: 'small' }, `${v.blocksChecked} blocks and ${v.transactionsChecked} transactions checked.`));
      }
    } catch (e) {
      showError(out, e, 'Verification failed to run');
    }
  });

  $('#vr-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const out = $('#vr-out');
    const file = $('#vr-file').files[0];
    const taskId = $('#vr-task').value.trim();
    const local = await canonicalResultHash(await file.text());
    const form = new FormData();
    form.append('taskId', taskId);
    form.append('file', file);
    try {
      const { data } = await call('/api/v1/ledger/verify-result', { method: 'POST', body: form });
      const matches = data.matches ?? data.match ?? data.matching;
      const details = [
        el('div', { class: 'small' }, 'Task ', el('code', {}, taskId), '; file ', el('code', {}, file.name), ` (${file.size} bytes).`),
        data.ledgerHash || data.expectedHash ? el('div', { class: 'small' }, 'Hash on the ledger: ', el('span', { class: 'hash' }, data.ledgerHash || data.expectedHash)) : null,
        data.computedHash ? el('div', { class: 'small' }, 'Canonical hash of the file (node): ', el('span', { class: 'hash' }, data.computedHash)) : null,
        el('div', { class: 'small' }, 'Canonical hash of the file (this browser): ', el('span', { class: 'hash', id: 'vr-local' }, local ?? 'the file is not JSON'),
          local && data.ledgerHash ? (local === data.ledgerHash ? ' — equals the ledger hash' : ' — differs from the ledger hash') : ''),
        data.detail ? el('div', { class: 'small' }, data.detail) : null,
      ];
      showMessage(out, matches ? 'ok' : 'error',
        el('span', { class: 'verdict', id: 'vr-verdict' }, matches ? 'Matches the ledger.' : 'Does NOT match the ledger.'), details);
    } catch (e) {
      showError(out, e, 'Could not check the file');
    }
  });

  $('#blocks-newer').addEventListener('click', () => { top = Math.min(height - 1, top + PAGE); loadBlocks(); });
  $('#blocks-older').addEventListener('click', () => { top = Math.max(PAGE - 1, top - PAGE); loadBlocks(); });
  $('#tx-open').addEventListener('click', () => { const v = $('#tx-search').value.trim(); if (v) openTx(v); });
  $('#tx-search').addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); $('#tx-open').click(); } });

  await loadBlocks();
  const wanted = new URLSearchParams(location.search).get('tx');
  if (wanted) await openTx(wanted);
}
markReady();
