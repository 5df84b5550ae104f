/**
 * The step buttons of a record, drawn from its `actions` (domain/actions.ts): an allowed step is a
 * button, one the caller's role could take but may not now is a disabled button saying why. A step that
 * needs a comment asks for one. Each click sends one Idempotency-Key, reused when sendWrite retries after
 * a network error or 503; a refusal shows the API's message.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Input, Modal, Space, Tooltip } from 'antd';
import { useState } from 'react';
import { ApiError, newIdempotencyKey, sendWrite } from '../api/client';
import type { RecordAction } from '../api/actions';
import { useT } from '../i18n';

const REASONS: Record<string, [string, string]> = {
  wrong_state: ['目前狀態不可執行', 'not in this state'],
  role_not_allowed: ['角色不可執行', 'not for your role'],
  not_owner: ['非您的記錄', 'not your record'],
  segregation_of_duties: ['職責分離：您已處理前一步', 'segregation of duties'],
  comment_required: ['需要意見', 'comment required'],
  open_exception: ['有未結異常', 'open exception'],
  out_of_order: ['尚未輪到此步', 'not yet'],
  read_only: ['唯讀', 'read-only'],
};

export function ActionButtons({
  actions,
  onDone,
  skip = [],
}: {
  actions: readonly RecordAction[];
  onDone?: (result: unknown) => void;
  skip?: readonly string[];
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<RecordAction | null>(null);
  const [comment, setComment] = useState('');

  const send = async (a: RecordAction, body: Record<string, unknown>) => {
    setBusy(a.step);
    setError(null);
    try {
      const result = await sendWrite(a.method, a.path, body, newIdempotencyKey());
      await queryClient.invalidateQueries();
      onDone?.(result);
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message}${e.reason ? ` (${e.reason})` : ''}` : String(e));
    } finally {
      setBusy(null);
    }
  };

  const shown = actions.filter((a) => !skip.includes(a.step));
  if (shown.length === 0) return null;
  return (
    <div>
      <Space wrap data-testid="actions">
        {shown.map((a) => {
          const label = t(a.labelZh, a.labelEn);
          if (!a.allowed) {
            const why = a.reason ? REASONS[a.reason] : undefined;
            return (
              <Tooltip key={a.step} title={why ? t(why[0], why[1]) : a.reason}>
                <Button disabled>{label}</Button>
              </Tooltip>
            );
          }
          return (
            <Button
              key={a.step}
              type={a.commentRequired ? 'default' : 'primary'}
              loading={busy === a.step}
              data-testid={`action-${a.step}`}
              onClick={() => {
                if (a.commentRequired) {
                  setComment('');
                  setAsking(a);
                } else void send(a, {});
              }}
            >
              {label}
            </Button>
          );
        })}
      </Space>
      {error && <Alert style={{ marginTop: 12 }} type="error" showIcon title={error} data-testid="action-error" />}
      <Modal
        open={asking !== null}
        title={asking ? t(asking.labelZh, asking.labelEn) : ''}
        okText={t('送出', 'Send')}
        cancelText={t('取消', 'Cancel')}
        okButtonProps={{ disabled: comment.trim() === '' }}
        onCancel={() => setAsking(null)}
        onOk={() => {
          const a = asking!;
          setAsking(null);
          void send(a, { comment: comment.trim() });
        }}
      >
        <label htmlFor="action-comment">{t('意見（必填）', 'Comment (required)')}</label>
        <Input.TextArea
          id="action-comment"
          rows={4}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          maxLength={2000}
        />
      </Modal>
    </div>
  );
}
