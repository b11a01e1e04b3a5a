// "Try it": the three journeys with the sandbox's demo data (docs/console.md#try-it), shown on
// My data when the signed-in organisation sees a demo data set (mitai.demo.data, on by default
// in the sandbox). Each step names the exact clicks and the answer the seeded data gives.
import { el, fill } from './dom.js';

const DEMO = ['demo-patients', 'demo-claims', 'demo-customers'];

const code = (text) => el('code', {}, text);
const link = (href, text) => el('a', { href }, text);

function patientsProvenance(assets) {
  const patients = assets.find((a) => a.name === 'demo-patients');
  return patients ? `provenance.html?asset=${encodeURIComponent(patients.id)}` : 'provenance.html';
}

/** The steps for this organisation, or null when it sees no demo data. */
function steps(org, assets) {
  const names = assets.map((a) => a.name);
  if (!DEMO.some((n) => names.includes(n))) return null;
  const prov = patientsProvenance(assets);
  if (org === 'org1') {
    return [
      el('li', {}, el('strong', {}, 'Your data, encrypted: '), code('demo-patients'),
        ' (a hospital\u2019s 2000 synthetic patients) is stored under your organisation\u2019s key; only its schema, row count and commitment are on the ledger (follow its ledger tx).'),
      el('li', {}, el('strong', {}, 'Your grant: '), link('grants.html', 'Grants'),
        ' shows the grant already issued to org2 (PSI, PSI_CARDINALITY, SECURE_AGGREGATE, JOINT_STATS on seven columns). Revoke it and org2\u2019s next task is refused by the ledger.'),
      el('li', {}, el('strong', {}, 'Its history: '), link(prov, 'Provenance of demo-patients'),
        ' draws the data set, the grant and every task that used it. Sign in as ', code('bob'), ' to be the analyst.'),
    ];
  }
  if (org === 'org2') {
    return [
      el('li', {}, el('strong', {}, 'How many of our customers are the hospital\u2019s patients? '),
        link('tasks.html', 'Tasks'), ' \u2192 operation ', code('PSI_CARDINALITY'), ' \u2192 tick ',
        code('demo-patients'), ' and ', code('demo-claims'), ', column ', code('national_id'),
        ' in each \u2192 Launch. Answer: ', el('strong', {}, '1200'), '.'),
      el('li', {}, el('strong', {}, 'Patients per region: '), code('SECURE_AGGREGATE'), ' on ',
        code('demo-patients'), ' columns ', code('region'), ', ', code('age'), '; COUNT and MEAN, group by ',
        code('region'), ', minimum group size 10. Answer: central 315, east 377, north 457, south 436, west 415.'),
      el('li', {}, el('strong', {}, 'Do health and claims go together? '), code('JOINT_STATS'),
        ', key ', code('national_id'), ': ', code('demo-patients'), ' with ', code('age'), ', ', code('bmi'), ', ',
        code('admissions'), ' and ', code('demo-claims'), ' with ', code('claim_amount'), '; statistics REGRESSION, target ',
        code('claim_amount'), '. Answer: about 13.74 per year of age, 39.69 per BMI point, 216.59 per admission (intercept \u2212827.49), within the error bound shown.'),
      el('li', {}, 'Then sign in as ', code('auditor'), ': ', link('ledger.html', 'Ledger'),
        ' \u2192 Verify chain, and the provenance of ', code('demo-patients'), ' with your tasks on it.'),
    ];
  }
  return [
    el('li', {}, el('strong', {}, 'Your data: '), code('demo-customers'),
      ' (a bank\u2019s 1500 synthetic customers) is encrypted under your organisation\u2019s key.'),
    el('li', {}, el('strong', {}, 'Share it: '), link('grants.html', 'Grants'), ' \u2192 grant org2 ',
      code('PSI_CARDINALITY'), ' on ', code('national_id'), '; signed in as ', code('bob'),
      ', a PSI_CARDINALITY of ', code('demo-customers'), ' and ', code('demo-claims'), ' answers ',
      el('strong', {}, '800'), ' (500 with ', code('demo-patients'), ').'),
  ];
}

/** Shows the "Try it" card in `section` for `me` (hidden when there is no demo data). */
export function showTryIt(section, me, assets) {
  const list = steps(me.organisation, assets);
  section.hidden = !list;
  if (!list) return;
  fill(section,
    el('h2', { id: 'try-it-title' }, 'Try it with the demo data'),
    el('p', { class: 'muted small' },
      'This sandbox holds synthetic data sets generated from fixed seeds: a hospital\u2019s patients (org1), an insurer\u2019s claims (org2) and a bank\u2019s customers (org3), sharing a synthetic national id. The answers below are what they give; see docs/console.md.'),
    el('ol', { id: 'try-it-steps' }, list));
}
