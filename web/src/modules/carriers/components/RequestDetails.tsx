import { Card, Descriptions, Space, Tag } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RequestDetail } from '../../../app/contracts.js';
import { fmtDate } from '../../../app/format.js';
import type { CarrierRequestFacts } from '../contracts.js';
import { CarrierMarkingTag, CarrierStatusTag } from './common.js';

/** The carrier as the request's approvers check it: its entry and, for those who may know it, its particulars. */
function CarrierCard({ carrier: c }: { carrier: CarrierRequestFacts['carrier'] }) {
  const { t } = useTranslation('carriers');
  return (
    <Card size="small" title={t('request.carrier')}>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} data-testid="approval-target-details">
        <Descriptions.Item label={t('carrier.number')}>
          <Link to={`/carriers/${c.id}`}>{c.number}</Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('carrier.title')}>
          {c.particulars ? (
            c.title
          ) : (
            <span>
              <LockOutlined /> {t('carrier.withheld')}
            </span>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('carrier.marking')}>
          <CarrierMarkingTag carrier={c} />
        </Descriptions.Item>
        <Descriptions.Item label={t('carrier.status')}>
          <CarrierStatusTag status={c.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('carrier.kind')}>{t(`kind.${c.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('carrier.custodian')}>{c.custodianName}</Descriptions.Item>
        <Descriptions.Item label={t('carrier.department')}>{c.departmentName}</Descriptions.Item>
        <Descriptions.Item label={t('carrier.location')}>{c.locationName}</Descriptions.Item>
        {c.particulars && (
          <>
            <Descriptions.Item label={t('carrier.pages')}>{c.pages ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('carrier.quantity')}>{c.quantity}</Descriptions.Item>
            <Descriptions.Item label={t('carrier.originator')}>{c.originator}</Descriptions.Item>
          </>
        )}
      </Descriptions>
    </Card>
  );
}

/** What the request asks: the carry-out, the longer loan, or the people to show the carrier to. */
function AskedCard({ facts: f }: { facts: CarrierRequestFacts }) {
  const { t } = useTranslation('carriers');
  if (!f.carryOut && !f.loan && !f.people) return null;
  return (
    <Card size="small" title={t('request.payload')}>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} data-testid="approval-payload">
        {f.carryOut && (
          <>
            <Descriptions.Item label={t('where.bearer')}>{f.carryOut.bearerName}</Descriptions.Item>
            <Descriptions.Item label={t('where.returnOn')}>{fmtDate(f.carryOut.returnOn)}</Descriptions.Item>
            <Descriptions.Item label={t('where.destination')}>{f.carryOut.destination}</Descriptions.Item>
            <Descriptions.Item label={t('where.carryOutStatus')}>
              {t(`carryOutStatus.${f.carryOut.status}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('where.purpose')} span={2}>
              {f.carryOut.purpose}
            </Descriptions.Item>
          </>
        )}
        {f.loan && (
          <>
            <Descriptions.Item label={t('where.borrower')}>{f.loan.borrowerName}</Descriptions.Item>
            <Descriptions.Item label={t('where.extensions')}>{f.loan.extensions}</Descriptions.Item>
            <Descriptions.Item label={t('request.dueNow')}>{fmtDate(f.loan.dueOn)}</Descriptions.Item>
            <Descriptions.Item label={t('request.dueAsked')}>{fmtDate(f.loan.askedDueOn)}</Descriptions.Item>
          </>
        )}
        {f.people && (
          <Descriptions.Item label={t('action.people')} span={2}>
            <Space size={[0, 8]} wrap>
              {f.people.map((p) => (
                <Tag key={p.id}>{p.departmentName ? `${p.displayName} · ${p.departmentName}` : p.displayName}</Tag>
              ))}
            </Space>
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

/** A date the payload carries, for a viewer the server shows no particulars to. */
function PayloadDates({ payload }: { payload: Record<string, unknown> }) {
  const { t } = useTranslation('carriers');
  const dates = (['returnOn', 'dueOn'] as const).filter((k) => typeof payload[k] === 'string');
  if (dates.length === 0) return null;
  return (
    <Card size="small" title={t('request.payload')}>
      <Descriptions size="small" column={1} data-testid="approval-payload">
        {dates.map((k) => (
          <Descriptions.Item key={k} label={t(k === 'returnOn' ? 'where.returnOn' : 'request.dueAsked')}>
            {fmtDate(payload[k] as string)}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Card>
  );
}

/**
 * The request page's view of a carriers request (外出携带, 归档, 续借, 范围外知悉): what it asks and the carrier as
 * its approvers see it (`targetDetails`, null for a viewer who may not see the carrier: then the dates asked only).
 */
export function CarrierRequestDetails({ request: r }: { request: RequestDetail }) {
  const facts = r.targetDetails as CarrierRequestFacts | null;
  if (!facts?.carrier) return <PayloadDates payload={r.payload} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <AskedCard facts={facts} />
      <CarrierCard carrier={facts.carrier} />
    </Space>
  );
}
