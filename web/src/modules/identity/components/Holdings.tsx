import { Space, Table, Tag, Typography, type TableProps } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { LEVEL_COLOR } from '../../../shared/levelColor.js';
import { PLATFORM_CODE_TEXTS } from '../../../../../src/platform/contracts/code-texts.js';
import type { HoldingView, Holdings } from '../../../../../src/modules/identity/contracts/departure.js';

export type { HoldingView, Holdings };

/** The query key of a person's holdings: under `users`, so whatever refreshes the directory refreshes them. */
export const holdingsKey = (userId: string) => ['users', userId, 'holdings'] as const;

/** What a person holds in each module (references and levels only), while `userId` is set. */
export function useHoldings(userId: string | null | undefined, enabled = true) {
  return useQuery({
    queryKey: holdingsKey(userId ?? ''),
    queryFn: () => api.users.holdings(userId!),
    enabled: !!userId && enabled,
  });
}

/** How many of the holdings block the departure. */
export const blockingCount = (h: Holdings | undefined) =>
  (h?.modules ?? []).reduce((n, m) => n + m.holdings.filter((x) => x.blocking).length, 0);

/** A module's name and a holding's kind, in the reader's language (the module's own word when untranslated). */
export function useHoldingTexts() {
  const { t } = useTranslation('identity');
  return {
    moduleName: (module: string) => t(`holdingModule.${module}`, { defaultValue: module }),
    kindName: (module: string, kind: string) => t(`holdingKind.${module}.${kind}`, { defaultValue: kind }),
  };
}

/** One module's holdings as a small table; with `selection`, the transferable ones can be picked. */
export function HoldingTable({
  module,
  holdings,
  selection,
}: {
  module: string;
  holdings: HoldingView[];
  selection?: { selected: string[]; onChange: (ids: string[]) => void };
}) {
  const { t, i18n } = useTranslation('identity');
  const lang = i18n.language.startsWith('en') ? 'en-US' : 'zh-CN';
  const { kindName } = useHoldingTexts();
  const columns: TableProps<HoldingView>['columns'] = [
    { title: t('departure.kind'), key: 'kind', render: (_: unknown, h) => kindName(module, h.kind) },
    { title: t('departure.reference'), dataIndex: 'reference' },
    {
      title: t('departure.level'),
      dataIndex: 'level',
      render: (l: HoldingView['level']) =>
        l ? <Tag color={LEVEL_COLOR[l]}>{PLATFORM_CODE_TEXTS.level[lang][l]}</Tag> : '—',
    },
    {
      key: 'flags',
      render: (_: unknown, h) => (
        <Space size={4}>
          {h.blocking && <Tag color="red">{t('departure.blocking')}</Tag>}
          {!h.transferable && <Tag>{t('departure.notTransferable')}</Tag>}
        </Space>
      ),
    },
  ];
  return (
    <Table<HoldingView>
      size="small"
      rowKey="id"
      pagination={holdings.length > 10 ? { pageSize: 10, size: 'small' } : false}
      columns={columns}
      dataSource={holdings}
      onRow={(h) => ({ 'data-testid': `holding-${h.reference}` }) as React.HTMLAttributes<HTMLElement>}
      rowSelection={
        selection && {
          selectedRowKeys: selection.selected,
          onChange: (keys) => selection.onChange(keys as string[]),
          getCheckboxProps: (h) => ({ disabled: !h.transferable }),
        }
      }
    />
  );
}

/** Everything a person holds, module by module (the departure dialog's list). */
export function HoldingsByModule({ holdings }: { holdings: Holdings }) {
  const { moduleName } = useHoldingTexts();
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="holdings">
      {holdings.modules.map((m) => (
        <div key={m.module} data-testid={`holdings-${m.module}`}>
          <Typography.Text strong>{moduleName(m.module)}</Typography.Text>
          <HoldingTable module={m.module} holdings={m.holdings} />
        </div>
      ))}
    </Space>
  );
}
