// What the console offers in its forms. The assurance table mirrors the ledger's rules (chaincode
// Assurance) only to avoid offering choices that cannot work; the ledger and the node decide.

// The operations themselves (input counts, assurance levels, protocols) come from the node's
// catalogue, GET /api/v1/operations: see operations() below.

export const ASSURANCES = ['MPC_SEMI_HONEST', 'TEE_SIMULATED', 'TEE_HARDWARE'];

/**
 * `params.protocol` of PSI and JOINT_STATS: left out, the node chooses by size (OT-extension PSI
 * from 1,000 rows where it reveals no more than ECDH, docs/api.md) and records the choice.
 */
export const PSI_PROTOCOLS = [
  { id: '', label: 'chosen by the node from the inputs\' sizes' },
  { id: 'ECDH', label: 'ECDH-PSI (public-key operations)' },
  { id: 'OT', label: 'OT-extension PSI (AES and bandwidth; two inputs)' },
];

/** Who may deal JOINT_STATS's Beaver triples (the node's params.dealer). */
export const DEALERS = [
  { id: 'ORGANISATION', label: 'an organisation holding no input' },
  { id: 'ENCLAVE', label: 'the attested enclave (TEE-assisted MPC)' },
];

/**
 * The algorithms a TEE_JOB can run: the allow-list without the enclave's JOINT_STATS dealer role,
 * which is measured and listed too but is not a job.
 */
export function jobAlgorithms(algorithms) {
  return algorithms.filter((a) => a.name !== 'beaver-dealer');
}

/** Whether a computation at `level` meets a grant's `minimum` (chaincode Assurance.satisfies). */
export function satisfies(level, minimum) {
  if (minimum === 'MPC_SEMI_HONEST') return level === 'MPC_SEMI_HONEST';
  if (minimum === 'TEE_SIMULATED') return true;
  return level === 'TEE_HARDWARE';
}

/** Whether some task of `op` (from the catalogue) could meet `minimum` (chaincode Operation.usableWith). */
export function usableWith(op, minimum) {
  return op.assurances.some((l) => satisfies(l, minimum));
}

/** The node's operation catalogue (GET /api/v1/operations), each with a label for the forms. */
export async function operations(get) {
  return (await get('/api/v1/operations')).map((op) => ({ ...op, label: `${op.id} — ${op.summary}` }));
}

export const NUMERIC = new Set(['INTEGER', 'DECIMAL']);

/**
 * Why a received grant cannot be used for `operation` now, or null if it can. Checks what the
 * ledger will check: status, validity window, uses left, operation.
 */
export function grantUnusable(grant, operation, now = new Date()) {
  if (grant.status !== 'ACTIVE') {
    return grant.status === 'REVOKED'
      ? `the grant was revoked${grant.revokedReason ? ` (“${grant.revokedReason}”)` : ''}`
      : `the grant is ${grant.status}`;
  }
  if (grant.validFrom && new Date(grant.validFrom) > now) return `the grant is valid only from ${grant.validFrom}`;
  if (grant.validUntil && new Date(grant.validUntil) <= now) return `the grant expired on ${grant.validUntil}`;
  if (grant.usesLeft <= 0) return `the grant's ${grant.maxUses} uses are all consumed`;
  if (operation && !grant.operations.includes(operation)) {
    return `the grant allows ${grant.operations.join(', ')}, not ${operation}`;
  }
  return null;
}
