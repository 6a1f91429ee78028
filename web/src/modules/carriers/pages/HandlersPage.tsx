import { useMemo, useState } from 'react';
import { Button, Card, Popconfirm, Select, Space, Tag, Typography, type TableProps } from 'antd';
import { PagedTable } from '../../../shared/PagedTable.js';
import { UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../api.js';
import { useAbility, useCurrentUser } from '../../../app/auth.js';
import { showSuccess } from '../../../app/feedback.js';
import { fmtDateTime } from '../../../app/format.js';
import { NotFoundPage } from '../../../app/NotFoundPage.js';
import { HANDLER_DUTIES, type HandlerDuty } from '../../../../../src/kernel/carriers.js';
import type { Handler } from '../contracts.js';
import { DepartmentSelect, HANDLERS_KEY, useDepartments } from '../components/common.js';
import { UserPicker } from '../components/shared.js';

interface Row {
  key: string;
  departmentId: string;
  userId: string;
  displayName: string;
  duties: Handler[];
}

/** The department and every department under it (a head names the handlers of their own subtree). */
function subtreeOf(depts: readonly { id: string; parentId: string | null }[], root: string | null): Set<string> {
  const out = new Set<string>();
  if (!root) return out;
  const walk = (id: string) => {
    out.add(id);
    for (const d of depts) if (d.parentId === id && !out.has(d.id)) walk(d.id);
  };
  walk(root);
  return out;
}

/**
 * 载体经办人: per department, who is designated (指定人员) to produce, receive and dispatch, transmit and carry out
 * carriers. The department head names them for their department, the security office for every department.
 */
export function HandlersPage() {
  const { t } = useTranslation('carriers');
  const can = useAbility();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const depts = useDepartments();
  const [params, setParams] = useSearchParams();
  const departmentId = params.get('departmentId') ?? me.user.departmentId ?? undefined;
  const [person, setPerson] = useState<string | undefined>();
  const [duties, setDuties] = useState<HandlerDuty[]>([]);
  const list = useQuery({
    queryKey: [...HANDLERS_KEY, 'list', departmentId ?? null],
    queryFn: () => api.handlers.list(departmentId),
    enabled: can('carrier.view_register'),
  });
  const mine = useMemo(
    () => subtreeOf(depts.data?.items ?? [], me.user.departmentId ?? null),
    [depts.data, me.user.departmentId],
  );
  const manages =
    can('carrier.manage_handlers') && !!departmentId && (can('carrier.view_unit_ledger') || mine.has(departmentId)); // the security office, or a head's own

  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: HANDLERS_KEY });
  };
  const assign = useMutation({
    mutationFn: async () => {
      for (const duty of duties) await api.handlers.assign(departmentId!, { userId: person!, duty });
    },
    onSuccess: async () => {
      showSuccess(t('handler.assigned'));
      setPerson(undefined);
      setDuties([]);
    },
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (h: Handler) => api.handlers.remove(h.departmentId, h.userId, h.duty),
    onSuccess: async () => showSuccess(t('handler.removed')),
    onSettled: refresh,
  });

  const rows = useMemo(() => {
    const byPerson = new Map<string, Row>();
    for (const h of list.data?.items ?? []) {
      const key = `${h.departmentId}:${h.userId}`;
      const row = byPerson.get(key) ?? { key, ...h, duties: [] };
      row.duties.push(h);
      byPerson.set(key, row);
    }
    return [...byPerson.values()];
  }, [list.data]);
  const deptName = (id: string) => depts.data?.items.find((d) => d.id === id)?.name ?? id;

  if (!can('carrier.view_register')) return <NotFoundPage forbidden />;

  const columns: TableProps<Row>['columns'] = [
    { title: t('handler.department'), dataIndex: 'departmentId', width: 160, render: deptName },
    { title: t('handler.person'), dataIndex: 'displayName', width: 160 },
    {
      title: t('handler.duties'),
      key: 'duties',
      render: (_: unknown, r) => (
        <Space size={[0, 8]} wrap>
          {r.duties.map((h) =>
            manages ? (
              <Popconfirm
                key={h.duty}
                title={t('handler.confirmRemove', { name: h.displayName, duty: t(`duty.${h.duty}`) })}
                onConfirm={() => remove.mutate(h)}
                okButtonProps={{ 'data-testid': 'handler-remove-confirm' } as never}
              >
                <Tag color="blue" closable onClose={(e) => e.preventDefault()} data-testid={`handler-duty-${h.duty}`}>
                  {t(`duty.${h.duty}`)}
                </Tag>
              </Popconfirm>
            ) : (
              <Tag key={h.duty} color="blue" data-testid={`handler-duty-${h.duty}`}>
                {t(`duty.${h.duty}`)}
              </Tag>
            ),
          )}
        </Space>
      ),
    },
    {
      title: t('handler.assignedBy'),
      key: 'assigned',
      width: 220,
      render: (_: unknown, r) => {
        const last = r.duties.reduce((a, b) => (a.assignedAt > b.assignedAt ? a : b));
        return `${last.assignedByName ?? '—'} · ${fmtDateTime(last.assignedAt)}`;
      },
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('handler.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('handler.intro')}
      </Typography.Paragraph>
      <Space wrap>
        <Typography.Text>{t('handler.department')}</Typography.Text>
        <DepartmentSelect
          style={{ width: 260 }}
          value={departmentId}
          onChange={(v) => {
            const next = new URLSearchParams(params);
            if (v) next.set('departmentId', v);
            else next.delete('departmentId');
            setParams(next, { replace: true });
          }}
          testid="handler-department"
        />
      </Space>
      {manages && (
        <Card size="small" title={t('handler.assign')}>
          <Space wrap>
            <UserPicker
              value={person ?? null}
              onChange={(id) => setPerson(id)}
              placeholder={t('handler.person')}
              style={{ width: 260 }}
              testid="handler-person"
            />
            <Select<HandlerDuty[]>
              mode="multiple"
              value={duties}
              onChange={setDuties}
              placeholder={t('handler.duties')}
              style={{ minWidth: 260 }}
              options={HANDLER_DUTIES.map((d) => ({ value: d, label: t(`duty.${d}`) }))}
              data-testid="handler-duty"
            />
            <Button
              type="primary"
              icon={<UserAddOutlined />}
              disabled={!person || duties.length === 0}
              loading={assign.isPending}
              onClick={() => assign.mutate()}
              data-testid="handler-assign"
            >
              {t('handler.assignButton')}
            </Button>
          </Space>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t('handler.dutyHint')}
          </Typography.Paragraph>
        </Card>
      )}
      <PagedTable<Row>
        listKey="handlers"
        rowKey="key"
        size="middle"
        columns={columns}
        rows={rows}
        loading={list.isFetching}
        locale={{ emptyText: t('handler.empty') }}
        onRow={(r) => ({ 'data-testid': `handler-row-${r.displayName}` }) as React.HTMLAttributes<HTMLElement>}
        data-testid="handler-table"
      />
    </Space>
  );
}
