import { useState } from 'react';
import {
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Popconfirm,
  Progress,
  Segmented,
  Space,
  Tag,
  Typography,
  Upload,
  type ButtonProps,
} from 'antd';
import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  EditOutlined,
  FileOutlined,
  FileTextOutlined,
  LinkOutlined,
  PlusOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { showError, showSuccess } from '../../../app/feedback.js';
import { courseApi, type CourseDetail, type Material } from '../api/courses.js';

export function MaterialIcon({ kind }: { kind: Material['kind'] }) {
  return kind === 'file' ? <FileOutlined /> : kind === 'link' ? <LinkOutlined /> : <FileTextOutlined />;
}

interface MaterialValues {
  kind: 'link' | 'text';
  title: string;
  minMinutes: number;
  url?: string;
  body?: string;
}

/**
 * A course's materials in the editor: files (uploaded with an idempotency key, so a retry adds the file once), links
 * and Markdown texts; added, reordered and deleted while the course is a draft, corrected until it is retired.
 */
export function MaterialList({ course, onChange }: { course: CourseDetail; onChange: (c: CourseDetail) => void }) {
  const { t } = useTranslation('training');
  const [form] = Form.useForm<MaterialValues>();
  const [editing, setEditing] = useState<Material | 'new' | null>(null);
  const [uploading, setUploading] = useState<number | null>(null);
  const draft = course.status === 'draft';
  const editable = course.status !== 'retired';
  const kind = (Form.useWatch('kind', form) as MaterialValues['kind'] | undefined) ?? 'text';

  const save = useMutation({
    mutationFn: (v: MaterialValues) => {
      if (editing === 'new')
        return v.kind === 'link'
          ? courseApi.materials.add(course.id, {
              kind: 'link',
              title: v.title.trim(),
              minMinutes: v.minMinutes,
              url: (v.url ?? '').trim(),
            })
          : courseApi.materials.add(course.id, {
              kind: 'text',
              title: v.title.trim(),
              minMinutes: v.minMinutes,
              body: v.body ?? '',
            });
      const m = editing!;
      return courseApi.materials.update(course.id, m.id, {
        courseVersion: course.version,
        title: v.title.trim(),
        minMinutes: v.minMinutes,
        ...(m.kind === 'link' ? { url: (v.url ?? '').trim() } : {}),
        ...(m.kind === 'text' ? { body: v.body ?? '' } : {}),
      });
    },
    onSuccess: (next) => {
      onChange(next);
      setEditing(null);
      showSuccess(t('course.material.saved'));
    },
  });

  const remove = useMutation({
    mutationFn: (m: Material) => courseApi.materials.remove(course.id, m.id, course.version),
    onSuccess: onChange,
  });
  const move = useMutation({
    mutationFn: ({ index, by }: { index: number; by: -1 | 1 }) => {
      const ids = course.materials.map((m) => m.id);
      const [moved] = ids.splice(index, 1);
      ids.splice(index + by, 0, moved!);
      return courseApi.materials.reorder(course.id, course.version, ids);
    },
    onSuccess: onChange,
  });

  const upload = async (file: File) => {
    setUploading(0);
    try {
      const next = await courseApi.materials.upload(
        course.id,
        {
          key: crypto.randomUUID(),
          title: file.name.replace(/\.[^.]+$/, '').slice(0, 200) || file.name,
          fileName: file.name.slice(0, 255),
          minMinutes: 0,
        },
        file,
        setUploading,
      );
      onChange(next);
      showSuccess(t('course.material.uploaded'));
    } catch (e) {
      showError(e);
    } finally {
      setUploading(null);
    }
  };

  const open = (m: Material | 'new') => {
    setEditing(m);
    form.setFieldsValue(
      m === 'new'
        ? { kind: 'text', title: '', minMinutes: 0, url: '', body: '' }
        : {
            kind: m.kind === 'link' ? 'link' : 'text',
            title: m.title,
            minMinutes: m.minMinutes,
            url: m.url ?? '',
            body: m.body ?? '',
          },
    );
  };
  const formKind = editing === 'new' ? kind : editing?.kind;

  return (
    <Card
      size="small"
      title={t('course.material.title')}
      extra={
        draft && (
          <Space>
            <Upload
              showUploadList={false}
              beforeUpload={(file) => {
                void upload(file);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={uploading !== null} data-testid="material-upload">
                {t('course.material.upload')}
              </Button>
            </Upload>
            <Button icon={<PlusOutlined />} onClick={() => open('new')} data-testid="material-add">
              {t('course.material.add')}
            </Button>
          </Space>
        )
      }
    >
      {uploading !== null && <Progress percent={uploading} size="small" />}
      <Typography.Paragraph type="secondary">{t('course.material.hint')}</Typography.Paragraph>
      <List
        dataSource={course.materials}
        locale={{ emptyText: t('course.material.empty') }}
        data-testid="material-list"
        renderItem={(m, i) => (
          <List.Item
            data-testid={`material-${m.id}`}
            actions={
              editable
                ? [
                    ...(draft
                      ? [
                          <Button
                            key="up"
                            size="small"
                            icon={<ArrowUpOutlined />}
                            disabled={i === 0}
                            aria-label={t('course.material.up')}
                            onClick={() => move.mutate({ index: i, by: -1 })}
                          />,
                          <Button
                            key="down"
                            size="small"
                            icon={<ArrowDownOutlined />}
                            disabled={i === course.materials.length - 1}
                            aria-label={t('course.material.down')}
                            onClick={() => move.mutate({ index: i, by: 1 })}
                          />,
                        ]
                      : []),
                    <Button
                      key="edit"
                      size="small"
                      icon={<EditOutlined />}
                      aria-label={t('course.material.edit')}
                      onClick={() => open(m)}
                      data-testid="material-edit"
                    />,
                    ...(draft
                      ? [
                          <Popconfirm
                            key="del"
                            title={t('course.material.deleteConfirm')}
                            onConfirm={() => remove.mutate(m)}
                          >
                            <Button
                              size="small"
                              danger
                              icon={<DeleteOutlined />}
                              aria-label={t('course.material.delete')}
                              data-testid="material-delete"
                            />
                          </Popconfirm>,
                        ]
                      : []),
                  ]
                : []
            }
          >
            <List.Item.Meta
              avatar={<MaterialIcon kind={m.kind} />}
              title={
                <Space>
                  <span>
                    {i + 1}. {m.title}
                  </span>
                  <Tag>{t(`course.material.kind.${m.kind}`)}</Tag>
                  {m.minMinutes > 0 && <Tag color="blue">{t('course.material.atLeast', { n: m.minMinutes })}</Tag>}
                </Space>
              }
              description={
                m.kind === 'file' ? (
                  <a href={courseApi.materials.fileUrl(course.id, m.id)} target="_blank" rel="noreferrer">
                    {m.fileName}
                  </a>
                ) : m.kind === 'link' ? (
                  <a href={m.url ?? undefined} target="_blank" rel="noreferrer noopener">
                    {m.url}
                  </a>
                ) : null
              }
            />
          </List.Item>
        )}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('course.material.add') : t('course.material.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => void form.validateFields().then((v) => save.mutate(v))}
        confirmLoading={save.isPending}
        okButtonProps={{ 'data-testid': 'material-save' } as ButtonProps}
        width={720}
        forceRender
      >
        <Form form={form} layout="vertical">
          {editing === 'new' && (
            <Form.Item name="kind">
              <Segmented
                options={[
                  { value: 'text', label: t('course.material.kind.text') },
                  { value: 'link', label: t('course.material.kind.link') },
                ]}
                data-testid="material-kind"
              />
            </Form.Item>
          )}
          <Form.Item
            name="title"
            label={t('course.material.name')}
            rules={[{ required: true, whitespace: true, max: 200 }]}
          >
            <Input maxLength={200} data-testid="material-title" />
          </Form.Item>
          <Form.Item
            name="minMinutes"
            label={t('course.material.minMinutes')}
            extra={t('course.material.minMinutesHint')}
            rules={[{ required: true, type: 'integer', min: 0, max: 600 }]}
          >
            <InputNumber min={0} max={600} precision={0} data-testid="material-minutes" />
          </Form.Item>
          {formKind === 'link' && (
            <Form.Item
              name="url"
              label={t('course.material.url')}
              rules={[
                { required: true, whitespace: true, max: 2000 },
                { pattern: /^https?:\/\//i, message: t('problem.link_scheme') },
              ]}
            >
              <Input maxLength={2000} placeholder="https://" data-testid="material-url" />
            </Form.Item>
          )}
          {formKind === 'text' && (
            <Form.Item
              name="body"
              label={t('course.material.body')}
              extra={t('course.editor.markdownHint')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input.TextArea rows={10} maxLength={50000} data-testid="material-body" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
