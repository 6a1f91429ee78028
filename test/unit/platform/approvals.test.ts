import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/kernel/actor.js';
import {
  awaitsGroup,
  buildChain,
  chainApprovers,
  decide,
  holdsGroup,
  pendingApprovers,
  requestExpired,
  stepsFor,
  tierOf,
  type ApproverGroup,
  type Candidate,
  type ChainPolicy,
  type ChainResult,
  type ChainStep,
  type ChainTier,
  NO_GROUPS,
  type GroupContext,
  type RequestState,
  type RequestStatus,
  type StepMode,
  type StepPolicy,
} from '../../../src/kernel/approvals.js';
import type { ApprovalResource } from '../../../src/policy/approvals.js';
import {
  CLASSIFICATION_REQUEST_TYPES,
  DEFAULT_CLASSIFICATION_CHAINS as CHAINS,
  type ClassificationRequestType,
} from '../../../src/kernel/secret-item.js';
import { can, type Action } from '../../../src/policy/index.js';

const any = (group: ApproverGroup): StepPolicy => ({ group, mode: 'any' });
const all = (group: ApproverGroup): StepPolicy => ({ group, mode: 'all' });
const step = (mode: StepMode, ...approvers: string[]): ChainStep => ({ group: 'dept_head', mode, approvers });
const cand = (id: string, over: Partial<Candidate> = {}): Candidate => ({
  id,
  clearanceRank: 4,
  adminRole: null,
  active: true,
  ...over,
});
const pending = (chain: ChainStep[], over: Partial<RequestState> = {}): RequestState => ({
  status: 'pending',
  currentStep: 0,
  chain,
  decisions: [],
  ...over,
});

describe('chains by tier', () => {
  it.each<[number, ChainTier | null]>([
    [0, null],
    [1, null], // internal: no approval
    [2, 'confidential'],
    [3, 'secret'],
    [4, 'top_secret'],
    [5, 'top_secret'],
  ])('tierOf(%i) = %s', (rank, tier) => {
    expect(tierOf(rank)).toBe(tier);
  });

  // The default chains, written out from the rules: confidential needs the department head, secret adds the
  // confidentiality office, top secret adds leadership; access grants start with the custodian instead.
  const CLASSIFICATION: Record<number, ApproverGroup[]> = {
    0: [],
    1: [],
    2: ['dept_head'],
    3: ['dept_head', 'confidentiality_office'],
    4: ['dept_head', 'confidentiality_office', 'leadership'],
  };
  const ACCESS: Record<number, ApproverGroup[]> = {
    0: [],
    1: [],
    2: ['custodian'],
    3: ['custodian', 'confidentiality_office'],
    4: ['custodian', 'confidentiality_office', 'leadership'],
  };
  const rows = CLASSIFICATION_REQUEST_TYPES.flatMap((type) =>
    [0, 1, 2, 3, 4].map((rank) => [type, rank] as [ClassificationRequestType, number]),
  );
  it.each(rows)('default %s at rank %i', (type, rank) => {
    const groups = (type === 'classification.access_grant' ? ACCESS : CLASSIFICATION)[rank]!;
    expect(stepsFor(CHAINS[type], rank)).toEqual(groups.map(any));
  });

  it('reads a configured chain policy', () => {
    const custom: ChainPolicy = {
      ...CHAINS,
      'classification.declassify': {
        ...CHAINS['classification.declassify'],
        top_secret: [all('leadership'), any('classifier')],
      },
    };
    expect(stepsFor(custom['classification.declassify']!, 4)).toEqual([all('leadership'), any('classifier')]);
    expect(stepsFor(custom['classification.declassify']!, 3)).toEqual([
      any('dept_head'),
      any('confidentiality_office'),
    ]);
  });
});

