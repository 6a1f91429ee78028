import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Dropdown, Result, Row, Space, Spin, Typography } from 'antd';
import {
  DownOutlined,
  EditOutlined,
  EyeInvisibleOutlined,
  EyeOutlined,
  KeyOutlined,
  LeftOutlined,
  PrinterOutlined,
  ThunderboltOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api.js';
import { isApiError } from '../../../app/api/client.js';
import { type ItemAction, type ItemDetail } from '../../../app/contracts.js';
import { isClassified } from '../../../../../src/kernel/levels.js';
import { fmtDate, fmtDateTime } from '../../../app/format.js';
import { ItemStatusTag, MarkingTag, actionsText, periodText, useClassificationSettings } from '../components/common.js';
import { ScopeTag } from '../components/ScopeEditor.js';
import { ItemHistory } from '../components/ItemHistory.js';
import { CustodyModal } from '../components/CustodyModal.js';
import { ItemChangeModal, type ChangeType } from '../components/ItemChangeModal.js';
import { ItemEditModal } from '../components/ItemEditModal.js';
import { AccessRequestModal } from '../components/AccessRequestModal.js';
import { EmergencyAccessModal } from '../components/EmergencyAccessModal.js';
import { GrantTable } from '../components/GrantTable.js';

/** Reads the classified content once per showing (every read is audited), and forgets it when hidden. */
function ContentPanel({ id, onLoaded }: { id: string; onLoaded: (c: string) => void }) {
  const { t } = useTranslation('classification');
  const content = useQuery({
    queryKey: ['items', 'content', id],
    queryFn: () => api.items.content(id),
    gcTime: 0,
    staleTime: Infinity,
  });
  useEffect(() => {
    if (content.data) onLoaded(content.data.content);
  }, [content.data]); // eslint-disable-line react-hooks/exhaustive-deps
  if (content.isLoading) return <Spin />;
  if (!content.data) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Alert type="warning" showIcon title={t('item.contentAudited')} />
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="item-content-text">
        {content.data.content}
      </Typography.Paragraph>
    </Space>
  );
}

/**
 * Shown for an item one may not know: the same answer as for one that does not exist, with the ways to ask that
 * could succeed (the server says which: none for an unknown item, one above the person's clearance, or for
 * someone who may not ask at all, alike).
 */
function ItemNotVisible({ id }: { id: string }) {
  const { t } = useTranslation('classification');
  const options = useQuery({
    queryKey: ['items', 'access-options', id],
    queryFn: () => api.items.accessOptions(id),
    meta: { quiet: true }, // a malformed id: offer nothing, the page already says "not found"
    retry: false,
  });
  const [asking, setAsking] = useState(false);
  const [emergency, setEmergency] = useState(false);
  return (
    <Result
      status="404"
      title={t('item.notFound')}
      subTitle={options.data?.requestAccess ? t('item.notFoundHint') : undefined}
      data-testid="item-not-found"
      extra={
        <Space wrap>
          <Link to="/items">
            <Button icon={<LeftOutlined />}>{t('item.backToList')}</Button>
          </Link>
          {options.data?.requestAccess && (
            <Button
              type="primary"
              icon={<KeyOutlined />}
              onClick={() => setAsking(true)}
              data-testid="item-request-access"
            >
              {t('item.requestAccess')}
            </Button>
          )}
          {options.data?.emergencyAccess && (
            <Button
              danger
              icon={<ThunderboltOutlined />}
              onClick={() => setEmergency(true)}
              data-testid="item-emergency"
            >
              {t('item.emergency')}
            </Button>
          )}
          <AccessRequestModal open={asking} itemId={id} onClose={() => setAsking(false)} />
          <EmergencyAccessModal open={emergency} itemId={id} onClose={() => setEmergency(false)} />
        </Space>
      }
    />
  );
}

