import { Button, Popconfirm, Table, Tag, type TableProps } from 'antd';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fmtDate, fmtDateTime } from '../../../app/format.js';
import { showError, showSuccess } from '../../../app/feedback.js';
import { ASSIGNMENTS_KEY, RECORD_KEY, recordApi, type Assignment } from '../api/records.js';

const STATE_COLOR = { open: 'orange', met: 'green', cancelled: 'default' } as const;

/** Follow-up training tasks (TRN-13); the office may cancel an open one, and sees who each is for. */
export function AssignmentTable({
  items,
  showPerson = false,
  canCancel = false,
  loading,
}: {
  items: Assignment[];
  showPerson?: boolean;
  canCancel?: boolean;
  loading?: boolean;
}) {
  const { t } = useTranslation('training');
  const qc = useQueryClient();
  const cancel = useMutation({
    mutationFn: (a: Assignment) => recordApi.cancel(a.id, a.version),
    onSuccess: async () => {
      showSuccess(t('record.tasks.cancelled'));
      await qc.invalidateQueries({ queryKey: ASSIGNMENTS_KEY });
      await qc.invalidateQueries({ queryKey: RECORD_KEY });
    },
    onError: async (e) => {
      showError(e);
      await qc.invalidateQueries({ queryKey: ASSIGNMENTS_KEY });
    },
  });
  const columns: TableProps<Assignment>['columns'] = [
    ...(showPerson
      ? [
          {
            title: t('record.tasks.person'),
            key: 'person',
            render: (_: unknown, a: Assignment) => (
              <Link to={`/training/people/${a.userId}`}>{`${a.displayName} (${a.username})`}</Link>
            ),
          },
          {
            title: t('record.tasks.department'),
            dataIndex: 'departmentName',
            render: (v: string | null) => v ?? '—',
          },
        ]
      : []),
    { title: t('record.tasks.course'), dataIndex: 'title' },
    { title: t('record.tasks.dueOn'), dataIndex: 'dueOn', render: fmtDate },
    {
      title: t('record.tasks.source'),
      key: 'source',
      render: (_: unknown, a) => (
        <>
          {t(`record.taskSource.${a.source}`)}
          {a.sourceRef ? ` · ${a.sourceRef}` : ''}
        </>
      ),
    },
    { title: t('record.tasks.reason'), dataIndex: 'reason' },
    { title: t('record.tasks.assignedAt'), dataIndex: 'assignedAt', render: fmtDateTime },
    {
      title: t('record.tasks.state'),
      dataIndex: 'state',
      render: (s: Assignment['state']) => <Tag color={STATE_COLOR[s]}>{t(`record.taskState.${s}`)}</Tag>,
    },
    ...(canCancel
      ? [
          {
            title: '',
            key: 'actions',
            render: (_: unknown, a: Assignment) =>
              a.state === 'open' ? (
                <Popconfirm title={t('record.tasks.confirmCancel')} onConfirm={() => cancel.mutate(a)}>
                  <Button size="small" danger data-testid={`task-cancel-${a.id}`}>
                    {t('record.tasks.cancel')}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]
      : []),
  ];
  return (
    <Table
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={items.length > 20 ? { pageSize: 20 } : false}
      locale={{ emptyText: t('record.tasks.empty') }}
      data-testid="task-table"
    />
  );
}
