import { useState } from 'react';
import { Button, Space, Tag, Typography, type TableProps } from 'antd';
import { PagedTable } from '../../../shared/PagedTable.js';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAbility } from '../../../app/auth.js';
import { NotFoundPage } from '../../../app/NotFoundPage.js';
import { LEVEL_COLOR } from '../../../shared/levelColor.js';
import type { StorageLocation } from '../contracts.js';
import { useLocations } from '../components/common.js';
import { LocationModal } from '../components/LocationModal.js';

/**
 * 存放位置: the registered safes, cabinets and rooms carriers live in, with their protection, key holders, the
 * highest level each may hold and how many carriers it holds; the security office registers and changes them.
 */
export function LocationsPage() {
  const { t } = useTranslation('carriers');
  const can = useAbility();
  const manage = can('carrier.manage_locations');
  const locations = useLocations(can('carrier.view_locations'));
  const [editing, setEditing] = useState<StorageLocation | null | undefined>(undefined);
  if (!can('carrier.view_locations')) return <NotFoundPage forbidden />;

  const columns: TableProps<StorageLocation>['columns'] = [
    { title: t('location.code'), dataIndex: 'code', width: 110 },
    { title: t('location.name'), dataIndex: 'name' },
    { title: t('location.kind'), dataIndex: 'kind', width: 110, render: (k: string) => t(`locationKind.${k}`) },
    { title: t('location.room'), dataIndex: 'room', width: 140 },
    {
      title: t('location.department'),
      dataIndex: 'departmentName',
      width: 130,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('location.maxLevel'),
      dataIndex: 'maxLevel',
      width: 110,
      render: (l: StorageLocation['maxLevel']) =>
        l ? <Tag color={LEVEL_COLOR[l]}>{t(`level.${l}`)}</Tag> : t('location.noCap'),
    },
    {
      title: t('location.protection'),
      key: 'protection',
      render: (_: unknown, l) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text style={{ fontSize: 12 }}>
            {t('location.physicalShort')}: {l.physicalProtection}
          </Typography.Text>
          <Typography.Text style={{ fontSize: 12 }}>
            {t('location.electronicShort')}: {l.electronicProtection}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('location.keyHolders'),
      key: 'keyHolders',
      width: 150,
      render: (_: unknown, l) => l.keyHolders.map((k) => k.displayName).join(t('common.listSep')),
    },
    {
      title: t('location.active'),
      dataIndex: 'active',
      width: 80,
      render: (a: boolean) => (a ? <Tag color="green">{t('location.inUse')}</Tag> : <Tag>{t('location.closed')}</Tag>),
    },
    {
      title: t('location.carriers'),
      dataIndex: 'carriers',
      width: 90,
      render: (n: number, l) => (
        <Link to={`/carriers?locationId=${l.id}`} data-testid={`location-carriers-${l.code}`}>
          {n}
        </Link>
      ),
    },
    ...(manage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, l: StorageLocation) => (
              <Button
                size="small"
                icon={<EditOutlined />}
                onClick={() => setEditing(l)}
                data-testid={`location-edit-${l.code}`}
              >
                {t('common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('location.title')}
        </Typography.Title>
        {manage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="location-create">
            {t('location.create')}
          </Button>
        )}
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('location.intro')}
      </Typography.Paragraph>
      <PagedTable<StorageLocation>
        listKey="locations"
        rowKey="id"
        size="middle"
        columns={columns}
        rows={locations.data?.items ?? []}
        loading={locations.isFetching}
        scroll={{ x: 1300 }}
        locale={{ emptyText: t('location.empty') }}
        onRow={(l) => ({ 'data-testid': `location-row-${l.code}` }) as React.HTMLAttributes<HTMLElement>}
        data-testid="location-table"
      />
      {manage && (
        <LocationModal location={editing ?? null} open={editing !== undefined} onClose={() => setEditing(undefined)} />
      )}
    </Space>
  );
}