describe('buildChain', () => {
  const req = { requesterId: 'req', subjectId: 'subj', levelRank: 3 };
  it.each<[string, Candidate[], string[]]>([
    ['an eligible approver', [cand('h1')], ['h1']],
    ['the requester is left out', [cand('req'), cand('h1')], ['h1']],
    ['the subject is left out', [cand('subj'), cand('h1')], ['h1']],
    ['clearance equal to the level is enough', [cand('h1', { clearanceRank: 3 })], ['h1']],
    ['clearance below the level is left out', [cand('h1', { clearanceRank: 2 }), cand('h2')], ['h2']],
    ['an inactive person is left out', [cand('h1', { active: false }), cand('h2')], ['h2']],
    ['the sysadmin is left out', [cand('h1', { adminRole: 'sysadmin' }), cand('h2')], ['h2']],
    ['the auditor is left out', [cand('h1', { adminRole: 'auditor' }), cand('h2')], ['h2']],
    ['the secadmin may approve', [cand('h1', { adminRole: 'secadmin' })], ['h1']],
    ['duplicates collapse, order kept', [cand('h2'), cand('h1'), cand('h2')], ['h2', 'h1']],
  ])('%s', (_label, candidates, approvers) => {
    const r = buildChain([all('dept_head')], { dept_head: candidates }, req);
    expect(r).toEqual({ ok: true, chain: [{ group: 'dept_head', mode: 'all', approvers }] });
  });

  const steps = [any('dept_head'), any('confidentiality_office'), all('leadership')];
  it.each<[string, Partial<Record<ApproverGroup, Candidate[]>>, ChainResult]>([
    [
      'every step resolved',
      {
        dept_head: [cand('h1')],
        confidentiality_office: [cand('o1'), cand('o2')],
        leadership: [cand('l1'), cand('l2')],
      },
      {
        ok: true,
        chain: [
          { group: 'dept_head', mode: 'any', approvers: ['h1'] },
          { group: 'confidentiality_office', mode: 'any', approvers: ['o1', 'o2'] },
          { group: 'leadership', mode: 'all', approvers: ['l1', 'l2'] },
        ],
      },
    ],
    [
      'the first step has nobody',
      { dept_head: [], confidentiality_office: [cand('o1')], leadership: [cand('l1')] },
      { ok: false, step: 0, group: 'dept_head', problem: 'no_approver' },
    ],
    [
      'the only office member is the requester',
      { dept_head: [cand('h1')], confidentiality_office: [cand('req')], leadership: [cand('l1')] },
      { ok: false, step: 1, group: 'confidentiality_office', problem: 'no_approver' },
    ],
    [
      'the group is missing altogether',
      { dept_head: [cand('h1')], confidentiality_office: [cand('o1')] },
      { ok: false, step: 2, group: 'leadership', problem: 'no_approver' },
    ],
    [
      'the only leader is not cleared',
      { dept_head: [cand('h1')], confidentiality_office: [cand('o1')], leadership: [cand('l1', { clearanceRank: 2 })] },
      { ok: false, step: 2, group: 'leadership', problem: 'no_approver' },
    ],
    [
      'the only office member is the auditor or the subject',
      {
        dept_head: [cand('h1')],
        confidentiality_office: [cand('a', { adminRole: 'auditor' }), cand('subj')],
        leadership: [cand('l1')],
      },
      { ok: false, step: 1, group: 'confidentiality_office', problem: 'no_approver' },
    ],
  ])('%s', (_label, candidates, result) => {
    expect(buildChain(steps, candidates, req)).toEqual(result);
  });

  // Four eyes: one person approves one step of a request, so the chain needs a different person per step.
  const three = [any('dept_head'), any('confidentiality_office'), any('leadership')];
  it.each<
    [
      string,
      StepPolicy[],
      Partial<Record<ApproverGroup, Candidate[]>>,
      { ok: true } | { ok: false; step: number; group: ApproverGroup },
    ]
  >([
    [
      'a person in two groups, each with someone else too',
      three,
      { dept_head: [cand('x'), cand('h')], confidentiality_office: [cand('x'), cand('o')], leadership: [cand('l')] },
      { ok: true },
    ],
    [
      'the only head is the only office member',
      three,
      { dept_head: [cand('x')], confidentiality_office: [cand('x')], leadership: [cand('l')] },
      { ok: false, step: 1, group: 'confidentiality_office' },
    ],
    [
      'the only leader heads the department alone',
      three,
      { dept_head: [cand('l')], confidentiality_office: [cand('o')], leadership: [cand('l')] },
      { ok: false, step: 2, group: 'leadership' },
    ],
    [
      'one person may serve the first step if another takes the second',
      three,
      { dept_head: [cand('x'), cand('o')], confidentiality_office: [cand('o')], leadership: [cand('l')] },
      { ok: true },
    ],
    [
      'three steps, two people among them',
      three,
      { dept_head: [cand('a'), cand('b')], confidentiality_office: [cand('a'), cand('b')], leadership: [cand('a')] },
      { ok: false, step: 2, group: 'leadership' },
    ],
    [
      'an all step keeps its people to itself',
      [all('confidentiality_office'), any('leadership')],
      { confidentiality_office: [cand('o'), cand('x')], leadership: [cand('x')] },
      { ok: false, step: 1, group: 'leadership' },
    ],
    [
      'two all steps may not share a person',
      [all('dept_head'), all('leadership')],
      { dept_head: [cand('h'), cand('x')], leadership: [cand('x'), cand('l')] },
      { ok: false, step: 1, group: 'leadership' },
    ],
    [
      'an any step before an all step takes someone outside it',
      [any('dept_head'), all('leadership')],
      { dept_head: [cand('x'), cand('h')], leadership: [cand('x')] },
      { ok: true },
    ],
  ])('four eyes: %s', (_label, policySteps, candidates, want) => {
    const r = buildChain(policySteps, candidates, req);
    expect(r.ok ? { ok: true } : { ok: false, step: r.step, group: r.group }).toEqual(want);
    if (!r.ok) expect(r.problem).toBe('four_eyes');
  });

  it('no steps (open level) gives an empty chain', () => {
    expect(buildChain([], {}, req)).toEqual({ ok: true, chain: [] });
  });

  it('without a subject, only the requester is left out', () => {
    const r = buildChain(
      [any('custodian')],
      { custodian: [cand('req'), cand('c1')] },
      { requesterId: 'req', subjectId: null, levelRank: 2 },
    );
    expect(r).toEqual({ ok: true, chain: [{ group: 'custodian', mode: 'any', approvers: ['c1'] }] });
  });
});

