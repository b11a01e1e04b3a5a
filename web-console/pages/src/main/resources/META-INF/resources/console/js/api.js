// The console's only door to the node: the same REST API (/api/v1) as every other client, with
// the session cookie of the sign-in. Every call sends X-Requested-With, which the node requires on
// writes made with the session cookie (with a same-origin check) against cross-site request
// forgery; uploads (XMLHttpRequest) send it too. Errors are RFC 9457 problem details; they are shown with
// their title and detail, never swallowed.
import { el, fill } from './dom.js';

/** An API error carrying the problem details body. */
export class ApiError extends Error {
  constructor(problem, status) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.problem = problem;
    this.status = status;
  }
}

const BASE_HEADERS = {
  Accept: 'application/json, application/problem+json',
  // Marks the call as the console's: a 401 then carries no Basic challenge (no browser dialog), and
  // the node accepts writes made with the session cookie only with this header.
  'X-Requested-With': 'XMLHttpRequest',
};

function parse(text, status, statusText) {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { title: statusText || `HTTP ${status}`, status, detail: text.slice(0, 300) };
  }
}

function toLogin() {
  location.assign(`/console/login.html?expired=1`);
}

/** fetch + JSON + problem details. Returns {status, data, headers}. */
export async function call(path, { method = 'GET', json, body, headers = {} } = {}) {
  const h = { ...BASE_HEADERS, ...headers };
  if (json !== undefined) {
    h['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  }
  const response = await fetch(path, { method, headers: h, body, credentials: 'same-origin' });
  const text = await response.text();
  const data = parse(text, response.status, response.statusText);
  if (response.status === 401) {
    toLogin();
  }
  if (!response.ok) {
    throw new ApiError(data || { title: response.statusText, status: response.status }, response.status);
  }
  return { status: response.status, data, text, headers: response.headers };
}

export const get = async (path) => (await call(path)).data;
export const post = async (path, json) => (await call(path, { method: 'POST', json })).data;

/** A multipart POST with upload progress (fetch has none): onProgress(loaded, total). */
export function upload(path, formData, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    for (const [k, v] of Object.entries(BASE_HEADERS)) xhr.setRequestHeader(k, v);
    xhr.upload.addEventListener('progress', (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : 0));
    xhr.addEventListener('load', () => {
      const data = parse(xhr.responseText, xhr.status, xhr.statusText);
      if (xhr.status === 401) toLogin();
      if (xhr.status >= 200 && xhr.status < 300) resolve({ status: xhr.status, data });
      else reject(new ApiError(data || { title: xhr.statusText, status: xhr.status }, xhr.status));
    });
    xhr.addEventListener('error', () => reject(new ApiError({ title: 'Network error', detail: 'the node could not be reached' }, 0)));
    xhr.send(formData);
  });
}

/** Shows an error (a problem, or anything thrown) in `target` as an alert. */
export function showError(target, error, prefix) {
  const p = error instanceof ApiError ? error.problem : { title: 'Error', detail: String(error?.message || error) };
  const extra = [];
  if (p.code) extra.push(el('div', { class: 'small' }, 'Reason code: ', el('code', { class: 'problem-code' }, p.code)));
  if (p.ledgerTxId) extra.push(el('div', { class: 'small' }, 'Recorded on the ledger in ', el('a', { href: `ledger.html?tx=${encodeURIComponent(p.ledgerTxId)}`, class: 'hash' }, p.ledgerTxId)));
  fill(target, el('div', { class: 'alert error', role: 'alert' },
    el('strong', { class: 'problem-title' }, prefix ? `${prefix}: ${p.title || 'Error'}` : (p.title || 'Error')),
    p.detail ? el('span', { class: 'problem-detail' }, p.detail) : null,
    extra));
  target.hidden = false;
}

export function showMessage(target, kind, ...content) {
  fill(target, el('div', { class: `alert ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, ...content));
  target.hidden = false;
}
