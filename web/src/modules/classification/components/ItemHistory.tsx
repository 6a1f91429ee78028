import { Empty, Space, Timeline, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api.js';
import type { HistoryEntry, Level, SecrecyPeriod } from '../../../app/contracts.js';
import { fmtDate, fmtDateTime } from '../../../app/format.js';
import { periodText } from './common.js';
import { scopeChangeText, type ScopeItem } from './ScopeEditor.js';

const EVENT_COLOR: Record<string, string> = {
  proposed: 'blue',
  classified: 'green',
  edited: 'gray',
  reclassified: 'orange',
  extended: 'orange',
  declassified: 'gray',
  rejected: 'red',
  withdrawn: 'gray',
  reviewed: 'blue',
  access_reviewed: 'blue',
  custody_transferred: 'blue',
};

interface TermState {
  level?: Level;
  period?: SecrecyPeriod | null;
  condition?: string | null;
  secrecyUntil?: string | null;
}

function termLine(t: TFunction, s: TermState | undefined): string {
  if (!s) return '—';
  const term = s.period
    ? `${periodText(t, s.period)} → ${fmtDate(s.secrecyUntil)}`
    : s.condition
      ? t('item.conditionShort', { c: s.condition })
      : '';
  return [s.level ? t(`level.${s.level}`) : '', term].filter(Boolean).join(' · ');
}

/** A short, translated summary of what an event changed (never classified content: the server does not record it). */
function summary(t: TFunction, h: HistoryEntry): string | null {
  const d = (h.details ?? {}) as Record<string, unknown>;
  switch (h.event) {
    case 'proposed':
      return d.level ? t(`level.${d.level as string}`) : null;
    case 'classified':
      return [t(`level.${d.level as string}`), d.secrecyUntil ? `→ ${fmtDate(d.secrecyUntil as string)}` : ''].join(
        ' ',
      );
    case 'reclassified':
    case 'extended':
      return `${termLine(t, d.from as TermState)}  ⇒  ${termLine(t, d.to as TermState)}`;
    case 'declassified':
      return t(`declassifyReason.${d.reason as string}`, { defaultValue: String(d.reason ?? '') });
    case 'rescoped':
      return scopeChangeText(t, d as { added?: ScopeItem[]; removed?: ScopeItem[] }) || null;
    case 'custody_transferred':
      return `${String(d.fromName ?? '—')} → ${String(d.toName ?? '—')}${d.reason ? ` · ${String(d.reason)}` : ''}`;
    case 'edited': {
      const changed = Object.keys((d.changed ?? {}) as object);
      const names: Record<string, string> = {
        title: t('item.name'),
        content: t('item.content'),
        category: t('item.category'),
        basis: t('item.basis'),
        scope: t('item.scope'),
      };
      return changed.map((k) => names[k] ?? k).join(t('common.listSep')) || null;
    }
    case 'reviewed':
    case 'access_reviewed':
      return d.decision ? t(`reviewDecision.${d.decision as string}`, { defaultValue: String(d.decision) }) : null;
    default:
      return null;
  }
}

export function ItemHistory({ itemId }: { itemId: string }) {
  const { t } = useTranslation('classification');
  const history = useQuery({ queryKey: ['items', 'history', itemId], queryFn: () => api.items.history(itemId) });
  const items = history.data?.items ?? [];
  if (!history.isLoading && items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <div data-testid="item-history">
      <Timeline
        items={items.map((h) => {
          const s = summary(t, h);
          return {
            key: h.id,
            color: EVENT_COLOR[h.event] ?? 'gray',
            content: (
              <Space orientation="vertical" size={0} data-testid={`history-${h.event}`}>
                <Typography.Text strong>{t(`historyEvent.${h.event}`, { defaultValue: h.event })}</Typography.Text>
                {s && <Typography.Text>{s}</Typography.Text>}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {fmtDateTime(h.at)} · {h.actorName ?? '—'}
                  {h.requestId && (
                    <>
                      {' '}
                      · <Link to={`/approvals/${h.requestId}`}>{t('item.viewRequest')}</Link>
                    </>
                  )}
                </Typography.Text>
              </Space>
            ),
          };
        })}
      />
    </div>
  );
}
