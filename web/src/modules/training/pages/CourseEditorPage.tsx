import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Row,
  Select,
  Space,
  Spin,
  Typography,
  type ButtonProps,
} from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  COURSE_KINDS,
  COURSE_MODES,
  TRAINING_TOPICS,
  type AudienceRule,
  type CourseKind,
  type CourseMode,
  type TrainingTopic,
} from '../../../../../src/kernel/training.js';
import { isApiError } from '../../../app/api/client.js';
import { useAbility } from '../../../app/auth.js';
import { showSuccess } from '../../../app/feedback.js';
import { NotFoundPage } from '../../../app/NotFoundPage.js';
import { COURSES_KEY, courseApi, courseKey, type CourseDetail, type CourseInput } from '../api/courses.js';
import { AudienceEditor, audienceRuleComplete } from '../components/AudienceEditor.js';
import { MaterialList } from '../components/MaterialList.js';
import { CourseStatusTag } from './CoursesPage.js';

interface Values {
  title: string;
  kind: CourseKind;
  mode: CourseMode;
  topics: TrainingTopic[];
  audience: AudienceRule[];
  description: string;
  durationMinutes: number;
  validityMonths: number | null;
}

const valuesOf = (c: CourseDetail): Values => ({
  title: c.title,
  kind: c.kind,
  mode: c.mode,
  topics: c.topics,
  audience: c.audience as AudienceRule[],
  description: c.description,
  durationMinutes: c.durationMinutes,
  validityMonths: c.validityMonths,
});

/**
 * A course in the security office's hands: its particulars (title, kind, mode, topics, the audience as rules, the
 * description in Markdown, duration, validity), its materials (files, links, texts: added, corrected, ordered and
 * deleted while a draft), publishing it (due to its audience from then on) and retiring it.
 */
