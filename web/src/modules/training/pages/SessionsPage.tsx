import { useState } from 'react';
import { Button, Space, Tabs, Tooltip, Typography } from 'antd';
import { PagedTable } from '../../../shared/PagedTable.js';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useAbility } from '../../../app/auth.js';
import { showSuccess } from '../../../app/feedback.js';
import { fmtDateTime } from '../../../app/format.js';
import { SESSIONS_KEY, sessionApi, type SessionScope, type SessionSummary } from '../api/sessions.js';
import { QrCard } from '../components/QrCard.js';
import { SessionFormModal } from '../components/SessionFormModal.js';
import { SessionStatusTag, problemText } from '../components/SessionStatusTag.js';

type Tab = SessionScope | 'qr';

/** 线下培训: the open sessions (sign up), mine, the ones I organise (schedule one), my QR code. */
export function SessionsPage() {
  const { t } = useTranslation('training');
  const can = useAbility();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = (params.get('tab') ?? 'upcoming') as Tab;
  const [creating, setCreating] = useState(false);
  const organiser = can('training.manage_sessions');
  const scope: SessionScope = tab === 'qr' ? 'upcoming' : tab;
  const list = useQuery({
    queryKey: [...SESSIONS_KEY, scope],
    queryFn: () => sessionApi.list(scope),
    enabled: tab !== 'qr',
  });
  const signUp = useMutation({
    mutationFn: sessionApi.signUp,
    onSuccess: async () => {
      showSuccess(t('session.signedUp'));
      await qc.invalidateQueries({ queryKey: SESSIONS_KEY });
    },
  });
  const withdraw = useMutation({
    mutationFn: sessionApi.withdraw,
    onSuccess: async () => {
      showSuccess(t('session.withdrawn'));
      await qc.invalidateQueries({ queryKey: SESSIONS_KEY });
    },
  });

  const columns = [
    {
      title: t('session.field.course'),
      key: 'course',
      render: (_: unknown, s: SessionSummary) => <Link to={`/training/sessions/${s.id}`}>{s.courseTitle}</Link>,
    },
    {
      title: t('session.field.time'),
      key: 'time',
      render: (_: unknown, s: SessionSummary) => `${fmtDateTime(s.startsAt)} – ${fmtDateTime(s.endsAt).slice(-5)}`,
    },
    { title: t('session.field.place'), dataIndex: 'place', key: 'place' },
    { title: t('session.field.trainer'), dataIndex: 'trainer', key: 'trainer' },
    {
      title: t('session.field.seats'),
      key: 'seats',
      render: (_: unknown, s: SessionSummary) => `${s.enrolled} / ${s.capacity}`,
    },
    {
      title: t('session.field.department'),
      key: 'department',
      render: (_: unknown, s: SessionSummary) => s.departmentName ?? t('session.field.anyDepartment'),
    },
    {
      title: t('session.field.status'),
      key: 'status',
      render: (_: unknown, s: SessionSummary) => <SessionStatusTag session={s} />,
    },
    {
      title: '',
      key: 'actions',
      render: (_: unknown, s: SessionSummary) => (
        <Space>
          {s.me && !s.me.attendedAt && s.withdrawProblem === null ? (
            <Button size="small" onClick={() => withdraw.mutate(s.id)} data-testid={`session-withdraw-${s.id}`}>
              {t('session.withdraw')}
            </Button>
          ) : !s.me && s.status === 'scheduled' ? (
            <Tooltip
              title={s.signUpProblem ? t('session.notOpen', { reason: problemText(s.signUpProblem) }) : undefined}
            >
              <Button
                size="small"
                type="primary"
                disabled={s.signUpProblem !== null}
                loading={signUp.isPending && signUp.variables === s.id}
                onClick={() => signUp.mutate(s.id)}
                data-testid={`session-sign-up-${s.id}`}
              >
                {t('session.signUp')}
              </Button>
            </Tooltip>
          ) : null}
          <Button size="small" onClick={() => navigate(`/training/sessions/${s.id}`)}>
            {t('session.open')}
          </Button>
        </Space>
      ),
    },
  ];

  const table = (
    <PagedTable
      listKey="sessions"
      rowKey="id"
      size="middle"
      loading={list.isLoading}
      rows={list.data?.items ?? []}
      columns={columns}
      pager={{ defaultPageSize: 20 }}
      locale={{ emptyText: t(`session.emptyTab.${scope}`) }}
      data-testid="sessions-table"
    />
  );

  const tabs = [
    { key: 'upcoming', label: t('session.tab.upcoming'), children: table },
    { key: 'mine', label: t('session.tab.mine'), children: table },
    ...(organiser ? [{ key: 'organising', label: t('session.tab.organising'), children: table }] : []),
    { key: 'qr', label: t('session.tab.qr'), children: <QrCard /> },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('session.title')}
        </Typography.Title>
        {organiser && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="session-create">
            {t('session.create')}
          </Button>
        )}
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'upcoming' ? {} : { tab: k })}
        items={tabs}
        destroyOnHidden
      />
      <SessionFormModal
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(s) => navigate(`/training/sessions/${s.id}`)}
      />
    </Space>
  );
}
