import { useMemo, useState } from 'react';
import { Button, Input, Select, Space, Tag, Tooltip, TreeSelect, Typography, type TableProps } from 'antd';
import { LockOutlined, PlusOutlined, SafetyOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { api, type UserQuery } from '../api.js';
import { useAbility, useCurrentUser } from '../../../app/auth.js';
import { type CreateUserResponse, type DirectoryEntry as User } from '../../../app/contracts.js';
import { USER_STATUSES } from '../../../../../src/kernel/roles.js';
import { buildTree } from '../../../shared/deptTree.js';
import { PagedTable } from '../../../shared/PagedTable.js';
import { FilterBar } from '../../../shared/FilterBar.js';
import { usePagedQuery } from '../../../shared/usePagedQuery.js';
import { UserFormModal } from '../components/UserFormModal.js';
import { UserSecurityModal } from '../components/UserSecurityModal.js';
import { UserActions } from '../components/UserActions.js';
import { DepartModal } from '../components/DepartModal.js';
import { HandOverModal } from '../components/HandOverModal.js';
import { OneTimePasswordModal } from '../components/OneTimePasswordModal.js';

const STATUS_COLOR = { active: 'green', disabled: 'orange', departed: 'default' } as const;

type UserFilters = Pick<UserQuery, 'q' | 'departmentId' | 'status'>;
type UserSorting = Required<Pick<UserQuery, 'sort' | 'order'>>;

export function UsersPage() {
  const { t } = useTranslation('identity');
  const can = useAbility();
  const canManage = can('user.manage');
  const canRole = can('user.assign_admin_role');
  const canClearance = can('user.assign_clearance');
  const canHandOver = can('user.hand_over');
  const meId = useCurrentUser().user.id;
  // A link may name the person to show (`/users?q=<username>`, from a notification).
  const [params] = useSearchParams();
  const initialQ = params.get('q')?.trim() || undefined;
  const [filters, setFilters] = useState<UserFilters>(initialQ ? { q: initialQ } : {});
  const [sorting, setSorting] = useState<UserSorting>({ sort: 'username', order: 'asc' });
  const users = usePagedQuery({ queryKey: ['users'], filters, sort: sorting, fetch: api.users.list });
  const depts = useQuery({ queryKey: ['departments'], queryFn: api.departments.list });
  const tree = useMemo(() => buildTree(depts.data?.items ?? []), [depts.data]);

  const [formOpen, setFormOpen] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [security, setSecurity] = useState<User | null>(null);
  const [departing, setDeparting] = useState<User | null>(null);
  const [handingOver, setHandingOver] = useState<User | null>(null);
  const [otp, setOtp] = useState<{ value: string; username: string } | null>(null);

  const patch = (p: UserFilters) => {
    setFilters((f) => ({ ...f, ...p }));
    users.firstPage();
  };

  const columns: TableProps<User>['columns'] = [
    {
      title: t('user.username'),
      dataIndex: 'username',
      sorter: true,
      sortOrder: sorting.sort === 'username' ? (sorting.order === 'desc' ? 'descend' : 'ascend') : null,
    },
    {
      title: t('user.displayName'),
      dataIndex: 'displayName',
      sorter: true,
      sortOrder: sorting.sort === 'displayName' ? (sorting.order === 'desc' ? 'descend' : 'ascend') : null,
    },
    { title: t('user.department'), dataIndex: 'departmentName', render: (v: string | null) => v ?? '—' },
    {
      title: t('user.post'),
      dataIndex: 'post',
      render: (v: string | null, u) => (
        <Space size={4} wrap>
          {v ?? '—'}
          {u.computerUser && <Tag color="blue">{t('user.computerUserTag')}</Tag>}
          {u.hiredOn && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('user.hiredOn')} {u.hiredOn}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('user.businessRoles'),
      key: 'roles',
      render: (_: unknown, u) => (
        <Space size={[0, 4]} wrap>
          {u.adminRole && <Tag color="red">{t(`role.${u.adminRole}`)}</Tag>}
          {(u.businessRoles ?? []).map((r) => (
            <Tag key={r}>{t(`role.${r}`)}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('user.clearanceClass'),
      dataIndex: 'clearanceClass', // Absent (not null) when the policy does not let the reader see it: shown as unknown, never as "none".
      render: (c: User['clearanceClass']) =>
        c === undefined ? '—' : c ? <Tag color="purple">{t(`clearance.${c}`)}</Tag> : t('clearance.none'),
    },
    {
      title: t('user.status'),
      dataIndex: 'status',
      sorter: true,
      sortOrder: sorting.sort === 'status' ? (sorting.order === 'desc' ? 'descend' : 'ascend') : null,
      render: (s: User['status'], u) => (
        <Space size={4}>
          <Tag color={STATUS_COLOR[s]}>{t(`status.${s}`)}</Tag>
          {u.locked && (
            <Tooltip title={t('user.locked')}>
              <LockOutlined style={{ color: '#cf1322' }} />
            </Tooltip>
          )}
          {u.mfaEnabled && (
            <Tooltip title={t('user.mfa')}>
              <SafetyOutlined style={{ color: '#389e0d' }} />
            </Tooltip>
          )}
          {u.separationUntil && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('user.separationUntil')} {dayjs(u.separationUntil).format('YYYY-MM-DD')}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    // When an account was made is account state: only the system administrator sees and sorts by it.
    ...(canManage
      ? [
          {
            title: t('user.createdAt'),
            dataIndex: 'createdAt',
            sorter: true,
            sortOrder:
              sorting.sort === 'createdAt'
                ? sorting.order === 'desc'
                  ? ('descend' as const)
                  : ('ascend' as const)
                : null,
            render: (v: string | undefined) => (v ? dayjs(v).format('YYYY-MM-DD') : '—'),
          },
        ]
      : []),
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_: unknown, u) => (
        <UserActions
          user={u}
          canManage={canManage}
          canSecurity={canRole || canClearance}
          canHandOver={canHandOver && u.id !== meId}
          onEdit={(x) => {
            setEditing(x);
            setFormOpen(true);
          }}
          onSecurity={setSecurity}
          onDepart={setDeparting}
          onHandOver={setHandingOver}
          onOtp={(value, x) => setOtp({ value, username: x.username })}
        />
      ),
    },
  ];

  // Paging is the pager's (PagedTable); a new order keeps the page, as antd's sorter does.
  const onChange: TableProps<User>['onChange'] = (_pg, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = s?.order ? (s.field as UserSorting['sort'] | undefined) : undefined;
    setSorting({ sort: field ?? 'username', order: s?.order === 'descend' ? 'desc' : 'asc' });
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('user.title')}
        </Typography.Title>
        {canManage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="user-create"
            onClick={() => {
              setEditing(null);
              setFormOpen(true);
            }}
          >
            {t('user.create')}
          </Button>
        )}
      </Space>
      <FilterBar
        testid="user-filters"
        primary={[
          <Input.Search
            key="q"
            allowClear
            defaultValue={initialQ}
            placeholder={t('user.searchPlaceholder')}
            aria-label={t('user.searchPlaceholder')}
            style={{ width: 240 }}
            onSearch={(q) => patch({ q: q.trim() || undefined })}
            data-testid="user-search"
          />,
          <TreeSelect
            key="department"
            allowClear
            treeData={tree}
            treeDefaultExpandAll
            placeholder={t('user.filterDept')}
            aria-label={t('user.filterDept')}
            style={{ width: 220 }}
            onChange={(v?: string) => patch({ departmentId: v || undefined })}
            data-testid="user-filter-dept"
          />,
          <Select
            key="status"
            allowClear
            placeholder={t('user.filterStatus')}
            aria-label={t('user.filterStatus')}
            style={{ width: 160 }}
            onChange={(v?: UserFilters['status']) => patch({ status: v || undefined })}
            options={USER_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
            data-testid="user-filter-status"
          />,
        ]}
      />
      <div data-testid="user-table">
        <PagedTable<User>
          paged={users}
          pager={{ showSizeChanger: true, pageSizeOptions: [10, 20, 50, 100] }}
          rowKey="id"
          size="middle"
          columns={columns}
          onChange={onChange}
          scroll={{ x: 1100 }}
        />
      </div>
      <UserFormModal
        open={formOpen}
        user={editing}
        tree={tree}
        onClose={() => setFormOpen(false)}
        onCreated={(r: CreateUserResponse) => {
          setFormOpen(false);
          setOtp({ value: r.oneTimePassword, username: r.user.username });
        }}
      />
      <UserSecurityModal
        user={security}
        canRole={canRole}
        canClearance={canClearance}
        onClose={() => setSecurity(null)}
      />
      <DepartModal user={departing} onClose={() => setDeparting(null)} />
      {handingOver && <HandOverModal user={handingOver} onClose={() => setHandingOver(null)} />}
      <OneTimePasswordModal value={otp?.value ?? null} username={otp?.username} onClose={() => setOtp(null)} />
    </Space>
  );
}
