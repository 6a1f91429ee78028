import { Button, Input, InputNumber, Select, Space, TreeSelect, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  AUDIENCE_RULE_KINDS,
  TRAINING_DEFAULTS,
  type AudienceRule,
  type AudienceRuleKind,
} from '../../../../../src/kernel/training.js';
import { api as client, call } from '../../../app/api/client.js';
import { buildTree } from '../../../shared/deptTree.js';

const CLASSES = ['core', 'important', 'general'] as const;

/** A new rule of this kind with its parameters blank (the editor asks for them). */
function blankRule(kind: AudienceRuleKind): AudienceRule {
  switch (kind) {
    case 'all':
      return { kind };
    case 'department':
      return { kind, departmentId: '' };
    case 'post':
      return { kind, post: '' };
    case 'clearance':
      return { kind, classes: ['core', 'important'] };
    case 'computer_users':
      return { kind };
    case 'new_hires':
      return { kind, withinDays: TRAINING_DEFAULTS.newHireDays };
  }
}

/** Is a rule complete enough to send (a department chosen, a post written, a class and days given)? */
export function audienceRuleComplete(r: AudienceRule): boolean {
  switch (r.kind) {
    case 'department':
      return r.departmentId !== '';
    case 'post':
      return r.post.trim() !== '';
    case 'clearance':
      return r.classes.length > 0;
    case 'new_hires':
      return Number.isInteger(r.withinDays) && r.withinDays >= 1 && r.withinDays <= 3650;
    default:
      return true;
  }
}

export interface AudienceEditorProps {
  value?: AudienceRule[];
  onChange?: (rules: AudienceRule[]) => void;
  disabled?: boolean;
  /** Prefix of the rows' test ids (default `audience`). */
  testId?: string;
}

/**
 * Edits an audience (AudienceRule[]): who a course, campaign or awareness message is for — anyone any rule takes in
 * (everyone; a department and those under it; a post; cleared people of some classes; users of classified
 * computers; new hires of the last N days). Works as an antd form control (`value` / `onChange`); the server checks
 * the rules again (`audience_*` problems).
 */
export function AudienceEditor({ value = [], onChange, disabled = false, testId = 'audience' }: AudienceEditorProps) {
  const { t } = useTranslation('training');
  const departments = useQuery({
    queryKey: ['departments'],
    queryFn: () => call(client.GET('/api/departments')),
    staleTime: 60_000,
  });
  const tree = buildTree(departments.data?.items ?? []);
  const set = (i: number, rule: AudienceRule) => onChange?.(value.map((r, j) => (j === i ? rule : r)));
  const remove = (i: number) => onChange?.(value.filter((_, j) => j !== i));
  const add = () => {
    const used = new Set(value.map((r) => r.kind));
    const kind = value.length === 0 ? 'all' : (AUDIENCE_RULE_KINDS.find((k) => !used.has(k)) ?? 'department');
    onChange?.([...value, blankRule(kind)]);
  };

  const parameter = (r: AudienceRule, i: number) => {
    switch (r.kind) {
      case 'department':
        return (
          <TreeSelect
            style={{ minWidth: 220 }}
            value={r.departmentId || undefined}
            placeholder={t('course.audienceEditor.department')}
            treeData={tree}
            treeDefaultExpandAll
            showSearch
            treeNodeFilterProp="title"
            disabled={disabled}
            onChange={(v: string) => set(i, { kind: 'department', departmentId: v ?? '' })}
            data-testid={`${testId}-department-${i}`}
          />
        );
      case 'post':
        return (
          <Input
            style={{ width: 200 }}
            value={r.post}
            maxLength={100}
            placeholder={t('course.audienceEditor.post')}
            disabled={disabled}
            onChange={(e) => set(i, { kind: 'post', post: e.target.value })}
            data-testid={`${testId}-post-${i}`}
          />
        );
      case 'clearance':
        return (
          <Select
            mode="multiple"
            style={{ minWidth: 220 }}
            value={[...r.classes]}
            options={CLASSES.map((c) => ({ value: c, label: t(`clearance.${c}`) }))}
            placeholder={t('course.audienceEditor.classes')}
            disabled={disabled}
            onChange={(classes: ('core' | 'important' | 'general')[]) => set(i, { kind: 'clearance', classes })}
            data-testid={`${testId}-classes-${i}`}
          />
        );
      case 'new_hires':
        return (
          <Space>
            <InputNumber
              min={1}
              max={3650}
              precision={0}
              value={r.withinDays}
              disabled={disabled}
              onChange={(v) => set(i, { kind: 'new_hires', withinDays: typeof v === 'number' ? v : 0 })}
              data-testid={`${testId}-days-${i}`}
            />
            <Typography.Text type="secondary">{t('course.audienceEditor.days')}</Typography.Text>
          </Space>
        );
      default:
        return null;
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid={testId}>
      {value.length === 0 && <Typography.Text type="secondary">{t('audience.none')}</Typography.Text>}
      {value.map((r, i) => (
        <Space key={i} wrap align="start" data-testid={`${testId}-rule-${i}`}>
          <Select
            style={{ width: 200 }}
            value={r.kind}
            disabled={disabled}
            options={AUDIENCE_RULE_KINDS.map((k) => ({ value: k, label: t(`course.audienceEditor.kind.${k}`) }))}
            onChange={(k: AudienceRuleKind) => set(i, blankRule(k))}
            data-testid={`${testId}-kind-${i}`}
          />
          {parameter(r, i)}
          {!disabled && (
            <Button
              icon={<DeleteOutlined />}
              aria-label={t('course.audienceEditor.remove')}
              title={t('course.audienceEditor.remove')}
              onClick={() => remove(i)}
              data-testid={`${testId}-remove-${i}`}
            />
          )}
        </Space>
      ))}
      {!disabled && (
        <Button type="dashed" icon={<PlusOutlined />} onClick={add} data-testid={`${testId}-add`}>
          {t('course.audienceEditor.add')}
        </Button>
      )}
      <Typography.Text type="secondary">{t('course.audienceEditor.hint')}</Typography.Text>
    </Space>
  );
}
