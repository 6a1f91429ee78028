import { Empty, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { fmtDate, fmtDateTime } from '../../../app/format.js';
import type { CarrierEvent } from '../contracts.js';

/** Details worth a word, in this order; ids (and what the page shows anyway) are left out. */
const SHOWN = [
  'channel',
  'from',
  'fromName',
  'toName',
  'counterpart',
  'borrowerName',
  'recipientName',
  'bearerName',
  'readerNames',
  'personNames',
  'signedByName',
  'signedAt',
  'destination',
  'copies',
  'dueOn',
  'returnOn',
  'extensions',
  'pages',
  'quantity',
  'changed',
  'number',
  'reason',
  'note',
] as const;
/** Flags shown by their name alone when set (a late return, a count that differs from the register). */
const FLAGS = ['late', 'differs'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One detail as words: codes translated where the module has words for them, lists joined, dates as dates. */
function valueText(t: TFunction, key: string, v: unknown): string | null {
  if (v === null || v === undefined || v === '' || (typeof v === 'string' && UUID.test(v))) return null;
  if (key === 'channel' && typeof v === 'string') return t(`channel.${v}`, { defaultValue: v });
  if (key === 'changed' && Array.isArray(v))
    return v.map((f) => t(`changedField.${String(f)}`, { defaultValue: String(f) })).join(t('common.listSep'));
  if (Array.isArray(v))
    return (
      v
        .filter((x) => x !== '' && x !== null)
        .map(String)
        .join(t('common.listSep')) || null
    );
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return fmtDate(v);
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  return null;
}

/** `from` is the sending unit of a received carrier, the earlier due date of an extended loan. */
const FROM_LABEL: Record<string, string> = { received: 'fromUnit', loan_extended: 'fromDue' };

export function detailsText(t: TFunction, event: string, details: Record<string, unknown>): string {
  const parts = SHOWN.flatMap((k) => {
    // `number` is the request's number on the events that submitted one (a carrier's own is on the page).
    if (k === 'number' && !details.requestId) return [];
    const text = valueText(t, k, details[k]);
    const label = k === 'from' ? (FROM_LABEL[event] ?? k) : k;
    return text === null ? [] : [`${t(`historyField.${label}`)}: ${text}`];
  });
  for (const f of FLAGS) if (details[f] === true) parts.push(t(`historyField.${f}`));
  return parts.join(' · ');
}

/**
 * The carrier's history, newest first: each event named in the reader's language (an event this version does not
 * know keeps its code), who did it and when, and its details in words.
 */
export function CarrierHistory({ events }: { events: readonly CarrierEvent[] }) {
  const { t } = useTranslation('carriers');
  if (events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noHistory')} />;
  const newest = [...events].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return (
    <Timeline
      data-testid="carrier-history"
      items={newest.map((e) => {
        const details = detailsText(t, e.event, e.details ?? {});
        return {
          key: e.id,
          content: (
            <div data-testid={`carrier-event-${e.event}`}>
              <Typography.Text strong>{t(`historyEvent.${e.event}`, { defaultValue: e.event })}</Typography.Text>
              <div>
                <Typography.Text type="secondary">
                  {fmtDateTime(e.at)}
                  {e.actorName ? ` · ${e.actorName}` : ''}
                </Typography.Text>
              </div>
              {details && <Typography.Text style={{ fontSize: 12 }}>{details}</Typography.Text>}
            </div>
          ),
        };
      })}
    />
  );
}