export function CourseEditorPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('training');
  const can = useAbility();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const key = courseKey(id);
  const course = useQuery({ queryKey: key, queryFn: () => courseApi.get(id) });
  const [dirty, setDirty] = useState(false);
  const c = course.data;
  const editable = c !== undefined && c.status !== 'retired';

  useEffect(() => {
    if (c) {
      form.setFieldsValue(valuesOf(c));
      setDirty(false);
    }
  }, [c, form]);

  const settle = (next: CourseDetail) => {
    qc.setQueryData(key, next);
    void qc.invalidateQueries({ queryKey: COURSES_KEY, exact: false, refetchType: 'none' });
  };

  const save = useMutation({
    mutationFn: (v: Values) =>
      courseApi.update(id, {
        version: c!.version,
        title: v.title.trim(),
        kind: v.kind,
        mode: v.mode,
        topics: v.topics,
        audience: v.audience as CourseInput['audience'],
        description: v.description ?? '',
        durationMinutes: v.durationMinutes,
        validityMonths: v.validityMonths ?? null,
      }),
    meta: { quiet: ['stale_version'] },
    onSuccess: (next) => {
      settle(next);
      setDirty(false);
      showSuccess(t('course.editor.saved'));
    },
    onError: async (e) => {
      if (isApiError(e) && e.code === 'stale_version') {
        await qc.invalidateQueries({ queryKey: key });
        form.setFields([{ name: 'title', errors: [t('course.editor.conflict')] }]);
      }
    },
  });

  const publish = useMutation({
    mutationFn: async () => {
      let version = c!.version;
      if (dirty) version = (await save.mutateAsync(await form.validateFields())).version;
      return courseApi.publish(id, version);
    },
    onSuccess: (next) => {
      settle(next);
      showSuccess(t('course.editor.published'));
    },
  });

  const retire = useMutation({
    mutationFn: () => courseApi.retire(id, c!.version),
    onSuccess: (next) => {
      settle(next);
      showSuccess(t('course.editor.retired'));
    },
  });

  if (!can('training.manage_courses')) return <NotFoundPage forbidden />;
  if (course.isLoading) return <Spin />;
  if (!c) return <NotFoundPage />;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Link to="/training/courses">
          <ArrowLeftOutlined /> {t('course.editor.back')}
        </Link>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {c.title}
        </Typography.Title>
        <CourseStatusTag status={c.status} />
        {c.status !== 'draft' && <Link to={`/training/courses/${c.id}`}>{t('course.editor.view')}</Link>}
      </Space>
      {c.status === 'published' && <Alert type="info" showIcon title={t('course.editor.publishedHint')} />}
      {c.status === 'retired' && <Alert type="warning" showIcon title={t('course.editor.retiredHint')} />}
      <Card size="small" title={t('course.editor.particulars')}>
        <Form
          form={form}
          layout="vertical"
          disabled={!editable}
          onValuesChange={() => setDirty(true)}
          onFinish={(v) => save.mutate(v)}
        >
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="title"
                label={t('course.field.title')}
                rules={[{ required: true, whitespace: true, max: 200 }]}
              >
                <Input maxLength={200} data-testid="course-title" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="kind" label={t('course.field.kind')} rules={[{ required: true }]}>
                <Select
                  options={COURSE_KINDS.map((k) => ({ value: k, label: t(`courseKind.${k}`) }))}
                  data-testid="course-kind"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="mode" label={t('course.field.mode')} rules={[{ required: true }]}>
                <Select
                  disabled={c.status !== 'draft'}
                  options={COURSE_MODES.map((m) => ({ value: m, label: t(`mode.${m}`) }))}
                  data-testid="course-mode"
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="topics"
            label={t('course.field.topics')}
            rules={[{ required: true, type: 'array', min: 1, message: t('course.editor.topicsRequired') }]}
          >
            <Select
              mode="multiple"
              options={TRAINING_TOPICS.map((x) => ({ value: x, label: t(`topic.${x}`) }))}
              data-testid="course-topics"
            />
          </Form.Item>
          <Form.Item
            name="audience"
            label={t('course.field.audience')}
            rules={[
              {
                validator: (_, v: AudienceRule[] | undefined) =>
                  (v ?? []).every(audienceRuleComplete)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('course.audienceEditor.incomplete'))),
              },
            ]}
          >
            <AudienceEditor disabled={!editable} testId="course-audience" />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Form.Item
                name="durationMinutes"
                label={t('course.field.durationMinutes')}
                rules={[{ required: true, type: 'integer', min: 1, max: 10000 }]}
              >
                <InputNumber min={1} max={10000} precision={0} data-testid="course-duration" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name="validityMonths"
                label={t('course.field.validityMonths')}
                extra={t('course.editor.validityHint')}
              >
                <InputNumber min={1} max={600} precision={0} data-testid="course-validity" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="description" label={t('course.field.description')} extra={t('course.editor.markdownHint')}>
            <Input.TextArea rows={6} maxLength={50000} data-testid="course-description" />
          </Form.Item>
          {editable && (
            <Space wrap>
              <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="course-save">
                {t('course.editor.save')}
              </Button>
              {c.status === 'draft' && (
                <Popconfirm
                  title={t('course.editor.publishConfirm')}
                  onConfirm={() => publish.mutate()}
                  okButtonProps={{ 'data-testid': 'course-publish-confirm' } as ButtonProps}
                >
                  <Button loading={publish.isPending} data-testid="course-publish">
                    {t('course.editor.publish')}
                  </Button>
                </Popconfirm>
              )}
              <Popconfirm
                title={t('course.editor.retireConfirm')}
                onConfirm={() => retire.mutate()}
                okButtonProps={{ 'data-testid': 'course-retire-confirm' } as ButtonProps}
              >
                <Button danger loading={retire.isPending} data-testid="course-retire">
                  {t('course.editor.retire')}
                </Button>
              </Popconfirm>
            </Space>
          )}
        </Form>
      </Card>
      <MaterialList course={c} onChange={settle} />
    </Space>
  );
}
