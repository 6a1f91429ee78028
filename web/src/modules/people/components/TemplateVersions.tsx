import { Button, Card, Modal, Space, Spin, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fmtDateTime } from '../../../app/format.js';
import { api } from '../api.js';
import type { TemplateVersion } from '../contracts.js';
import { AgreementText } from './common.js';

/** A template's published versions, newest first, each with a button to read its text. */
export function VersionsCard({
  versions,
  onRead,
}: {
  versions: TemplateVersion[];
  onRead: (v: TemplateVersion) => void;
}) {
  const { t } = useTranslation('people');
  return (
    <Card size="small" title={t('editor.versions')}>
      <Table<TemplateVersion>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={[...versions].sort((a, b) => b.versionNo - a.versionNo)}
        locale={{ emptyText: t('editor.noVersions') }}
        data-testid="template-versions"
        columns={[
          {
            title: t('editor.versionNo'),
            key: 'no',
            render: (_, v) => (
              <Space size={4}>
                {t('common.version', { n: v.versionNo })}
                {v.current && <Tag color="green">{t('templateStatus.active')}</Tag>}
              </Space>
            ),
          },
          { title: t('editor.name'), key: 'title', render: (_, v) => v.title },
          { title: t('editor.publishedAt'), key: 'at', render: (_, v) => fmtDateTime(v.publishedAt) },
          { title: t('editor.publishedBy'), key: 'by', render: (_, v) => v.publishedBy?.displayName ?? '' },
          {
            key: 'read',
            align: 'right',
            render: (_, v) => (
              <Button size="small" onClick={() => onRead(v)} data-testid={`version-read-${v.versionNo}`}>
                {t('editor.viewText')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** A published version's text, rendered for the reader (as they would read it before signing). */
export function VersionTextModal({
  templateId,
  reading,
  onClose,
}: {
  templateId: string;
  reading: TemplateVersion | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('people');
  const versionText = useQuery({
    queryKey: ['agreements', 'version', templateId, reading?.id],
    queryFn: () => api.templates.versionText(templateId, reading!.id),
    enabled: reading !== null,
  });
  return (
    <Modal
      open={reading !== null}
      width={820}
      title={reading ? `${reading.title} · ${t('common.version', { n: reading.versionNo })}` : ''}
      onCancel={onClose}
      footer={null}
    >
      {versionText.isLoading && <Spin />}
      {versionText.data && <AgreementText html={versionText.data.html} testid="version-text" />}
      {versionText.data?.dutiesHtml && <AgreementText html={versionText.data.dutiesHtml} testid="version-duties" />}
    </Modal>
  );
}
