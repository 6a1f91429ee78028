import { useState } from 'react';
import { Badge, Button, Checkbox, List, Space, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import dayjs from 'dayjs';
import { api } from './api/shell.js';
import { notificationText } from './notificationText.js';
import type { Notification } from './contracts.js';
import { usePagedQuery } from '../shared/usePagedQuery.js';

/** Whether a notice still waits for its reader: unread, and not a to-do somebody already dealt with. */
export function isUnread(n: Pick<Notification, 'readAt' | 'doneAt'>): boolean {
  return !n.readAt && !n.doneAt;
}

export function InboxPage() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [unread, setUnread] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const list = usePagedQuery({
    queryKey: ['notifications', 'list'],
    filters: { unread },
    fetch: api.notifications.list,
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ['notifications'] });
  const markRead = useMutation({ mutationFn: api.notifications.markRead, onSuccess: refresh });
  const markSelected = useMutation({
    mutationFn: api.notifications.markSelectedRead,
    onSuccess: async () => {
      setSelected([]);
      await refresh();
    },
  });
  const markAll = useMutation({ mutationFn: api.notifications.markAllRead, onSuccess: refresh });
  const open = (n: Notification) => {
    if (isUnread(n)) markRead.mutate(n.id);
    if (n.link && n.link.startsWith('/')) navigate(n.link); // only in-app links
  };
  // Only what is on the page now can stay selected (a page turn or a refresh drops the rest).
  const shown = new Set(list.items.map((n) => n.id));
  const chosen = selected.filter((id) => shown.has(id));
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => (on ? [...s.filter((x) => x !== id), id] : s.filter((x) => x !== id)));

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
          <Button
            onClick={() => markSelected.mutate(chosen)}
            disabled={chosen.length === 0}
            loading={markSelected.isPending}
            data-testid="inbox-read-selected"
          >
            {t('inbox.markSelectedRead', { n: chosen.length })}
          </Button>
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
          const waiting = isUnread(n);
          return (
            <List.Item
              data-testid="inbox-item"
              data-state={n.doneAt ? 'done' : waiting ? 'unread' : 'read'}
              actions={[
                n.link ? (
                  <Button key="o" type="link" size="small" onClick={() => open(n)}>
                    {t('inbox.open')}
                  </Button>
                ) : null,
                waiting ? (
                  <Button key="r" type="link" size="small" onClick={() => markRead.mutate(n.id)}>
                    {t('inbox.markRead')}
                  </Button>
                ) : null,
              ].filter(Boolean)}
            >
              <List.Item.Meta
                avatar={
                  <Space>
                    <Checkbox
                      aria-label={t('inbox.select')}
                      checked={chosen.includes(n.id)}
                      disabled={!waiting}
                      onChange={(e) => toggle(n.id, e.target.checked)}
                      data-testid="inbox-select"
                    />
                    <Badge status={waiting ? 'processing' : 'default'} />
                  </Space>
                }
                title={
                  <Space size="small">
                    <Typography.Text strong={waiting} type={n.doneAt ? 'secondary' : undefined}>
                      {n.title}
                    </Typography.Text>
                    {n.doneAt ? (
                      <Tag color="success" data-testid="inbox-done">
                        {t('inbox.done')}
                      </Tag>
                    ) : n.todo ? (
                      <Tag color="processing">{t('inbox.todo')}</Tag>
                    ) : null}
                  </Space>
                }
                description={
                  <Space direction="vertical" size={0}>
                    <Typography.Text type={n.doneAt ? 'secondary' : undefined}>{n.body}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')} ·{' '}
                      {n.doneAt
                        ? t('inbox.doneAt', { at: dayjs(n.doneAt).format('YYYY-MM-DD HH:mm') })
                        : n.readAt
                          ? t('inbox.read')
                          : t('inbox.unread')}
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
