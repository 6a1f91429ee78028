import { useEffect } from 'react';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Popconfirm,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableProps,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { api } from '../api.js';
import { ME_KEY, useCurrentUser } from '../../../app/auth.js';
import type { SessionItem } from '../../../app/contracts.js';
import { showSuccess } from '../../../app/feedback.js';
import { currentLocale, setLocale, type Locale } from '../../../app/i18n/index.js';
import { PasswordForm, PasswordRules } from '../components/PasswordForm.js';
import { SecondFactorsCard } from './mfa/SecondFactorsCard.js';
import { DisplayNameField } from './profile/DisplayNameField.js';
import { describeUserAgent } from './profile/userAgent.js';

const fmt = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');

export function ProfilePage() {
  const { t } = useTranslation('identity');
  const qc = useQueryClient();
  const me = useCurrentUser();
  const u = me.user;
  const [form] = Form.useForm<{ email?: string; locale?: Locale }>();
  useEffect(() => {
    form.setFieldsValue({
      email: u.email ?? undefined,
      locale: u.locale === 'en-US' || u.locale === 'zh-CN' ? u.locale : currentLocale(),
    });
  }, [u.email, u.locale, form]);

  const sessions = useQuery({ queryKey: ['me', 'sessions'], queryFn: api.me.sessions });
  const saveProfile = useMutation({
    mutationFn: (v: { email?: string; locale?: Locale }) =>
      api.me.update({ email: v.email?.trim() || null, ...(v.locale ? { locale: v.locale } : {}) }),
    onSuccess: async (_r, v) => {
      if (v.locale) setLocale(v.locale);
      showSuccess(t('profile.saved'));
      await qc.invalidateQueries({ queryKey: ME_KEY, exact: true });
    },
  });
  const revoke = useMutation({
    mutationFn: api.me.revokeSession,
    onSuccess: async () => {
      showSuccess(t('profile.revoked'));
      await qc.invalidateQueries({ queryKey: ['me', 'sessions'] });
    },
  });

  const columns: TableProps<SessionItem>['columns'] = [
    { title: t('profile.createdAt'), dataIndex: 'createdAt', render: fmt },
    { title: t('profile.lastSeen'), dataIndex: 'lastSeenAt', render: fmt },
    { title: t('profile.expiresAt'), dataIndex: 'expiresAt', render: fmt },
    { title: t('profile.ip'), dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
    {
      title: t('profile.userAgent'),
      dataIndex: 'userAgent',
      ellipsis: true,
      // Browser and system in words; the raw header stays in the tooltip for whoever needs it.
      render: (v: string | null) => <span title={v ?? ''}>{describeUserAgent(v) ?? v ?? '—'}</span>,
    },
    {
      title: t('common.actions'),
      key: 'a',
      render: (_: unknown, s) =>
        s.current ? (
          <Tag color="green">{t('profile.current')}</Tag>
        ) : (
          <Popconfirm title={t('common.confirm')} onConfirm={() => revoke.mutate(s.id)}>
            <Button size="small" danger data-testid="session-revoke">
              {t('profile.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('profile.title')}
      </Typography.Title>
      <Card size="small" title={t('profile.info')}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('user.username')}>{u.username}</Descriptions.Item>
          <Descriptions.Item label={t('user.displayName')}>
            <DisplayNameField value={u.displayName} />
          </Descriptions.Item>
          <Descriptions.Item label={t('user.department')}>{u.departmentName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('user.post')}>{u.post ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('user.adminRole')}>
            {u.adminRole ? <Tag color="red">{t(`role.${u.adminRole}`)}</Tag> : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('user.businessRoles')}>
            {u.businessRoles.length ? u.businessRoles.map((r) => <Tag key={r}>{t(`role.${r}`)}</Tag>) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('user.clearanceClass')}>
            {u.clearanceClass ? t(`clearance.${u.clearanceClass}`) : t('clearance.none')}
          </Descriptions.Item>
          <Descriptions.Item label={t('profile.mfa')}>
            <Tag color={u.mfaEnabled ? 'green' : 'default'} data-testid="profile-mfa">
              {u.mfaEnabled ? t('profile.mfaEnabled') : t('profile.mfaDisabled')}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('profile.passwordChangedAt')}>{fmt(u.passwordChangedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('profile.sessionExpiresAt')}>{fmt(me.sessionExpiresAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <SecondFactorsCard />
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('profile.preferences')} style={{ height: '100%' }}>
            <Form form={form} layout="vertical" onFinish={(v) => saveProfile.mutate(v)}>
              <Form.Item name="email" label={t('profile.email')} rules={[{ type: 'email' }]}>
                <Input data-testid="profile-email" />
              </Form.Item>
              <Form.Item name="locale" label={t('profile.locale')}>
                <Select
                  options={[
                    { value: 'zh-CN', label: '中文' },
                    { value: 'en-US', label: 'English' },
                  ]}
                  data-testid="profile-locale"
                />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={saveProfile.isPending} data-testid="profile-save">
                {t('profile.saveProfile')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('profile.changePassword')}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <PasswordRules />
              <PasswordForm
                onDone={async () => {
                  showSuccess(t('auth.pwChanged'));
                  await qc.invalidateQueries({ queryKey: ME_KEY });
                }}
              />
            </Space>
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('profile.sessions')}>
        <div data-testid="sessions-table">
          <Table<SessionItem>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={sessions.data?.items ?? []}
            loading={sessions.isLoading}
            pagination={false}
          />
        </div>
      </Card>
    </Space>
  );
}
