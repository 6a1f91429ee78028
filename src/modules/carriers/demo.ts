import type { ScopeEntry } from '../../kernel/secret-item.js';
import type { AppContext } from '../../platform/context.js';
import { loadRequest } from '../../platform/approvals/approval-service.js';
import { decideRequest } from '../../platform/approvals/decide.js';
import { demoCast } from '../identity/index.js';
import type { CarrierSummary } from './contracts/carriers.js';
import { demoRegister, HANDLERS, LOCATIONS, PROTECTION, type DemoCarrier } from './demo-data.js';
import { addDays } from './domain/movement-rules.js';
import { requestCarryOut, departCarryOut } from './services/carry-out-service.js';
import { circulateCarrier, signCirculation } from './services/circulation-service.js';
import { dispatchCarrier, recordReceipt, transmitCarrier } from './services/dispatch-service.js';
import { assignHandler } from './services/handler-service.js';
import { lendCarrier, returnCarrier } from './services/loan-service.js';
import { createLocation } from './services/location-service.js';
import { getCarrier } from './services/carrier-read.js';
import { registerCarrier } from './services/register-service.js';
import { todayOf } from '../../platform/organisation.js';

/**
 * The carriers part of the demo (issue 14): each department's safes and cabinets, its designated handlers, and a
 * register of a few hundred carriers built up over the last five months — documents, 文电, drawings, USB media,
 * laptops, meeting papers — with movements under way: loans (one overdue), a carry-out out with the leader in
 * charge's approval, a transmission waiting for its sign-for, a circulation open, a dispatch with its receipt.
 * Everything is done by the demo people through the module's use cases. What happened in the past is done on a
 * clock set back to that day (a copy of the context with its own `now`), so due dates, overdue loans, histories and
 * 文电 old enough for the clean-up read as they would have been recorded. The audit chain stays one chain in the
 * order the events were written (it links by sequence, not by time): the carriers' back-dated events follow the
 * other modules' demo events, with earlier times.
 */
/** The register is built up over this many days before today; the last registrations a few days ago. */
const HISTORY_DAYS = 150;
/** Registrations run this many at a time: each is the use case's own transaction; PostgreSQL overlaps their reads. */
const CHUNK = 8;

