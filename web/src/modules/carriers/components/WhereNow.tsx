import { Card, Descriptions, Space, Tag } from 'antd';
import { CheckCircleOutlined, ClockCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fmtDate, fmtDateTime } from '../../../app/format.js';
import type { CarrierDetail } from '../contracts.js';
import { OverdueTag } from './common.js';

/**
 * Where the carrier is when it is not simply in its location: out on loan, circulating among readers, carried
 * out, or sent (internally awaiting sign-for, or outside the unit with its receipt), each with its due date and
 * an 逾期 tag once past it.
 */
export function WhereNow({ carrier: c }: { carrier: CarrierDetail }) {
  const { t } = useTranslation('carriers');
  const { loan, circulation, carryOut, dispatch } = c;
  if (!loan && !circulation && !carryOut && !dispatch) return null;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {loan && (
        <Card size="small" title={t('where.loan')} data-testid="carrier-loan">
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('where.borrower')}>{loan.borrowerName}</Descriptions.Item>
            <Descriptions.Item label={t('where.lentAt')}>{fmtDateTime(loan.lentAt)}</Descriptions.Item>
            <Descriptions.Item label={t('where.dueOn')}>
              <Space size={4}>
                <span data-testid="carrier-loan-due">{fmtDate(loan.dueOn)}</span>
                {loan.overdue && <OverdueTag testid="carrier-loan-overdue" />}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('where.extensions')}>{loan.extensions}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {circulation && (
        <Card size="small" title={t('where.circulation')} data-testid="carrier-circulation">
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('where.startedBy')}>{circulation.startedByName}</Descriptions.Item>
            <Descriptions.Item label={t('where.dueOn')}>
              <Space size={4}>
                {fmtDate(circulation.dueOn)}
                {circulation.overdue && circulation.status === 'open' && <OverdueTag />}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('where.readers')} span={2}>
              <Space size={[0, 8]} wrap>
                {circulation.readers.map((r) => (
                  <Tag
                    key={r.id}
                    color={r.signedAt ? 'green' : 'default'}
                    icon={r.signedAt ? <CheckCircleOutlined /> : <ClockCircleOutlined />}
                    data-testid={`carrier-reader-${r.signedAt ? 'signed' : 'waiting'}`}
                  >
                    {r.displayName}
                    {r.signedAt ? ` · ${fmtDateTime(r.signedAt)}` : ''}
                  </Tag>
                ))}
              </Space>
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {carryOut && (
        <Card size="small" title={t('where.carryOut')} data-testid="carrier-carry-out">
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('where.bearer')}>{carryOut.bearerName}</Descriptions.Item>
            <Descriptions.Item label={t('where.carryOutStatus')}>
              <span data-testid="carrier-carry-out-status">{t(`carryOutStatus.${carryOut.status}`)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('where.destination')}>{carryOut.destination}</Descriptions.Item>
            <Descriptions.Item label={t('where.returnOn')}>
              <Space size={4}>
                {fmtDate(carryOut.returnOn)}
                {carryOut.late && <OverdueTag testid="carrier-carry-out-late" />}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('where.purpose')} span={2}>
              {carryOut.purpose}
            </Descriptions.Item>
            {carryOut.departedAt && (
              <Descriptions.Item label={t('where.departedAt')}>{fmtDateTime(carryOut.departedAt)}</Descriptions.Item>
            )}
            {carryOut.requestId && (
              <Descriptions.Item label={t('where.request')}>
                <Link to={`/approvals/${carryOut.requestId}`}>{t('detail.viewRequest')}</Link>
              </Descriptions.Item>
            )}
          </Descriptions>
        </Card>
      )}
      {dispatch && (
        <Card size="small" title={t(`where.dispatch.${dispatch.direction}`)} data-testid="carrier-dispatch">
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('carrier.channel')}>{t(`channel.${dispatch.channel}`)}</Descriptions.Item>
            <Descriptions.Item label={t('where.at')}>{fmtDateTime(dispatch.at)}</Descriptions.Item>
            {dispatch.direction === 'internal' ? (
              <Descriptions.Item label={t('where.recipient')}>{dispatch.recipientName ?? '—'}</Descriptions.Item>
            ) : (
              <Descriptions.Item label={t(dispatch.direction === 'incoming' ? 'register.from' : 'where.to')}>
                {dispatch.counterpart ?? '—'}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('carrier.copies')}>{dispatch.copies}</Descriptions.Item>
            {dispatch.handlerName && (
              <Descriptions.Item label={t('where.handler')}>{dispatch.handlerName}</Descriptions.Item>
            )}
            <Descriptions.Item label={t('where.signed')}>
              {dispatch.status === 'signed' ? (
                <span data-testid="carrier-dispatch-signed">
                  {[dispatch.signedByName, fmtDate(dispatch.signedAt)].filter(Boolean).join(' · ')}
                </span>
              ) : (
                <Tag color="orange" data-testid="carrier-dispatch-awaiting">
                  {t('where.awaiting')}
                </Tag>
              )}
            </Descriptions.Item>
            {dispatch.note && (
              <Descriptions.Item label={t('carrier.note')} span={2}>
                {dispatch.note}
              </Descriptions.Item>
            )}
          </Descriptions>
        </Card>
      )}
    </Space>
  );
}
