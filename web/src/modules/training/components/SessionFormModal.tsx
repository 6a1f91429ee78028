import { DatePicker, Form, Input, InputNumber, Modal, Select, TreeSelect, type ButtonProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAbility } from '../../../app/auth.js';
import { showSuccess } from '../../../app/feedback.js';
import { buildTree } from '../../../shared/deptTree.js';
import { SESSIONS_KEY, sessionApi, type SessionDetail } from '../api/sessions.js';

interface Values {
  courseId: string;
  startsAt: Dayjs;
  endsAt: Dayjs;
  place: string;
  trainer: string;
  capacity: number;
  departmentId?: string;
}

/**
 * Schedules a session (a published offline course; the office for everyone or a department, a head for their own
 * department) or edits one (times, place, trainer, capacity).
 */
export function SessionFormModal({
  open,
  session,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** The session edited; none: a new one. */
  session?: SessionDetail;
  onClose: () => void;
  onSaved?: (s: SessionDetail) => void;
}) {
  const { t } = useTranslation('training');
  const can = useAbility();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const office = can('training.manage_courses');
  const courses = useQuery({
    queryKey: ['training', 'sessions', 'courses'],
    queryFn: sessionApi.courses,
    enabled: open,
  });
  const departments = useQuery({ queryKey: ['departments'], queryFn: sessionApi.departments, enabled: open });
  const offline = (courses.data?.items ?? []).filter((c) => c.mode !== 'online' && c.status === 'published');

  const save = useMutation({
    mutationFn: (v: Values) => {
      const fields = {
        startsAt: v.startsAt.toISOString(),
        endsAt: v.endsAt.toISOString(),
        place: v.place.trim(),
        trainer: v.trainer.trim(),
        capacity: v.capacity,
      };
      return session
        ? sessionApi.update(session.id, { version: session.version, ...fields })
        : sessionApi.create({ courseId: v.courseId, departmentId: v.departmentId ?? null, ...fields });
    },
    onSuccess: async (s) => {
      showSuccess(session ? t('session.saved') : t('session.created'));
      await qc.invalidateQueries({ queryKey: SESSIONS_KEY });
      form.resetFields();
      onSaved?.(s);
      onClose();
    },
  });

  const initial: Partial<Values> = session
    ? {
        courseId: session.courseId,
        startsAt: dayjs(session.startsAt),
        endsAt: dayjs(session.endsAt),
        place: session.place,
        trainer: session.trainer,
        capacity: session.capacity,
        departmentId: session.departmentId ?? undefined,
      }
    : { capacity: 30 };

  return (
    <Modal
      open={open}
      title={session ? t('session.edit') : t('session.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'session-save' } as ButtonProps}
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)} preserve={false}>
        <Form.Item name="courseId" label={t('session.field.course')} rules={[{ required: true }]}>
          <Select
            disabled={!!session}
            loading={courses.isLoading}
            options={
              session
                ? [{ value: session.courseId, label: session.courseTitle }]
                : offline.map((c) => ({ value: c.id, label: c.title }))
            }
            data-testid="session-course"
          />
        </Form.Item>
        <Form.Item name="startsAt" label={t('session.field.startsAt')} rules={[{ required: true }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="session-starts" />
        </Form.Item>
        <Form.Item name="endsAt" label={t('session.field.endsAt')} rules={[{ required: true }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="session-ends" />
        </Form.Item>
        <Form.Item
          name="place"
          label={t('session.field.place')}
          rules={[{ required: true, whitespace: true, max: 200 }]}
        >
          <Input data-testid="session-place" />
        </Form.Item>
        <Form.Item
          name="trainer"
          label={t('session.field.trainer')}
          rules={[{ required: true, whitespace: true, max: 100 }]}
        >
          <Input data-testid="session-trainer" />
        </Form.Item>
        <Form.Item name="capacity" label={t('session.field.capacity')} rules={[{ required: true }]}>
          <InputNumber min={1} max={10000} precision={0} data-testid="session-capacity" />
        </Form.Item>
        <Form.Item
          name="departmentId"
          label={t('session.field.department')}
          extra={t('session.field.departmentHint')}
          rules={office ? [] : [{ required: true }]}
        >
          <TreeSelect
            disabled={!!session}
            allowClear={office}
            showSearch
            treeNodeFilterProp="title"
            treeDefaultExpandAll
            treeData={buildTree(departments.data?.items ?? [])}
            data-testid="session-department"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
