import { Button, Table, type TableProps } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { fmtDate } from '../../../app/format.js';
import { recordApi, type External } from '../api/records.js';

/** A person's external certificates (TRN-11), each with its file to download. */
export function ExternalTable({ items }: { items: External[] }) {
  const { t } = useTranslation('training');
  const columns: TableProps<External>['columns'] = [
    { title: t('record.external.name'), dataIndex: 'title' },
    { title: t('record.external.provider'), dataIndex: 'provider' },
    { title: t('record.external.completedOn'), dataIndex: 'completedOn', render: fmtDate },
    { title: t('record.external.expiresOn'), dataIndex: 'expiresOn', render: fmtDate },
    { title: t('record.external.certificateNo'), dataIndex: 'certificateNo', render: (v: string | null) => v ?? '—' },
    {
      title: t('record.external.file'),
      key: 'file',
      render: (_: unknown, x) => (
        <Button
          size="small"
          icon={<DownloadOutlined />}
          href={recordApi.externalFileUrl(x.id)}
          target="_blank"
          data-testid={`external-download-${x.id}`}
        >
          {x.fileName}
        </Button>
      ),
    },
  ];
  return (
    <Table
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={items}
      pagination={false}
      locale={{ emptyText: t('record.external.empty') }}
      data-testid="external-table"
    />
  );
}
