import { Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AudienceRule } from '../../../../../src/kernel/training.js';
import { api as client, call } from '../../../app/api/client.js';

/** The departments by id, as the audience texts name them (one shared, cached read). */
export function useDepartmentNames(): Map<string, string> {
  const departments = useQuery({
    queryKey: ['departments'],
    queryFn: () => call(client.GET('/api/departments')),
    staleTime: 60_000,
    meta: { quiet: true },
  });
  return new Map((departments.data?.items ?? []).map((d) => [d.id, d.name]));
}

/** One rule in words (training's `audience.*` texts). */
export function useAudienceRuleText(): (rule: AudienceRule) => string {
  const { t } = useTranslation('training');
  const names = useDepartmentNames();
  return (rule) => {
    switch (rule.kind) {
      case 'all':
        return t('audience.all');
      case 'department':
        return t('audience.department', { name: names.get(rule.departmentId) ?? '…' });
      case 'post':
        return t('audience.post', { post: rule.post });
      case 'clearance':
        return t('audience.clearance', { classes: rule.classes.map((c) => t(`clearance.${c}`)).join('、') });
      case 'computer_users':
        return t('audience.computer_users');
      case 'new_hires':
        return t('audience.new_hires', { days: rule.withinDays });
    }
  };
}

/**
 * Shows an audience (AudienceRule[]: anyone any rule takes in) as tags, or "nobody" when empty. `inline`: as one line
 * of text joined by semicolons instead of tags.
 */
export function AudienceText({ rules, inline = false }: { rules: readonly AudienceRule[]; inline?: boolean }) {
  const { t } = useTranslation('training');
  const text = useAudienceRuleText();
  if (rules.length === 0) return <Typography.Text type="secondary">{t('audience.none')}</Typography.Text>;
  if (inline) return <span data-testid="audience-text">{rules.map(text).join('；')}</span>;
  return (
    <Space size={[4, 4]} wrap data-testid="audience-text">
      {rules.map((r, i) => (
        <Tag key={i} color={r.kind === 'all' ? 'blue' : undefined}>
          {text(r)}
        </Tag>
      ))}
    </Space>
  );
}
