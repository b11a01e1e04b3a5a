// RFC 6962 / RFC 9162 inclusion proofs, recomputed in the browser with WebCrypto SHA-256.
// "Compute the root" is kept apart from "compare the root"; the caller compares with a root it
// trusts (a signed tree head whose signature it checked with the ledger's key).

/** Leaf hashes are SHA-256(0x00 || leaf). */
export const LEAF_PREFIX = 0x00;
/** Interior node hashes are SHA-256(0x01 || left || right). */
export const NODE_PREFIX = 0x01;

async function sha256(...parts) {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const buffer = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    buffer.set(p, offset);
    offset += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', buffer));
}

export const leafHash = (leaf) => sha256(Uint8Array.of(LEAF_PREFIX), leaf);
export const nodeHash = (left, right) => sha256(Uint8Array.of(NODE_PREFIX), left, right);

export function fromBase64(b64) {
  const s = atob(b64);
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

export function toHex(bytes) {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(bytes) {
  return toHex(await sha256(bytes));
}

/**
 * The root implied by an inclusion proof (RFC 9162 2.1.3.2), with each step for display.
 * Throws when the proof's shape does not fit the tree. Indices may exceed 2^53 only in theory;
 * BigInt keeps them exact.
 */
export async function rootFromInclusionProof(leafIndex, treeSize, leafHashBytes, path) {
  let fn = BigInt(leafIndex);
  let sn = BigInt(treeSize) - 1n;
  if (fn < 0n || sn < 0n || fn > sn) throw new Error(`leaf index ${leafIndex} is outside a tree of size ${treeSize}`);
  let r = leafHashBytes;
  const steps = [];
  for (const p of path) {
    if (p.length !== 32) throw new Error('a proof element is not 32 bytes');
    if (sn === 0n) throw new Error('the proof is longer than the tree is deep');
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      steps.push({ side: 'left', sibling: toHex(p), result: toHex(r) });
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = await nodeHash(r, p);
      steps.push({ side: 'right', sibling: toHex(p), result: toHex(r) });
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new Error('the proof is shorter than the tree is deep');
  return { root: r, steps };
}
