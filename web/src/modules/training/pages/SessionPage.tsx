import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { CheckOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../app/api/client.js';
import { showSuccess } from '../../../app/feedback.js';
import { fmtDateTime } from '../../../app/format.js';
import { NotFoundPage } from '../../../app/NotFoundPage.js';
import { UserPicker } from '../../classification/components/UserPicker.js';
import { SESSIONS_KEY, sessionApi, sessionKey, type Attendee } from '../api/sessions.js';
import { ScanBox } from '../components/ScanBox.js';
import { SessionFormModal } from '../components/SessionFormModal.js';
import { SessionStatusTag, problemText } from '../components/SessionStatusTag.js';

/**
 * One offline session: its facts; sign up or withdraw; for the organiser (the office, the department's head) the
 * sign-in list with ticks, the scan box for the door, adding people, edit, cancel, close.
 */
export function SessionPage() {
  const { t } = useTranslation('training');
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [picked, setPicked] = useState<string | undefined>();
  const [last, setLast] = useState<string | null>(null);
  const session = useQuery({ queryKey: sessionKey(id), queryFn: () => sessionApi.get(id) });
  const refresh = () => qc.invalidateQueries({ queryKey: SESSIONS_KEY });
  const done = (text: string) => async () => {
    showSuccess(text);
    await refresh();
  };
  const signUp = useMutation({ mutationFn: () => sessionApi.signUp(id), onSuccess: done(t('session.signedUp')) });
  const withdraw = useMutation({ mutationFn: () => sessionApi.withdraw(id), onSuccess: done(t('session.withdrawn')) });
  const cancel = useMutation({
    mutationFn: (version: number) => sessionApi.cancel(id, version),
    onSuccess: done(t('session.cancelled')),
  });
  const close = useMutation({
    mutationFn: (version: number) => sessionApi.close(id, version),
    onSuccess: done(t('session.closed')),
  });
  const add = useMutation({
    mutationFn: (userId: string) => sessionApi.addPeople(id, [userId]),
    onSuccess: async () => {
      setPicked(undefined);
      await done(t('session.added'))();
    },
  });
  const remove = useMutation({
    mutationFn: (userId: string) => sessionApi.removePerson(id, userId),
    onSuccess: refresh,
  });
  const recorded = async (r: { attendee: Attendee; completion: { certificateNo: string } }) => {
    const text = t('session.recorded', { name: r.attendee.displayName, no: r.completion.certificateNo });
    setLast(text);
    showSuccess(text);
    await refresh();
  };
  const tick = useMutation({ mutationFn: (userId: string) => sessionApi.tick(id, userId), onSuccess: recorded });
  const scan = useMutation({ mutationFn: (code: string) => sessionApi.scan(id, code), onSuccess: recorded });

  if (session.error && isApiError(session.error) && session.error.status === 404) return <NotFoundPage />;
  const s = session.data;
  if (!s) return <Card loading />;
  const open = s.status === 'scheduled';

  const columns = [
    {
      title: t('session.person'),
      key: 'person',
      render: (_: unknown, p: Attendee) => `${p.displayName} (${p.username})`,
    },
    { title: t('session.department'), key: 'dept', render: (_: unknown, p: Attendee) => p.departmentName ?? '—' },
    {
      title: t('session.enrolledAt'),
      key: 'enrolledAt',
      render: (_: unknown, p: Attendee) => fmtDateTime(p.enrolledAt),
    },
    { title: t('session.enrolledBy'), key: 'enrolledBy', render: (_: unknown, p: Attendee) => p.enrolledBy ?? '—' },
    {
      title: t('session.attendedAt'),
      key: 'attended',
      render: (_: unknown, p: Attendee) =>
        p.attendedAt ? (
          <Space>
            <Tag color="green" icon={<CheckOutlined />}>
              {fmtDateTime(p.attendedAt)}
            </Tag>
            {p.method && <Typography.Text type="secondary">{t(`session.method.${p.method}`)}</Typography.Text>}
          </Space>
        ) : open ? (
          <Button
            size="small"
            type="primary"
            icon={<CheckOutlined />}
            loading={tick.isPending && tick.variables === p.userId}
            onClick={() => tick.mutate(p.userId)}
            data-testid={`session-tick-${p.username}`}
          >
            {t('session.tick')}
          </Button>
        ) : (
          '—'
        ),
    },
    {
      title: '',
      key: 'actions',
      render: (_: unknown, p: Attendee) =>
        open && !p.attendedAt ? (
          <Button size="small" danger type="link" onClick={() => remove.mutate(p.userId)}>
            {t('session.remove')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Space>
          <Link to="/training/sessions">{t('session.title')}</Link>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {s.courseTitle}
          </Typography.Title>
          <SessionStatusTag session={s} />
        </Space>
        <Space wrap>
          {!s.me && open && (
            <Button
              type="primary"
              disabled={s.signUpProblem !== null}
              loading={signUp.isPending}
              onClick={() => signUp.mutate()}
              data-testid="session-sign-up"
            >
              {t('session.signUp')}
            </Button>
          )}
          {s.me && !s.me.attendedAt && s.withdrawProblem === null && (
            <Button loading={withdraw.isPending} onClick={() => withdraw.mutate()} data-testid="session-withdraw">
              {t('session.withdraw')}
            </Button>
          )}
          {s.canManage && open && (
            <>
              <Button onClick={() => setEditing(true)} data-testid="session-edit">
                {t('session.edit')}
              </Button>
              <Popconfirm title={t('session.closeConfirm')} onConfirm={() => close.mutate(s.version)}>
                <Button data-testid="session-close">{t('session.close')}</Button>
              </Popconfirm>
              {s.attended === 0 && (
                <Popconfirm title={t('session.cancelConfirm')} onConfirm={() => cancel.mutate(s.version)}>
                  <Button danger data-testid="session-cancel">
                    {t('session.cancel')}
                  </Button>
                </Popconfirm>
              )}
            </>
          )}
        </Space>
      </Space>
      {!s.me && open && s.signUpProblem && s.signUpProblem !== 'already_signed_up' && (
        <Alert type="info" showIcon title={t('session.notOpen', { reason: problemText(s.signUpProblem) })} />
      )}
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('session.field.startsAt')}>{fmtDateTime(s.startsAt)}</Descriptions.Item>
          <Descriptions.Item label={t('session.field.endsAt')}>{fmtDateTime(s.endsAt)}</Descriptions.Item>
          <Descriptions.Item label={t('session.field.place')}>{s.place}</Descriptions.Item>
          <Descriptions.Item label={t('session.field.trainer')}>{s.trainer}</Descriptions.Item>
          <Descriptions.Item label={t('session.field.seats')}>
            <span data-testid="session-seats">{`${s.enrolled} / ${s.capacity}`}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('session.field.attended')}>{s.attended}</Descriptions.Item>
          <Descriptions.Item label={t('session.field.department')}>
            {s.departmentName ?? t('session.field.anyDepartment')}
          </Descriptions.Item>
          <Descriptions.Item label={t('session.field.organiser')}>{s.organiser.displayName}</Descriptions.Item>
        </Descriptions>
      </Card>
      {s.canManage && s.people && (
        <>
          {open && <ScanBox onCode={(code) => scan.mutateAsync(code).catch(() => undefined)} busy={scan.isPending} />}
          {last && <Alert type="success" showIcon title={last} data-testid="session-last-recorded" />}
          <Card
            size="small"
            title={t('session.list')}
            extra={
              open ? (
                <Space.Compact>
                  <UserPicker
                    value={picked}
                    onChange={(v) => setPicked(v)}
                    placeholder={t('session.addPlaceholder')}
                    style={{ width: 260 }}
                    testid="session-add-person"
                  />
                  <Button
                    icon={<UserAddOutlined />}
                    disabled={!picked}
                    loading={add.isPending}
                    onClick={() => picked && add.mutate(picked)}
                    data-testid="session-add"
                  >
                    {t('session.add')}
                  </Button>
                </Space.Compact>
              ) : null
            }
          >
            {open && <Typography.Paragraph type="secondary">{t('session.listHint')}</Typography.Paragraph>}
            <Table
              rowKey="userId"
              size="small"
              dataSource={s.people}
              columns={columns}
              pagination={false}
              data-testid="session-people"
            />
          </Card>
        </>
      )}
      <SessionFormModal open={editing} session={s} onClose={() => setEditing(false)} />
    </Space>
  );
}
