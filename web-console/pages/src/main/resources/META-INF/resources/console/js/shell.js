// The frame of every console page: who is signed in (user and organisation, always visible),
// the navigation their role allows, and sign-out.
import { call, get, showError } from './api.js';
import { el, fill, $ } from './dom.js';

const PAGES = [
  { id: 'data', href: 'data.html', label: 'My data', roles: ['member'] },
  { id: 'grants', href: 'grants.html', label: 'Grants', roles: ['member'] },
  { id: 'tasks', href: 'tasks.html', label: 'Tasks', roles: ['member'] },
  { id: 'ledger', href: 'ledger.html', label: 'Ledger', roles: ['member', 'auditor'] },
  { id: 'provenance', href: 'provenance.html', label: 'Provenance', roles: ['member', 'auditor'] },
];

/** The first page a role may open. */
export function homeOf(me) {
  return me.roles.includes('member') ? 'data.html' : 'ledger.html';
}

async function signOut() {
  try {
    await call('/api/v1/logout', { method: 'POST' });
  } finally {
    location.assign('/console/login.html?signed-out=1');
  }
}

/**
 * Renders the header for `pageId` and resolves to {me, orgs}. If the signed-in role may not open
 * this page, says so and resolves to null (the API would refuse its calls anyway).
 */
/**
 * Says that the page's own module has run to its end: its handlers are attached and its first
 * data is shown. Browser tests wait for it instead of racing the module (a click that lands
 * before a handler is attached is lost).
 */
export function markReady() {
  document.documentElement.dataset.ready = 'true';
}

export async function startPage(pageId) {
  const header = $('#top');
  const main = $('#main');
  let me;
  try {
    me = await get('/api/v1/me');
  } catch (e) {
    showError(main, e, 'Could not load your session');
    return null;
  }
  let orgs = [];
  try {
    orgs = await get('/api/v1/orgs');
  } catch {
    orgs = [];
  }
  const myOrg = orgs.find((o) => o.id === me.organisation);
  const allowed = PAGES.filter((p) => p.roles.some((r) => me.roles.includes(r)));
  fill(header,
    el('a', { class: 'brand', href: homeOf(me) }, el('img', { class: 'brand-mark', src: 'favicon.svg', alt: '', width: 22, height: 22 }), 'Mitai'),
    el('nav', { 'aria-label': 'Main' }, el('ul', {}, allowed.map((p) =>
      el('li', {}, el('a', { href: p.href, id: `nav-${p.id}`, 'aria-current': p.id === pageId ? 'page' : null }, p.label))))),
    el('div', { class: 'who' },
      el('span', { id: 'signed-in', 'aria-label': 'Signed in as' },
        el('strong', { id: 'me-user' }, me.user), ' · ',
        el('span', { id: 'me-org' }, me.organisation
          ? `${me.organisation}${myOrg ? ` (${myOrg.displayName})` : ''}`
          : 'auditor — no organisation')),
      el('button', { type: 'button', id: 'sign-out', onclick: signOut }, 'Sign out')));
  const page = PAGES.find((p) => p.id === pageId);
  if (page && !page.roles.some((r) => me.roles.includes(r))) {
    fill(main, el('div', { class: 'alert warn', role: 'alert', id: 'not-for-role' },
      el('strong', {}, 'This page is not available to your role.'),
      `As ${me.roles.join(', ')} you can use: `,
      allowed.map((p, i) => [i ? ', ' : '', el('a', { href: p.href }, p.label)])));
    return null;
  }
  document.title = `${page ? page.label : 'Console'} · Mitai`;
  return { me, orgs };
}