describe('pendingApprovers and chainApprovers', () => {
  const chain = [step('all', 'a', 'b', 'c'), step('any', 'd', 'a')];
  it.each<[string, RequestState, string[]]>([
    ['nobody decided yet', pending(chain), ['a', 'b', 'c']],
    [
      'one approved on an all step',
      pending(chain, { decisions: [{ step: 0, approverId: 'b', decision: 'approve' }] }),
      ['a', 'c'],
    ],
    [
      'second step: earlier decisions do not count',
      pending(chain, { currentStep: 1, decisions: [{ step: 0, approverId: 'b', decision: 'approve' }] }),
      ['d', 'a'],
    ],
    [
      'second step: who approved the first does not approve again',
      pending(chain, { currentStep: 1, decisions: [{ step: 0, approverId: 'a', decision: 'approve' }] }),
      ['d'],
    ],
    ['approved request', pending(chain, { status: 'approved', currentStep: 2 }), []],
    ['rejected request', pending(chain, { status: 'rejected' }), []],
    ['withdrawn request', pending(chain, { status: 'withdrawn' }), []],
    ['expired request', pending(chain, { status: 'expired' }), []],
    ['past the last step', pending(chain, { currentStep: 2 }), []],
  ])('%s -> %j', (_label, s, ids) => {
    expect(pendingApprovers(s)).toEqual(ids);
  });

  it('chainApprovers lists everyone on the chain once, in order of appearance', () => {
    expect(chainApprovers(chain)).toEqual(['a', 'b', 'c', 'd']);
    expect(chainApprovers([])).toEqual([]);
  });
});

