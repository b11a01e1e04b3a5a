// What the console offers in its forms. These mirror the ledger's rules (chaincode Operation and
// Assurance) only to avoid offering choices that cannot work; the ledger and the node decide.

export const OPERATIONS = [
  { id: 'SECURE_AGGREGATE', label: 'SECURE_AGGREGATE — count, sum, mean, variance (secret sharing)', tee: false, min: 1, max: 16 },
  { id: 'PSI', label: 'PSI — private set intersection (the intersecting keys)', tee: false, min: 2, max: 2 },
  { id: 'PSI_CARDINALITY', label: 'PSI_CARDINALITY — only the size of the intersection', tee: false, min: 2, max: 2 },
  { id: 'JOINT_STATS', label: 'JOINT_STATS — statistics over PSI-aligned rows', tee: false, min: 2, max: 16 },
  { id: 'TEE_JOB', label: 'TEE_JOB — a measured algorithm in an enclave', tee: true, min: 1, max: 16 },
];

export const ASSURANCES = ['MPC_SEMI_HONEST', 'TEE_SIMULATED', 'TEE_HARDWARE'];

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

/** Whether some task of `op` could meet `minimum` (chaincode Operation.usableWith). */
export function usableWith(op, minimum) {
  const levels = op.tee ? ['TEE_SIMULATED', 'TEE_HARDWARE'] : ['MPC_SEMI_HONEST'];
  return levels.some((l) => satisfies(l, minimum));
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
