import { useState } from 'react';
import { Badge, Button, Checkbox, List, Space, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import dayjs from 'dayjs';
import { api } from './api/shell.js';
import { notificationText } from './notificationText.js';
import type { Notification } from './contracts.js';
import { usePagedQuery } from '../shared/usePagedQuery.js';

export function InboxPage() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [unread, setUnread] = useState(false);
  const list = usePagedQuery({
    queryKey: ['notifications', 'list'],
    filters: { unread },
    fetch: api.notifications.list,
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ['notifications'] });
  const markRead = useMutation({ mutationFn: api.notifications.markRead, onSuccess: refresh });
  const markAll = useMutation({ mutationFn: api.notifications.markAllRead, onSuccess: refresh });
  const open = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    if (n.link && n.link.startsWith('/')) navigate(n.link); // only in-app links
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('inbox.title')}
        </Typography.Title>
        <Space>
          <Checkbox checked={unread} onChange={(e) => setUnread(e.target.checked)} data-testid="inbox-unread">
            {t('inbox.unreadOnly')}
          </Checkbox>
          <Button onClick={() => markAll.mutate()} loading={markAll.isPending} data-testid="inbox-read-all">
            {t('inbox.markAllRead')}
          </Button>
        </Space>
      </Space>
      <List<Notification>
        data-testid="inbox-list"
        loading={list.query.isFetching}
        dataSource={list.items}
        locale={{ emptyText: t('inbox.empty') }}
        pagination={list.pagination}
        renderItem={(raw) => {
          const n = { ...raw, ...notificationText(raw, i18n.language) };
          return (
            <List.Item
              actions={[
                n.link ? (
                  <Button key="o" type="link" size="small" onClick={() => open(n)}>
                    {t('inbox.open')}
                  </Button>
                ) : null,
                !n.readAt ? (
                  <Button key="r" type="link" size="small" onClick={() => markRead.mutate(n.id)}>
                    {t('inbox.markRead')}
                  </Button>
                ) : null,
              ].filter(Boolean)}
            >
              <List.Item.Meta
                avatar={<Badge status={n.readAt ? 'default' : 'processing'} />}
                title={<Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>}
                description={
                  <Space direction="vertical" size={0}>
                    <Typography.Text>{n.body}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')} · {n.readAt ? t('inbox.read') : t('inbox.unread')}
                    </Typography.Text>
                  </Space>
                }
              />
            </List.Item>
          );
        }}
      />
    </Space>
  );
}