describe('decide', () => {
  type Expect =
    | { problem: 'not_pending' | 'not_an_approver' }
    | { problem: 'needed_later'; step: number }
    | { status: RequestStatus; currentStep: number; completed: boolean };
  type Move = [approverId: string, decision: 'approve' | 'reject', expect: Expect];
  const two = [step('any', 'h1', 'h2'), step('any', 'o1')];
  const allThenAny = [step('all', 'o1', 'o2'), step('any', 'l1')];

  it.each<[string, ChainStep[], RequestStatus, Move[]]>([
    [
      'one any step: one approval completes',
      [step('any', 'h1', 'h2')],
      'pending',
      [['h2', 'approve', { status: 'approved', currentStep: 1, completed: true }]],
    ],
    [
      'two steps: completes only on the last',
      two,
      'pending',
      [
        ['h1', 'approve', { status: 'pending', currentStep: 1, completed: false }],
        ['h2', 'approve', { problem: 'not_an_approver' }], // the first step is over
        ['o1', 'approve', { status: 'approved', currentStep: 2, completed: true }],
        ['o1', 'approve', { problem: 'not_pending' }],
      ],
    ],
    ['a later step may not decide early', two, 'pending', [['o1', 'approve', { problem: 'not_an_approver' }]]],
    ['a stranger may not decide', two, 'pending', [['x', 'reject', { problem: 'not_an_approver' }]]],
    [
      'all step: every approver must approve, once each',
      allThenAny,
      'pending',
      [
        ['o1', 'approve', { status: 'pending', currentStep: 0, completed: false }],
        ['o1', 'approve', { problem: 'not_an_approver' }],
        ['l1', 'approve', { problem: 'not_an_approver' }],
        ['o2', 'approve', { status: 'pending', currentStep: 1, completed: false }],
        ['l1', 'approve', { status: 'approved', currentStep: 2, completed: true }],
      ],
    ],
    [
      'a rejection ends the request',
      two,
      'pending',
      [
        ['h1', 'reject', { status: 'rejected', currentStep: 0, completed: false }],
        ['h2', 'approve', { problem: 'not_pending' }],
      ],
    ],
    [
      'a rejection on the last step applies nothing',
      two,
      'pending',
      [
        ['h1', 'approve', { status: 'pending', currentStep: 1, completed: false }],
        ['o1', 'reject', { status: 'rejected', currentStep: 1, completed: false }],
      ],
    ],
    [
      'one rejection on an all step ends it',
      allThenAny,
      'pending',
      [
        ['o1', 'approve', { status: 'pending', currentStep: 0, completed: false }],
        ['o2', 'reject', { status: 'rejected', currentStep: 0, completed: false }],
        ['l1', 'approve', { problem: 'not_pending' }],
      ],
    ],
    [
      'four eyes: who approved a step does not approve the next',
      [step('any', 'x', 'y'), step('any', 'x', 'z')],
      'pending',
      [
        ['x', 'approve', { status: 'pending', currentStep: 1, completed: false }],
        ['x', 'approve', { problem: 'not_an_approver' }],
        ['z', 'approve', { status: 'approved', currentStep: 2, completed: true }],
      ],
    ],
    [
      'four eyes: the only approver of a later step leaves this one to another',
      [step('any', 'h1', 'o1'), step('any', 'o1')],
      'pending',
      [
        ['o1', 'approve', { problem: 'needed_later', step: 1 }],
        ['o1', 'reject', { status: 'rejected', currentStep: 0, completed: false }],
      ],
    ],
    [
      'four eyes: once another took the step, the later approver decides theirs',
      [step('any', 'h1', 'o1'), step('any', 'o1')],
      'pending',
      [
        ['h1', 'approve', { status: 'pending', currentStep: 1, completed: false }],
        ['o1', 'approve', { status: 'approved', currentStep: 2, completed: true }],
      ],
    ],
    ['approved requests take no decision', two, 'approved', [['h1', 'approve', { problem: 'not_pending' }]]],
    ['rejected requests take no decision', two, 'rejected', [['h1', 'approve', { problem: 'not_pending' }]]],
    ['withdrawn requests take no decision', two, 'withdrawn', [['h1', 'reject', { problem: 'not_pending' }]]],
    ['expired requests take no decision', two, 'expired', [['h1', 'approve', { problem: 'not_pending' }]]],
  ])('%s', (_label, chain, status, moves) => {
    let s = pending(chain, { status });
    for (const [i, [approverId, decision, exp]] of moves.entries()) {
      const before = JSON.stringify(s);
      const r = decide(s, approverId, decision);
      expect(JSON.stringify(s), `move ${i} leaves its input alone`).toBe(before);
      if ('problem' in exp) {
        expect(r, `move ${i}`).toEqual({ ok: false, ...exp });
        continue;
      }
      if (!r.ok) throw new Error(`move ${i}: refused with ${r.problem}`);
      const record = { step: s.currentStep, approverId, decision };
      expect({ status: r.state.status, currentStep: r.state.currentStep, completed: r.completed }, `move ${i}`).toEqual(
        exp,
      );
      expect(r.decision).toEqual(record);
      expect(r.state.decisions).toEqual([...s.decisions, record]);
      s = r.state;
    }
  });

  it.each<[string, string, boolean]>([
    ['2025-06-30T00:00:00.000Z', '2025-06-29T23:59:59.999Z', false],
    ['2025-06-30T00:00:00.000Z', '2025-06-30T00:00:00.000Z', true],
    ['2025-06-30T00:00:00.000Z', '2025-07-01T00:00:00.000Z', true],
  ])('requestExpired(%s, at %s) = %s', (expiresAt, at, expired) => {
    expect(requestExpired(expiresAt, at)).toBe(expired);
  });

  it('a default top-secret chain built from candidates walks to completion', () => {
    const steps = stepsFor(CHAINS['classification.classify'], 4);
    const built = buildChain(
      steps,
      {
        dept_head: [cand('me'), cand('h2')],
        confidentiality_office: [cand('sec', { adminRole: 'secadmin' })],
        leadership: [cand('gm'), cand('sys', { adminRole: 'sysadmin' })],
      },
      { requesterId: 'me', subjectId: null, levelRank: 4 },
    );
    if (!built.ok) throw new Error('chain refused');
    expect(built.chain.map((c) => c.approvers)).toEqual([['h2'], ['sec'], ['gm']]);
    let s = pending(built.chain);
    for (const id of ['h2', 'sec']) {
      const r = decide(s, id, 'approve');
      if (!r.ok) throw new Error(r.problem);
      expect(r.completed).toBe(false);
      s = r.state;
    }
    const last = decide(s, 'gm', 'approve');
    expect(last.ok && last.completed && last.state.status).toBe('approved');
  });
});