export async function loadCarriersDemo(ctx: AppContext): Promise<Record<string, number>> {
  const { ago, as, idOf, departments } = await demoCast(ctx);
  const deptId = (name: string) => {
    const id = departments.get(name);
    if (!id) throw new Error(`demo department ${name} is missing`);
    return id;
  };

  // Storage locations: registered by the security office before anything is kept in them.
  const start = ago(HISTORY_DAYS + 1);
  const secadmin = await as('secadmin');
  const locations = new Map<string, string>();
  for (const l of LOCATIONS) {
    const created = await createLocation(start, secadmin, {
      code: l.code,
      name: l.name,
      kind: l.kind,
      room: l.room,
      departmentId: deptId(l.department),
      maxLevel: l.maxLevel,
      physicalProtection: PROTECTION.physical,
      electronicProtection: PROTECTION.electronic,
      keyHolderIds: await Promise.all(l.keyHolders.map(idOf)),
    });
    locations.set(l.code, created.id);
  }
  // Designated handlers, named by each department's head.
  let handlers = 0;
  for (const h of HANDLERS)
    for (const duty of h.duties) {
      await assignHandler(start, await as(h.by), deptId(h.department), { userId: await idOf(h.user), duty });
      handlers++;
    }

  // The register, oldest first, spread over the history.
  const year = Number((await todayOf(ctx)).slice(0, 4));
  const register = demoRegister(year);
  const byTitle = new Map<string, CarrierSummary[]>();
  const registeredAgo = new Map<string, number>();
  let units = 0;
  const registerOne = async (c: DemoCarrier, i: number) => {
    const daysAgo = HISTORY_DAYS - Math.floor((i * (HISTORY_DAYS - 4)) / register.length);
    const scope: ScopeEntry[] = [
      ...c.scope.departments.map((d): ScopeEntry => ({ kind: 'department', ref: deptId(d) })),
      ...(c.scope.leadership ? [{ kind: 'role', ref: 'leadership' } as ScopeEntry] : []),
    ];
    const { items } = await registerCarrier(ago(daysAgo), await as(c.registrar), {
      origin: c.received ? 'received' : 'produced',
      title: c.title,
      kind: c.kind,
      itemId: null,
      level: c.level,
      period: { value: c.years, unit: 'years' },
      declassifyCondition: null,
      copies: c.copies,
      pages: c.pages,
      ...(c.quantity ? { quantity: c.quantity } : {}),
      originator: c.originator,
      departmentId: deptId(c.department),
      custodianId: await idOf(c.custodian),
      locationId: locations.get(c.location)!,
      scope,
      received: c.received ? { channel: c.received.channel, counterpart: c.received.from, note: null } : null,
    });
    units += items.length;
    byTitle.set(c.title, items);
    registeredAgo.set(c.title, daysAgo);
  };
  for (let i = 0; i < register.length; i += CHUNK)
    await Promise.all(register.slice(i, i + CHUNK).map((c, k) => registerOne(c, i + k)));
  const unit = (title: string) => {
    const u = byTitle.get(title)?.[0];
    if (!u) throw new Error(`demo carrier ${title} is missing`);
    return u;
  };
  /** The first unit of each registration of a series, in register order. */
  const series = (key: string) => register.filter((c) => c.key === key).map((c) => unit(c.title));

  // A loan long returned: a software specification read by a junior engineer a few days after it was registered.
  const specTitle = '软件需求规格说明（子系统 A）';
  const spec = unit(specTitle);
  const specAgo = registeredAgo.get(specTitle)!;
  const lent = await lendCarrier(ago(specAgo - 3), await as('hejun'), spec.id, {
    version: spec.version,
    borrowerId: await idOf('machao'),
    dueOn: null,
  });
  await returnCarrier(ago(specAgo - 10), await as('hejun'), spec.id, lent.loan!.id, {
    version: lent.version,
    pages: register.find((c) => c.title === specTitle)!.pages,
    quantity: 1,
    note: null,
  });

  // Overdue: the cashier borrowed a monthly analysis three weeks ago (14 days for 秘密) and has not brought it back.
  const monthly = series('monthly')[0]!;
  await lendCarrier(ago(20), await as('zhouting'), monthly.id, {
    version: monthly.version,
    borrowerId: await idOf('wulei'),
    dueOn: null,
  });
  // Loans under way: a board drawing to a software engineer, the staff register to the head of the office.
  const drawing = series('drawing')[0]!;
  await lendCarrier(ago(2), await as('gaojie'), drawing.id, {
    version: drawing.version,
    borrowerId: await idOf('hejun'),
    dueOn: null,
  });
  const roster = unit(`涉密人员名册（${year}年度）`);
  await lendCarrier(ago(1), await as('zhaomin'), roster.id, {
    version: roster.version,
    borrowerId: await idOf('liuyang'),
    dueOn: null,
  });

  // Dispatched to the municipal secrecy bureau by confidential mail, its receipt recorded three days later.
  const summary = unit(`${year - 1}年度保密工作总结`);
  const sent = await dispatchCarrier(ago(10), await as('zhaomin'), summary.id, {
    version: summary.version,
    channel: 'confidential_mail',
    counterpart: '市国家保密局',
    copies: 1,
    note: '按要求报送年度总结',
  });
  await recordReceipt(ago(7), await as('zhaomin'), summary.id, sent.dispatch!.id, {
    version: sent.version,
    signedByName: '市保密局 王科长',
    signedAt: await todayOf(ago(7)),
  });

  // Carried out: a development laptop to a technical review in Beijing, approved by the leader in charge of R&D.
  const laptop = series('laptop')[0]!;
  const asked = await requestCarryOut(ago(3), await as('hejun'), laptop.id, {
    version: laptop.version,
    bearerId: await idOf('hejun'),
    destination: '集团公司科技部（北京）',
    purpose: '参加重点项目技术评审并现场演示',
    returnOn: addDays(await todayOf(ago(3)), 5),
  });
  const request = await loadRequest(ctx.db, asked.requestId);
  await decideRequest(ago(3), await as('huangzhiqiang'), asked.requestId, {
    version: request!.req.version,
    decision: 'approve',
    comment: '同意，注意全程随身携带',
  });
  const approved = await getCarrier(ago(2), await as('hejun'), laptop.id);
  await departCarryOut(ago(2), await as('hejun'), laptop.id, approved.carryOut!.id, approved.version);

  // Today: next year's budget transmitted to the deputy general manager, who has still to sign for it.
  const budget = series('budget')[0]!;
  await transmitCarrier(ctx, await as('zhouting'), budget.id, {
    version: budget.version,
    channel: 'by_hand',
    recipientId: await idOf('lixiuying'),
    note: '请李总审阅',
  });
  // A circular read by the office head and the two leaders; the office head has signed off.
  const circular = series('circular').at(-1)!;
  const circulating = await circulateCarrier(ctx, await as('zhaomin'), circular.id, {
    version: circular.version,
    readerIds: await Promise.all(['liuyang', 'wangjianguo', 'lixiuying'].map(idOf)),
    dueOn: addDays(await todayOf(ctx), 3),
  });
  await signCirculation(ctx, await as('liuyang'), circular.id, circulating.circulation!.id, circulating.version);

  return {
    locations: LOCATIONS.length,
    handlers,
    carriers: units,
    loans: 3,
    overdueLoans: 1,
    carryOuts: 1,
    awaitingSignFor: 1,
    circulations: 1,
  };
}
