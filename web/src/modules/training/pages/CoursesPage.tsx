import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Tag,
  Typography,
  type ButtonProps,
} from 'antd';
import { PagedTable } from '../../../shared/PagedTable.js';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  COURSE_KINDS,
  COURSE_MODES,
  COURSE_STATUSES,
  type CourseKind,
  type CourseMode,
  type CourseStatus,
} from '../../../../../src/kernel/training.js';
import { useAbility } from '../../../app/auth.js';
import { showSuccess } from '../../../app/feedback.js';
import { fmtDate } from '../../../app/format.js';
import { NotFoundPage } from '../../../app/NotFoundPage.js';
import { COURSES_KEY, courseApi, type CourseSummary } from '../api/courses.js';
import { AudienceText } from '../components/AudienceText.js';
import { minWidth, noWrap } from '../components/noWrap.js';

const STATUS_COLOR: Record<CourseStatus, string> = { draft: 'default', published: 'green', retired: 'red' };

export function CourseStatusTag({ status }: { status: CourseStatus }) {
  const { t } = useTranslation('training');
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="course-status" data-status={status}>
      {t(`courseStatus.${status}`)}
    </Tag>
  );
}

interface NewCourse {
  title: string;
  kind: CourseKind;
  mode: CourseMode;
}

/**
 * 培训课程: the security office manages the courses (drafts too: create one, open its editor); everyone else reads the
 * catalogue of published courses and opens one to learn online or find its sessions.
 */
export function CoursesPage() {
  const { t } = useTranslation('training');
  const can = useAbility();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const manage = can('training.manage_courses');
  const status = (params.get('status') ?? '') as CourseStatus | '';
  const mode = (params.get('mode') ?? '') as CourseMode | '';
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<NewCourse>();
  const list = useQuery({
    queryKey: [...COURSES_KEY, 'list', status, mode],
    queryFn: () => courseApi.list({ ...(status ? { status } : {}), ...(mode ? { mode } : {}) }),
  });

  const create = useMutation({
    mutationFn: (v: NewCourse) =>
      courseApi.create({
        title: v.title.trim(),
        kind: v.kind,
        mode: v.mode,
        topics: ['basics'],
        audience: v.kind === 'elective' ? [] : [{ kind: 'all' }],
        description: '',
        durationMinutes: 60,
        validityMonths: v.kind === 'refresher' ? 12 : null,
      }),
    onSuccess: async (c) => {
      showSuccess(t('course.list.created'));
      setCreating(false);
      await qc.invalidateQueries({ queryKey: COURSES_KEY });
      navigate(`/training/courses/${c.id}/edit`);
    },
  });

  if (!can('training.view_courses')) return <NotFoundPage forbidden />;
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {manage ? t('course.list.titleManage') : t('course.list.title')}
        </Typography.Title>
        {manage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              form.setFieldsValue({ title: '', kind: 'onboarding', mode: 'online' });
              setCreating(true);
            }}
            data-testid="course-create"
          >
            {t('course.list.create')}
          </Button>
        )}
      </Space>
      <Alert type="info" showIcon title={manage ? t('course.list.hintManage') : t('course.list.hint')} />
      <Space wrap>
        {manage && (
          <Segmented
            value={status}
            onChange={(v) => setFilter('status', String(v))}
            options={[
              { value: '', label: t('course.list.all') },
              ...COURSE_STATUSES.map((s) => ({ value: s, label: t(`courseStatus.${s}`) })),
            ]}
            data-testid="course-status-filter"
          />
        )}
        <Segmented
          value={mode}
          onChange={(v) => setFilter('mode', String(v))}
          options={[
            { value: '', label: t('course.list.allModes') },
            ...COURSE_MODES.map((m) => ({ value: m, label: t(`mode.${m}`) })),
          ]}
          data-testid="course-mode-filter"
        />
      </Space>
      <Card size="small">
        <PagedTable<CourseSummary>
          listKey="courses"
          size="small"
          rowKey="id"
          loading={list.isLoading}
          rows={list.data?.items ?? []}
          data-testid="course-table"
          onRow={(r) => ({ 'data-testid': `course-row-${r.id}` }) as object}
          columns={[
            {
              title: t('course.field.title'),
              key: 'title',
              ...minWidth(200),
              render: (_, r) => (
                <Link to={`/training/courses/${r.id}`} data-testid="course-open">
                  {r.title}
                </Link>
              ),
            },
            { title: t('course.field.kind'), key: 'kind', ...noWrap, render: (_, r) => t(`courseKind.${r.kind}`) },
            { title: t('course.field.mode'), key: 'mode', ...noWrap, render: (_, r) => t(`mode.${r.mode}`) },
            {
              title: t('course.field.topics'),
              key: 'topics',
              render: (_, r) => (
                <Space size={[0, 4]} wrap>
                  {r.topics.map((x) => (
                    <Tag key={x}>{t(`topic.${x}`)}</Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: t('course.field.audience'),
              key: 'audience',
              ...minWidth(120),
              render: (_, r) => <AudienceText rules={r.audience} inline />,
            },
            {
              title: t('course.field.duration'),
              key: 'duration',
              ...noWrap,
              render: (_, r) => t('course.minutes', { n: r.durationMinutes }),
            },
            ...(manage
              ? [
                  {
                    title: t('course.field.status'),
                    key: 'status',
                    ...noWrap,
                    render: (_: unknown, r: CourseSummary) => <CourseStatusTag status={r.status} />,
                  },
                  {
                    title: t('course.field.materials'),
                    key: 'materials',
                    align: 'right' as const,
                    ...noWrap,
                    render: (_: unknown, r: CourseSummary) => r.materialCount,
                  },
                ]
              : []),
            {
              title: t('course.field.publishedOn'),
              key: 'publishedOn',
              ...noWrap,
              render: (_, r) => fmtDate(r.publishedOn),
            },
            ...(manage
              ? [
                  {
                    title: '',
                    key: 'edit',
                    ...noWrap,
                    render: (_: unknown, r: CourseSummary) =>
                      r.status !== 'retired' && (
                        <Link to={`/training/courses/${r.id}/edit`} data-testid="course-edit">
                          {t('course.list.edit')}
                        </Link>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Modal
        open={creating}
        title={t('course.list.create')}
        onCancel={() => setCreating(false)}
        onOk={() => void form.validateFields().then((v) => create.mutate(v))}
        confirmLoading={create.isPending}
        okButtonProps={{ 'data-testid': 'course-create-ok' } as ButtonProps}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="title"
            label={t('course.field.title')}
            rules={[{ required: true, whitespace: true, max: 200 }]}
          >
            <Input maxLength={200} data-testid="course-new-title" />
          </Form.Item>
          <Form.Item name="kind" label={t('course.field.kind')} rules={[{ required: true }]}>
            <Select options={COURSE_KINDS.map((k) => ({ value: k, label: t(`courseKind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="mode" label={t('course.field.mode')} rules={[{ required: true }]}>
            <Select options={COURSE_MODES.map((m) => ({ value: m, label: t(`mode.${m}`) }))} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