describe('approval policy (can)', () => {
  const me = (over: Partial<Actor> = {}, clearanceRank = 3): Actor => ({
    id: 'me',
    username: 'me',
    displayName: 'Me',
    departmentId: 'd1',
    adminRole: null,
    businessRoles: ['dept_head'],
    clearanceClass: 'important',
    status: 'active',
    separationUntil: null,
    access: { departmentPath: ['d1'], clearanceRank },
    ...over,
  });
  const approval = (over: Partial<ApprovalResource> = {}): ApprovalResource => ({
    kind: 'approval',
    requesterId: 'req',
    subjectId: null,
    levelRank: 3,
    status: 'pending',
    pendingApprovers: ['me', 'o2'],
    earlierStepApprovers: [],
    chainApprovers: ['me', 'o2', 'l1'],
    stepGroup: 'dept_head',
    groupContext: { ...NO_GROUPS, departmentPath: ['d1', 'root'], targetHolders: { custodian: ['cust'] } },
    ...over,
  });
  const { access: _dropped, ...noAccess } = me();
  const { groupContext: _g, ...noGroups } = approval();

  // [label, actor, resource, view, decide, withdraw]
  it.each<[string, Actor, ApprovalResource, boolean, boolean, boolean]>([
    ['a pending approver with clearance equal to the level', me(), approval(), true, true, false],
    ['a pending approver with higher clearance', me({}, 4), approval(), true, true, false],
    ['a pending approver below the level (no approving up)', me({}, 2), approval(), true, false, false],
    [
      'a pending approver of a top secret request with secret clearance',
      me(),
      approval({ levelRank: 4 }),
      true,
      false,
      false,
    ],
    ['on the chain but not on the current step', me(), approval({ pendingApprovers: ['o2'] }), true, false, false],
    [
      'not on the chain at all',
      me(),
      approval({ pendingApprovers: ['o2'], chainApprovers: ['o2'] }),
      false,
      false,
      false,
    ],
    ['own request, even if listed as approver', me(), approval({ requesterId: 'me' }), true, false, true],
    [
      'own request, not pending any more',
      me(),
      approval({ requesterId: 'me', status: 'approved' }),
      true,
      false,
      false,
    ],
    ['the subject of the request, even if listed', me(), approval({ subjectId: 'me' }), true, false, false],
    [
      'the subject, not on the chain',
      me(),
      approval({ subjectId: 'me', pendingApprovers: [], chainApprovers: ['o2'] }),
      true,
      false,
      false,
    ],
    ['approved request', me(), approval({ status: 'approved' }), true, false, false],
    ['rejected request', me(), approval({ status: 'rejected' }), true, false, false],
    ['withdrawn request', me(), approval({ status: 'withdrawn' }), true, false, false],
    ['expired request', me(), approval({ status: 'expired' }), true, false, false],
    ['the sysadmin as a pending approver', me({ adminRole: 'sysadmin' }, 4), approval(), true, false, false],
    ['the auditor as a pending approver', me({ adminRole: 'auditor' }, 4), approval(), true, false, false],
    ['the secadmin as a pending approver', me({ adminRole: 'secadmin' }, 4), approval(), true, true, false],
    ['a pending approver without an access profile', noAccess, approval(), true, false, false],
    ['a disabled pending approver', me({ status: 'disabled' }), approval(), false, false, false],
    ['a departed requester', me({ status: 'departed' }), approval({ requesterId: 'me' }), false, false, false],
    [
      'a pending approver who is no longer a department head',
      me({ businessRoles: ['employee'] }),
      approval(),
      true,
      false,
      false,
    ],
    [
      'a pending head who moved to a department off the path',
      me({ departmentId: 'elsewhere' }),
      approval(),
      true,
      false,
      false,
    ],
    ['a pending approver, where the groups are unknown (fail closed)', me(), noGroups, true, false, false],
    ['a pending approver of a finished request (no step)', me(), approval({ stepGroup: null }), true, false, false],
  ])('%s: view %s, decide %s, withdraw %s', (_label, a, r, view, decideOk, withdraw) => {
    expect(can(a, 'approval.view', r)).toBe(view);
    expect(can(a, 'approval.decide', r)).toBe(decideOk);
    expect(can(a, 'approval.withdraw', r)).toBe(withdraw);
  });

  const ctx: GroupContext = {
    departmentPath: ['team', 'division', 'root'],
    leaderInCharge: 'lic',
    generalManager: 'gm',
    roleHolders: { finance_supervisor: ['fin1', 'fin2'] },
    targetHolders: { custodian: ['cust'], classifier: ['cls'] },
  };
  const person = (over: Partial<Parameters<typeof holdsGroup>[0]> = {}) => ({
    id: 'p',
    adminRole: null,
    businessRoles: [] as string[],
    departmentId: 'team',
    ...over,
  });
  it.each<[string, Parameters<typeof holdsGroup>[0], ApproverGroup, boolean]>([
    ['head of the department', person({ businessRoles: ['dept_head'] }), 'dept_head', true],
    [
      'head of a department above it',
      person({ businessRoles: ['dept_head'], departmentId: 'division' }),
      'dept_head',
      true,
    ],
    [
      'head of a department beside it',
      person({ businessRoles: ['dept_head'], departmentId: 'other' }),
      'dept_head',
      false,
    ],
    ['head without a department', person({ businessRoles: ['dept_head'], departmentId: null }), 'dept_head', false],
    ['officer of the department, for the head step', person({ businessRoles: ['dept_officer'] }), 'dept_head', false],
    ['officer of the department', person({ businessRoles: ['dept_officer'] }), 'dept_officer', true],
    ['no longer leadership', person({ businessRoles: ['employee'] }), 'leadership', false],
    [
      'leadership, any department',
      person({ businessRoles: ['leadership'], departmentId: 'other' }),
      'leadership',
      true,
    ],
    ['the security administrator', person({ adminRole: 'secadmin' }), 'confidentiality_office', true],
    ['a former security administrator', person(), 'confidentiality_office', false],
    ['the sysadmin for the confidentiality office', person({ adminRole: 'sysadmin' }), 'confidentiality_office', false],
    ['the custodian', person({ id: 'cust' }), 'custodian', true],
    ['a former custodian', person(), 'custodian', false],
    ['the classifier', person({ id: 'cls' }), 'classifier', true],
    ['a former classifier', person(), 'classifier', false],
    ['the leader in charge of the department', person({ id: 'lic' }), 'leader_in_charge', true],
    ['leadership is not the leader in charge', person({ businessRoles: ['leadership'] }), 'leader_in_charge', false],
    ['the general manager', person({ id: 'gm' }), 'general_manager', true],
    ['the leader in charge is not the general manager', person({ id: 'lic' }), 'general_manager', false],
    ['a finance supervisor', person({ id: 'fin2' }), 'role:finance_supervisor', true],
    ['no longer a finance supervisor', person(), 'role:finance_supervisor', false],
    ['a role nobody holds', person({ id: 'fin1' }), 'role:archive_keeper', false],
    ['a group the target does not define', person({ id: 'cust' }), 'owner', false],
  ])('holdsGroup: %s (%s) -> %s', (_label, p, group, expected) => {
    expect(holdsGroup(p, group, ctx)).toBe(expected);
  });

  it('approval actions need an approval resource', () => {
    const actions: Action[] = ['approval.view', 'approval.decide', 'approval.withdraw'];
    for (const action of actions) {
      expect(can(me(), action), action).toBe(false);
      expect(can(me(), action, { kind: 'user', id: 'me', adminRole: null }), action).toBe(false);
    }
  });
});

describe('awaitsGroup: does a pending request still wait for a group', () => {
  const chain = [{ group: 'dept_head' }, { group: 'custodian' }, { group: 'leadership' }] as const;
  it.each<[number, ApproverGroup, boolean]>([
    [0, 'custodian', true],
    [1, 'custodian', true],
    [2, 'custodian', false],
    [0, 'dept_head', true],
    [1, 'dept_head', false],
    [2, 'leadership', true],
    [0, 'classifier', false],
  ])('at step %i, %s -> %s', (step, group, expected) => {
    expect(awaitsGroup(chain, step, group)).toBe(expected);
  });
});
