import { Alert, Button, Card, Col, Result, Row, Space, Spin, Typography } from 'antd';
import { LeftOutlined, LockOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api.js';
import { isApiError } from '../../../app/api/client.js';
import { CarrierMarkingTag, CarrierStatusTag, OverdueTag, detailKey } from '../components/common.js';
import { CarrierActions } from '../components/CarrierActions.js';
import { CarrierFacts } from '../components/CarrierFacts.js';
import { CarrierHistory } from '../components/CarrierHistory.js';
import { WhereNow } from '../components/WhereNow.js';

/** Shown for a carrier one may not even see in a ledger: the same answer as for one that does not exist. */
function CarrierNotVisible() {
  const { t } = useTranslation('carriers');
  return (
    <Result
      status="404"
      title={t('detail.notFound')}
      subTitle={t('detail.notFoundHint')}
      data-testid="carrier-not-found"
      extra={
        <Link to="/carriers">
          <Button icon={<LeftOutlined />}>{t('detail.backToList')}</Button>
        </Link>
      }
    />
  );
}

/**
 * 载体详情: the register entry, and for a reader who may know the carrier its particulars, where it is now, the
 * request under way on it and its history; the actions its abilities allow. A ledger keeper above whose clearance
 * it is sees the entry only.
 */
export function CarrierDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('carriers');
  const detail = useQuery({
    queryKey: detailKey(id),
    queryFn: () => api.carriers.get(id),
    meta: { quiet: true }, // "not found or no access" is this page's own answer
  });

  if (detail.isLoading) return <Spin />;
  if (detail.isError) {
    const e = detail.error;
    if (isApiError(e) && (e.code === 'not_found' || e.code === 'forbidden' || e.status === 400))
      return <CarrierNotVisible />;
    return <Alert type="error" showIcon title={t('error.unknown')} />;
  }
  const c = detail.data!;
  const overdue = c.overdue || c.loan?.overdue || c.carryOut?.late;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap align="start">
        <Space orientation="vertical" size={4}>
          <Link to="/carriers">
            <LeftOutlined /> {t('detail.backToList')}
          </Link>
          <Space wrap align="center">
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="carrier-heading">
              {c.number} {c.particulars ? c.title : ''}
            </Typography.Title>
            <CarrierMarkingTag carrier={c} />
            <CarrierStatusTag status={c.status} />
            {overdue && <OverdueTag testid="carrier-overdue" />}
          </Space>
        </Space>
        <CarrierActions carrier={c} />
      </Space>

      {!c.particulars && (
        <Alert
          type="warning"
          showIcon
          icon={<LockOutlined />}
          data-testid="carrier-entry-only"
          title={t('detail.entryOnly')}
          description={t('detail.entryOnlyHint')}
        />
      )}
      {c.pendingRequest && (
        <Alert
          type="info"
          showIcon
          data-testid="carrier-pending"
          title={t('detail.pendingRequest', {
            number: c.pendingRequest.number,
            type: t(`requestType.${c.pendingRequest.type}`),
          })}
          action={
            <Link to={`/approvals/${c.pendingRequest.id}`} data-testid="carrier-pending-link">
              {t('detail.viewRequest')}
            </Link>
          }
        />
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={c.particulars ? 16 : 24}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <CarrierFacts carrier={c} />
            <WhereNow carrier={c} />
          </Space>
        </Col>
        {c.particulars && (
          <Col xs={24} xl={8}>
            <Card size="small" title={t('detail.history')}>
              <CarrierHistory events={c.history} />
            </Card>
          </Col>
        )}
      </Row>
    </Space>
  );
}
