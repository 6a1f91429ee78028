import { Card, Descriptions } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { RequestDetail } from '../../../app/contracts.js';
import { fmtDate } from '../../../app/format.js';

/** A value of a request's payload or its carrier's facts, in words. */
function shown(t: TFunction, lang: string, key: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return fmtDate(v);
    if (key === 'level') return t(`level.${v}`, { defaultValue: v });
    if (key === 'kind') return t(`kind.${v}`, { defaultValue: v });
    if (key === 'status') return t(`status.${v}`, { defaultValue: v });
    return v;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v))
    return v
      .map((x) =>
        x && typeof x === 'object' && 'displayName' in x
          ? String((x as { displayName: unknown }).displayName)
          : String(x),
      )
      .join(t('common.listSep'));
  if (typeof v === 'object' && v && 'zh' in v && 'en' in v) {
    const m = v as { zh: string; en: string };
    return lang === 'en-US' ? m.en : m.zh;
  }
  return JSON.stringify(v);
}

function Facts({ title, values, testid }: { title: string; values: Record<string, unknown>; testid: string }) {
  const { t, i18n } = useTranslation('carriers');
  // Ids are for the pages, not for people.
  const entries = Object.entries(values).filter(([k]) => !/Id$|Ids$|^id$|^version$/.test(k));
  if (entries.length === 0) return null;
  return (
    <Card size="small" title={title}>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} data-testid={testid}>
        {entries.map(([k, v]) => (
          <Descriptions.Item key={k} label={t(`requestField.${k}`, { defaultValue: k })}>
            {shown(t, i18n.language, k, v)}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Card>
  );
}

/**
 * The request page's view of a carriers request (carry-out, archive, longer loan, showing outside the scope): what
 * it asks (`payload`: destination, purpose and return date; the new due date; the people to show it to; the reason)
 * and the carrier as its approvers see it (`targetDetails`, absent for a viewer who may not).
 */
export function CarrierRequestDetails({ request: r }: { request: RequestDetail }) {
  const { t } = useTranslation('carriers');
  return (
    <>
      <Facts title={t('request.payload')} values={r.payload} testid="approval-payload" />
      {r.targetDetails && (
        <Facts
          title={t('request.carrier')}
          values={r.targetDetails as Record<string, unknown>}
          testid="approval-target-details"
        />
      )}
    </>
  );
}
