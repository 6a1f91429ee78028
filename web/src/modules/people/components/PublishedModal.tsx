import { List, Modal, Space, Typography, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { fmtDate } from '../../../app/format.js';
import type { PublishResult } from '../contracts.js';
import { StateTag } from './common.js';

/** After publishing: who must sign the new version now, with their state and due date. */
export function PublishedModal({ published, onClose }: { published: PublishResult | null; onClose: () => void }) {
  const { t } = useTranslation('people');
  return (
    <Modal
      open={published !== null}
      title={published ? t('editor.published', { n: published.version.versionNo, count: published.toSign.count }) : ''}
      onCancel={onClose}
      onOk={onClose}
      okText={t('common.close')}
      cancelButtonProps={{ style: { display: 'none' } }}
      okButtonProps={{ 'data-testid': 'template-published-close' } as ButtonProps}
      width={640}
    >
      {published && (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="template-published">
          <Typography.Text strong data-testid="template-published-count" data-count={published.toSign.count}>
            {t('editor.publishWho', { count: published.toSign.count })}
          </Typography.Text>
          <List
            size="small"
            bordered
            style={{ maxHeight: 320, overflowY: 'auto' }}
            dataSource={published.toSign.people}
            renderItem={(p) => (
              <List.Item data-testid="template-published-person">
                <Space>
                  {p.displayName}
                  <Typography.Text type="secondary">{p.departmentName ?? ''}</Typography.Text>
                  <StateTag state={p.state} />
                  {p.dueOn && <Typography.Text type="secondary">{fmtDate(p.dueOn)}</Typography.Text>}
                </Space>
              </List.Item>
            )}
          />
        </Space>
      )}
    </Modal>
  );
}
