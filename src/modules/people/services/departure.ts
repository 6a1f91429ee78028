import type { DepartureContract, Holding } from '../../../platform/departure.js';
import { AppError } from '../../../platform/errors.js';
import type { AppContext, RequestContext } from '../../../platform/context.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import type { Db } from '../../../platform/db/database.js';
import { todayOf } from '../../../platform/organisation.js';
import { obligationsOf } from '../domain/obligations.js';
import { agreementSettings } from './agreement-settings.js';
import { peopleFacts, signatureFacts, templateFacts } from './people-facts.js';

/**
 * The agreements' part of a departure (PER-04, PER-06): while a departure NDA is published, a person departs only
 * once they have signed its current version (electronically or on paper, recorded by the office). The departure page
 * lists the unsigned NDA (not something to hand over); the departure itself is refused with
 * `departure_nda_unsigned`. Signatures and the leaver row stay after the departure: the duty continues.
 */

/**
 * The departure NDAs the person has not signed in their current version: as a leaver, whether the office asked yet
 * or not (the departure needs it signed either way).
 */
async function unsignedDepartureNdas(ctx: AppContext, q: Db | Trx, userId: string) {
  const templates = (await templateFacts(ctx, q)).filter(
    (t) => t.kind === 'departure_nda' && t.active && t.current !== null,
  );
  if (templates.length === 0) return [];
  const [person] = await peopleFacts(ctx, q, { userIds: [userId] });
  if (!person) return [];
  const today = await todayOf(ctx, q);
  const facts = { ...person.facts, leavingSince: person.facts.leavingSince ?? today };
  const signatures = (await signatureFacts(q, [userId])).get(userId) ?? [];
  const signed = new Set(
    obligationsOf(facts, templates, signatures, await agreementSettings(ctx, q), today)
      .filter((o) => o.state === 'signed' || o.state === 'expiring')
      .map((o) => o.templateId),
  );
  const open = templates.filter((t) => !signed.has(t.id)).map((t) => t.id);
  if (open.length === 0) return [];
  return q.selectFrom('agreement_templates').select(['id', 'title']).where('id', 'in', open).orderBy('title').execute();
}

async function holdingsOf(ctx: AppContext, q: Db | Trx, userId: string): Promise<Holding[]> {
  return (await unsignedDepartureNdas(ctx, q, userId)).map((t) => ({
    id: t.id,
    kind: 'departure_nda_unsigned',
    reference: t.title,
    level: null,
    // Not handed over and not a holding that blocks by itself: the departure's last check refuses it.
    blocking: false,
    transferable: false,
  }));
}

async function handOver(): Promise<void> {
  throw new AppError('validation_failed', 'A departure NDA is signed by the person, never handed over', {
    field: 'holdingIds',
  });
}

async function onDeparted(trx: Trx, ctx: AppContext, _rc: RequestContext, userId: string): Promise<void> {
  const unsigned = await unsignedDepartureNdas(ctx, trx, userId);
  if (unsigned.length)
    throw new AppError('conflict', 'The departure NDA must be signed (or its paper signature recorded) first', {
      problem: 'departure_nda_unsigned',
      templates: unsigned.map((t) => t.title),
    });
}

export const peopleDeparture: DepartureContract = { holdingsOf, handOver, onDeparted };