function Details({ item }: { item: ItemDetail }) {
  const { t } = useTranslation('classification');
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered data-testid="item-details">
      <Descriptions.Item label={t('item.number')}>{item.number}</Descriptions.Item>
      <Descriptions.Item label={t('item.marking')}>
        <MarkingTag item={item} testid="item-marking" />
      </Descriptions.Item>
      <Descriptions.Item label={t('item.level')}>{t(`level.${item.level}`)}</Descriptions.Item>
      <Descriptions.Item label={t('item.status')}>
        <ItemStatusTag status={item.status} />
      </Descriptions.Item>
      <Descriptions.Item label={t('item.category')}>{t(`category.${item.category}`)}</Descriptions.Item>
      <Descriptions.Item label={item.declassifyCondition ? t('item.condition') : t('item.period')}>
        {item.declassifyCondition ?? periodText(t, item.period)}
      </Descriptions.Item>
      <Descriptions.Item label={t('item.markedOn')}>{fmtDate(item.markedOn)}</Descriptions.Item>
      <Descriptions.Item label={t('item.secrecyUntil')}>
        <span data-testid="item-until">{fmtDate(item.secrecyUntil)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('item.classifier')}>
        {item.classifierName ? `${item.classifierName} · ${t(`classifierKind.${item.classifierKind}`)}` : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('item.origin')}>
        {t(`origin.${item.origin}`)}
        {item.sourceItemId && (
          <>
            {' '}
            · <Link to={`/items/${item.sourceItemId}`}>{t('item.sourceItem')}</Link>
          </>
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('item.custodian')}>{item.custodianName ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('item.department')}>{item.departmentName ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('item.nextReviewOn')}>{fmtDate(item.nextReviewOn)}</Descriptions.Item>
      <Descriptions.Item label={t('item.lastReviewedOn')}>{fmtDate(item.lastReviewedOn)}</Descriptions.Item>
      {item.declassifiedOn && (
        <Descriptions.Item label={t('item.declassifiedOn')}>{fmtDate(item.declassifiedOn)}</Descriptions.Item>
      )}
      {item.declassifyReason && (
        <Descriptions.Item label={t('item.declassifyReason')}>
          {t(`declassifyReason.${item.declassifyReason}`)}
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('item.createdAt')}>{fmtDateTime(item.createdAt)}</Descriptions.Item>
      <Descriptions.Item label={t('item.basis')} span={2}>
        {item.basis}
      </Descriptions.Item>
    </Descriptions>
  );
}

export function ItemDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('classification');
  const settings = useClassificationSettings();
  const detail = useQuery({
    queryKey: ['items', 'detail', id],
    queryFn: () => api.items.get(id),
    meta: { quiet: true }, // "not found or no access" is this page's own answer
  });
  const [showContent, setShowContent] = useState(false);
  const [content, setContent] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [change, setChange] = useState<ChangeType | null>(null);
  const [asking, setAsking] = useState(false);
  const [emergency, setEmergency] = useState(false);
  const [transferring, setTransferring] = useState(false);
  useEffect(() => {
    setShowContent(false);
    setContent(null);
  }, [id]);

  if (detail.isLoading) return <Spin />;
  if (detail.isError) {
    if (isApiError(detail.error) && (detail.error.code === 'not_found' || detail.error.status === 400))
      return <ItemNotVisible id={id} />;
    return <Alert type="error" showIcon title={t('error.unknown')} />;
  }
  const item = detail.data!;
  const can = (a: ItemAction) => item.abilities[a] === true;
  const emergencyOffered =
    can('item.emergency_access') && !can('item.read') && settings.data?.policy.emergencyEnabled === true;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap align="start">
        <Space orientation="vertical" size={4}>
          <Link to="/items">
            <LeftOutlined /> {t('item.backToList')}
          </Link>
          <Space wrap align="center">
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="item-heading">
              {item.number} {item.title}
            </Typography.Title>
            <MarkingTag item={item} />
            <ItemStatusTag status={item.status} />
          </Space>
        </Space>
        <Space wrap>
          {can('item.read') && (
            <Button
              type={showContent ? 'default' : 'primary'}
              icon={showContent ? <EyeInvisibleOutlined /> : <EyeOutlined />}
              onClick={() => setShowContent((v) => !v)}
              data-testid="item-read-content"
            >
              {showContent ? t('item.hideContent') : t('item.readContent')}
            </Button>
          )}
          {can('item.print') && (
            <Button
              icon={<PrinterOutlined />}
              href={api.items.printUrl(item.id, i18n.language.startsWith('en') ? 'en-US' : 'zh-CN')}
              data-testid="item-print"
            >
              {t('item.print')}
            </Button>
          )}
          {can('item.edit') && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="item-edit">
              {t('item.edit')}
            </Button>
          )}
          {can('item.reclassify') && (
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  {
                    key: 'reclassify',
                    label: <span data-testid="item-change-reclassify">{t('item.changeReclassify')}</span>,
                  },
                  {
                    key: 'extend',
                    label: <span data-testid="item-change-extend">{t('item.changeExtend')}</span>,
                    disabled: !item.period,
                  },
                  ...(isClassified(item.level)
                    ? [
                        {
                          key: 'rescope',
                          label: <span data-testid="item-change-rescope">{t('item.changeRescope')}</span>,
                        },
                      ]
                    : []),
                  {
                    key: 'declassify',
                    label: <span data-testid="item-change-declassify">{t('item.changeDeclassify')}</span>,
                    danger: true,
                  },
                ],
                onClick: ({ key }) => setChange(key as ChangeType),
              }}
            >
              <Button data-testid="item-change" disabled={!!item.pendingRequest}>
                {t('item.requestChange')} <DownOutlined />
              </Button>
            </Dropdown>
          )}
          {can('item.transfer_custody') && (
            <Button icon={<SwapOutlined />} onClick={() => setTransferring(true)} data-testid="item-custody">
              {t('custody.action')}
            </Button>
          )}
          {can('item.request_access') && (
            <Button icon={<KeyOutlined />} onClick={() => setAsking(true)} data-testid="item-request-access">
              {t('item.requestAccess')}
            </Button>
          )}
          {emergencyOffered && (
            <Button
              danger
              icon={<ThunderboltOutlined />}
              onClick={() => setEmergency(true)}
              data-testid="item-emergency"
            >
              {t('item.emergency')}
            </Button>
          )}
        </Space>
      </Space>

      {item.pendingRequest && (
        <Alert
          type="info"
          showIcon
          data-testid="item-pending"
          title={t('item.pendingRequest', {
            number: item.pendingRequest.number,
            type: t(`requestType.${item.pendingRequest.type}`),
          })}
          action={
            <Link to={`/approvals/${item.pendingRequest.id}`} data-testid="item-pending-link">
              {t('item.viewRequest')}
            </Link>
          }
        />
      )}
      {item.myGrants.length > 0 && (
        <Alert
          type="success"
          showIcon
          data-testid="item-my-grants"
          title={t('item.myGrants')}
          description={item.myGrants.map((g) => (
            <div key={g.id}>
              {t('item.grantUntil', { actions: actionsText(t, g.actions), until: fmtDateTime(g.expiresAt) })} ·{' '}
              {t(`grantSource.${g.source}`, { defaultValue: g.source })}
            </div>
          ))}
        />
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Details item={item} />
            <Card size="small" title={t('item.scope')} data-testid="item-scope">
              {item.scope.length === 0 ? (
                '—'
              ) : (
                <Space size={[0, 8]} wrap>
                  {item.scope.map((s) => (
                    <ScopeTag key={`${s.kind}:${s.ref}`} item={s} />
                  ))}
                </Space>
              )}
            </Card>
            {showContent && (
              <Card size="small" title={t('item.content')}>
                <ContentPanel id={item.id} onLoaded={setContent} />
              </Card>
            )}
            {can('item.manage_grants') && (
              <Card size="small" title={t('item.grantsOnItem')}>
                <GrantTable view="managed" itemId={item.id} showItem={false} testid="item-grants" />
              </Card>
            )}
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('item.history')}>
            <ItemHistory itemId={item.id} />
          </Card>
        </Col>
      </Row>

      <ItemEditModal open={editing} item={item} content={content} onClose={() => setEditing(false)} />
      <ItemChangeModal item={item} type={change} onClose={() => setChange(null)} />
      <CustodyModal item={item} open={transferring} onClose={() => setTransferring(false)} />
      <AccessRequestModal
        open={asking}
        itemId={item.id}
        title={`${item.number} ${item.title}`}
        onClose={() => setAsking(false)}
      />
      <EmergencyAccessModal
        open={emergency}
        itemId={item.id}
        onClose={() => setEmergency(false)}
        onGranted={() => setShowContent(true)}
      />
    </Space>
  );
}
