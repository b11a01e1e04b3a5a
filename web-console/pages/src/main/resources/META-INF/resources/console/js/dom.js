// Tiny DOM helpers: build elements without innerHTML, so no value from the API is ever parsed
// as markup.

/** el('a', {href: '#', class: 'x'}, 'text', child) — attributes starting with "on" are listeners. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'class') {
      node.className = value;
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (value === true) {
      node.setAttribute(key, '');
    } else {
      node.setAttribute(key, String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of `node`. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

export function badge(status) {
  return el('span', { class: `badge ${status}`, 'data-status': status }, status);
}

/** A hash shown short, with the full value in the title and for copy. */
export function shortHash(hash, length = 16) {
  if (!hash) return el('span', { class: 'muted' }, '—');
  return el('span', { class: 'hash', title: hash }, hash.length > length ? `${hash.slice(0, length)}…` : hash);
}

export function txLink(txId) {
  if (!txId) return el('span', { class: 'muted' }, '—');
  return el('a', { href: `ledger.html?tx=${encodeURIComponent(txId)}`, class: 'hash', title: `Open ${txId} in the block explorer` }, txId);
}

export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function emptyRow(colspan, text) {
  return el('tr', {}, el('td', { colspan, class: 'empty' }, text));
}
