import { Alert, Space, Tag, Typography, type TableProps } from 'antd';
import { PagedTable } from '../../../shared/PagedTable.js';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { namespaceOf } from '../../../app/i18n/index.js';
import type { RoleInfo } from '../../../app/contracts.js';

export function RolesPage() {
  const { t, i18n } = useTranslation('identity');
  const roles = useQuery({ queryKey: ['roles'], queryFn: api.roles.list });
  const roleName = (code: string) => (i18n.exists(`identity:role.${code}`) ? t(`role.${code}`) : code);
  // Each module names its own abilities (`perm` in its namespace).
  const permName = (code: string) => {
    const ns = namespaceOf(`perm.${code}`);
    return ns ? t(`${ns}:perm.${code}`) : code;
  };
  const columns: TableProps<RoleInfo>['columns'] = [
    {
      title: t('roles.code'),
      dataIndex: 'code',
      render: (c: string) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{roleName(c)}</Typography.Text>
          <Typography.Text type="secondary" code>
            {c}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('roles.kind'),
      dataIndex: 'kind',
      render: (k: RoleInfo['kind']) => <Tag color={k === 'admin' ? 'red' : 'blue'}>{t(`roleKind.${k}`)}</Tag>,
    },
    {
      title: t('roles.permissions'),
      dataIndex: 'permissions',
      render: (ps: string[]) =>
        ps.length ? (
          <Space size={[0, 4]} wrap>
            {ps.map((p) => (
              <Tag key={p} title={p}>
                {permName(p)}
              </Tag>
            ))}
          </Space>
        ) : (
          '—'
        ),
    },
    { title: t('roles.memberCount'), dataIndex: 'memberCount', align: 'right', width: 100 },
  ];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('roles.title')}
      </Typography.Title>
      <Alert type="info" showIcon message={t('roles.sodNote')} />
      <div data-testid="roles-table">
        <PagedTable<RoleInfo>
          listKey="roles"
          rowKey="code"
          columns={columns}
          rows={roles.data?.items ?? []}
          loading={roles.isLoading}
        />
      </div>
    </Space>
  );
}
