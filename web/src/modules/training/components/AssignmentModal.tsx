import { useEffect } from 'react';
import { DatePicker, Form, Input, Modal, Select, type ButtonProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ASSIGNMENT_SOURCES, type AssignmentSource } from '../../../../../src/kernel/training.js';
import { showSuccess } from '../../../app/feedback.js';
import { PeopleField } from '../../carriers/components/PeopleField.js';
import { ASSIGNMENTS_KEY, RECORD_KEY, recordApi } from '../api/records.js';

interface Values {
  userIds: string[];
  courseId: string;
  dueOn: Dayjs;
  reason: string;
  source: AssignmentSource;
  sourceRef?: string;
}

/** The office assigns follow-up training (TRN-13) to people: a published course, by a date, with the reason. */
export function AssignmentModal({
  open,
  onClose,
  people = [],
}: {
  open: boolean;
  onClose: () => void;
  /** People chosen beforehand (a person's page), with their labels. */
  people?: { id: string; label: string }[];
}) {
  const { t } = useTranslation('training');
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const courses = useQuery({
    queryKey: ['training', 'courses', 'published'],
    queryFn: recordApi.courses,
    enabled: open,
  });
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ userIds: people.map((p) => p.id), source: 'manual', dueOn: dayjs().add(30, 'day') });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, form]);

  const save = useMutation({
    mutationFn: (v: Values) =>
      recordApi.assign({
        userIds: v.userIds,
        courseId: v.courseId,
        dueOn: v.dueOn.format('YYYY-MM-DD'),
        reason: v.reason.trim(),
        source: v.source,
        sourceRef: v.sourceRef?.trim() || null,
      }),
    onSuccess: async (r) => {
      showSuccess(t('record.assign.done', { count: r.items.length }));
      await qc.invalidateQueries({ queryKey: ASSIGNMENTS_KEY });
      await qc.invalidateQueries({ queryKey: RECORD_KEY });
      onClose();
    },
  });

  return (
    <Modal
      open={open}
      title={t('record.assign.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('record.assign.submit')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'assign-submit' } as ButtonProps}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="userIds" label={t('record.assign.people')} rules={[{ required: true, type: 'array', min: 1 }]}>
          <PeopleField testid="assign-people" known={people} />
        </Form.Item>
        <Form.Item name="courseId" label={t('record.assign.course')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={courses.isLoading}
            options={(courses.data?.items ?? []).map((c) => ({ value: c.id, label: c.title }))}
            data-testid="assign-course"
          />
        </Form.Item>
        <Form.Item name="dueOn" label={t('record.assign.dueOn')} rules={[{ required: true }]}>
          <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} data-testid="assign-due-on" />
        </Form.Item>
        <Form.Item name="source" label={t('record.assign.source')} rules={[{ required: true }]}>
          <Select options={ASSIGNMENT_SOURCES.map((s) => ({ value: s, label: t(`record.taskSource.${s}`) }))} />
        </Form.Item>
        <Form.Item name="sourceRef" label={t('record.assign.sourceRef')} rules={[{ max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('record.assign.reason')}
          rules={[{ required: true, whitespace: true, max: 1000 }]}
        >
          <Input.TextArea rows={3} data-testid="assign-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
