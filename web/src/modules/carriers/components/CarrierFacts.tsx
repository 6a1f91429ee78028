import { Card, Descriptions, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fmtDate, fmtDateTime } from '../../../app/format.js';
import type { CarrierDetail } from '../contracts.js';
import { CarrierMarkingTag, CarrierStatusTag, periodText } from './common.js';
import { ScopeTag } from './shared.js';

/**
 * A carrier's register entry (number, level, custodian, department, location: what every ledger keeper sees)
 * and, for a reader who may know it, its particulars (title, marking, term, linked item, pages, originator,
 * origin) and its own need-to-know scope.
 */
export function CarrierFacts({ carrier: c }: { carrier: CarrierDetail }) {
  const { t } = useTranslation('carriers');
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered data-testid="carrier-details">
        <Descriptions.Item label={t('carrier.number')}>
          <span data-testid="carrier-number">{c.number}</span>
        </Descriptions.Item>
        <Descriptions.Item label={c.particulars ? t('carrier.marking') : t('carrier.level')}>
          <CarrierMarkingTag carrier={c} testid="carrier-marking" />
        </Descriptions.Item>
        {c.copyNo !== null && c.copies > 1 && (
          <Descriptions.Item label={t('carrier.copy')}>
            {t('carrier.copyOf', { n: c.copyNo, of: c.copies, set: c.setNumber })}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('carrier.kind')}>{t(`kind.${c.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('carrier.status')}>
          <CarrierStatusTag status={c.status} testid="carrier-status" />
        </Descriptions.Item>
        <Descriptions.Item label={t('carrier.custodian')}>
          <span data-testid="carrier-custodian-name">{c.custodianName}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('carrier.department')}>{c.departmentName}</Descriptions.Item>
        <Descriptions.Item label={t('carrier.location')}>
          <span data-testid="carrier-location-name">{c.locationName}</span>
        </Descriptions.Item>
        {c.particulars && (
          <>
            <Descriptions.Item label={c.declassifyCondition ? t('carrier.condition') : t('carrier.period')}>
              {c.declassifyCondition ?? periodText(t, c.period)}
            </Descriptions.Item>
            <Descriptions.Item label={t('carrier.secrecyUntil')}>{fmtDate(c.secrecyUntil)}</Descriptions.Item>
            <Descriptions.Item label={t('carrier.markedOn')}>{fmtDate(c.markedOn)}</Descriptions.Item>
            <Descriptions.Item label={t('carrier.item')}>
              {c.item ? (
                <Link to={`/items/${c.item.id}`} data-testid="carrier-item-link">
                  {c.item.number}
                </Link>
              ) : (
                t('carrier.ownMarking')
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('carrier.pages')}>{c.pages ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('carrier.quantity')}>{c.quantity ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('carrier.originator')}>{c.originator ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('carrier.origin')}>{t(`origin.${c.origin}`)}</Descriptions.Item>
          </>
        )}
        <Descriptions.Item label={t('carrier.createdAt')}>{fmtDateTime(c.createdAt)}</Descriptions.Item>
      </Descriptions>
      {c.particulars && (
        <Card size="small" title={t('carrier.scope')} data-testid="carrier-scope">
          {c.scope.length === 0 ? (
            t('carrier.scopeEmpty')
          ) : (
            <Space size={[0, 8]} wrap>
              {c.scope.map((s) => (
                <ScopeTag key={`${s.kind}:${s.ref}`} item={s} />
              ))}
            </Space>
          )}
        </Card>
      )}
    </Space>
  );
}
