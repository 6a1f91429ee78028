import { useState } from 'react';
import { Alert, Button, Card, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { KeyOutlined, MobileOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { ME_KEY } from '../../../../app/auth.js';
import { showSuccess } from '../../../../app/feedback.js';
import { FACTORS_KEY, mfaApi, type Factor } from './mfaApi.js';
import { AddAppModal } from './AddAppModal.js';
import { AddKeyModal } from './AddKeyModal.js';
import { RemoveFactorModal, RenameKeyModal, useFactorName } from './FactorModals.js';

const fmt = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');

/**
 * The profile's 「双因素验证」: the person's factors (authenticator app, security keys, hardware tokens), what is
 * required of them, and adding, renaming and removing their own (a token is handed out by the system administrator).
 */
export function SecondFactorsCard() {
  const { t } = useTranslation('identity');
  const qc = useQueryClient();
  const name = useFactorName();
  const factors = useQuery({ queryKey: FACTORS_KEY, queryFn: mfaApi.me.factors });
  const [adding, setAdding] = useState<'app' | 'key' | null>(null);
  const [renaming, setRenaming] = useState<Factor | null>(null);
  const [removing, setRemoving] = useState<Factor | null>(null);
  const items = factors.data?.items ?? [];
  const kinds = [...new Set(items.map((f) => f.kind))];
  const hasApp = kinds.includes('app');

  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: FACTORS_KEY });
    await qc.invalidateQueries({ queryKey: ME_KEY, exact: true });
  };
  const done = (text: string) => async () => {
    setAdding(null);
    showSuccess(text);
    await refresh();
  };

  const columns: TableProps<Factor>['columns'] = [
    {
      title: t('mfa.profile.kind'),
      key: 'kind',
      render: (_: unknown, f) => <Tag data-testid={`factor-kind-${f.kind}`}>{t(`mfa.kind.${f.kind}`)}</Tag>,
    },
    { title: t('mfa.profile.label'), key: 'label', render: (_: unknown, f) => name(f) },
    { title: t('mfa.profile.createdAt'), dataIndex: 'createdAt', render: fmt },
    { title: t('mfa.profile.lastUsedAt'), dataIndex: 'lastUsedAt', render: fmt },
    {
      title: t('common.actions'),
      key: 'a',
      render: (_: unknown, f) =>
        f.kind === 'token' ? (
          <Typography.Text type="secondary">{t('mfa.profile.tokenHint')}</Typography.Text>
        ) : (
          <Space size="small">
            {f.kind === 'security_key' && (
              <Button size="small" onClick={() => setRenaming(f)} data-testid="factor-rename">
                {t('mfa.profile.rename')}
              </Button>
            )}
            <Button size="small" danger onClick={() => setRemoving(f)} data-testid="factor-remove">
              {t('mfa.profile.remove')}
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <Card
      size="small"
      title={t('mfa.profile.title')}
      data-testid="second-factors"
      extra={
        <Space wrap>
          <Button icon={<MobileOutlined />} onClick={() => setAdding('app')} data-testid="factor-add-app">
            {hasApp ? t('mfa.profile.replaceApp') : t('mfa.profile.addApp')}
          </Button>
          <Button icon={<KeyOutlined />} onClick={() => setAdding('key')} data-testid="factor-add-key">
            {t('mfa.profile.addKey')}
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {factors.data && (
          <Space size="small">
            <Typography.Text>{t('mfa.profile.requirement')}</Typography.Text>
            <Tag color={factors.data.requirement === 'none' ? 'default' : 'blue'} data-testid="factor-requirement">
              {t(`mfa.requirement.${factors.data.requirement}`)}
            </Tag>
          </Space>
        )}
        {factors.data?.pendingApp && <Alert type="warning" showIcon message={t('mfa.profile.pending')} />}
        <Table<Factor>
          rowKey={(f) => `${f.kind}:${f.id}`}
          size="small"
          columns={columns}
          dataSource={items}
          loading={factors.isLoading}
          pagination={false}
          locale={{ emptyText: t('mfa.profile.empty') }}
          onRow={(f) => ({ 'data-testid': `factor-${f.kind}` }) as React.HTMLAttributes<HTMLElement>}
        />
      </Space>
      <AddAppModal
        open={adding === 'app'}
        kinds={kinds}
        onClose={() => setAdding(null)}
        onDone={done(t(items.some((f) => f.kind === 'app') ? 'mfa.profile.appReplaced' : 'mfa.profile.appAdded'))}
      />
      <AddKeyModal
        open={adding === 'key'}
        kinds={kinds}
        onClose={() => setAdding(null)}
        onDone={done(t('mfa.profile.keyAdded'))}
      />
      <RenameKeyModal
        factor={renaming}
        onClose={() => setRenaming(null)}
        onDone={async () => {
          setRenaming(null);
          await refresh();
        }}
      />
      <RemoveFactorModal
        factor={removing}
        onClose={() => setRemoving(null)}
        onDone={async () => {
          setRemoving(null);
          await refresh();
        }}
      />
    </Card>
  );
}
