/**
 * The step buttons of a record, drawn from its `actions` (domain/actions.ts): an allowed step is a
 * button, one the caller's role could take but may not now is a disabled button, its reason written under the
 * buttons (actions/RefusedSteps.tsx). A step that
 * needs a comment asks for one; a step that cannot be undone (`confirm`: lock, discard, reject …) asks
 * for confirmation first and is drawn as a danger button when it throws work away. Each click sends one
 * Idempotency-Key, reused when sendWrite retries after a network error or 503; a refusal shows the
 * API's message. `before` runs when a step is about to be sent (after its comment / confirmation): a page
 * saves pending edits there; if it throws, the step is not sent and its error message is shown instead.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Input, Modal, Space, Tooltip } from 'antd';
import { useState } from 'react';
import { newIdempotencyKey, sendWrite } from '../api/client';
import { refreshAfterConflict } from '../api/useWrite';
import type { RecordAction } from '../api/actions';
import { buttonStyle, errorText, IRREVERSIBLE, REASON_LABELS } from '../actions/ActionBar';
import { useT } from '../i18n';
import { RefusedSteps } from '../actions/RefusedSteps';

export function ActionButtons({
  actions,
  onDone,
  skip = [],
  before,
}: {
  actions: readonly RecordAction[];
  onDone?: (result: unknown) => void;
  skip?: readonly string[];
  before?: (a: RecordAction) => Promise<void>;
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
      await before?.(a);
      const result = await sendWrite(a.method, a.path, body, newIdempotencyKey());
      await queryClient.invalidateQueries();
      onDone?.(result);
    } catch (e) {
      setError(errorText(e, t));
      refreshAfterConflict(queryClient, e);
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
            const why = a.reason ? t.label(REASON_LABELS[a.reason]) : undefined;
            return (
              <Tooltip key={a.step} title={why}>
                <Button disabled data-testid={`action-${a.step}-disabled`}>
                  {label}
                </Button>
              </Tooltip>
            );
          }
          return (
            <Button
              key={a.step}
              {...buttonStyle(a)}
              loading={busy === a.step}
              data-testid={`action-${a.step}`}
              onClick={() => {
                setComment('');
                if (a.commentRequired || a.confirm) setAsking(a);
                else void send(a, {});
              }}
            >
              {label}
            </Button>
          );
        })}
      </Space>
      <RefusedSteps actions={shown.filter((a) => a.reason)} />
      {error && <Alert style={{ marginTop: 12 }} type="error" showIcon title={error} data-testid="action-error" />}
      <Modal
        open={asking !== null}
        // A click beside the dialog (a hurried second click on the button) does not close it: only Cancel or Esc.
        mask={{ closable: false }}
        title={asking ? t(asking.labelZh, asking.labelEn) : ''}
        okText={asking ? t(asking.labelZh, asking.labelEn) : t('送出', 'Send')}
        cancelText={t('取消', 'Cancel')}
        okButtonProps={
          {
            disabled: !!asking?.commentRequired && comment.trim() === '',
            danger: !!asking?.confirm,
            'data-testid': 'step-submit',
          } as never
        }
        onCancel={() => setAsking(null)}
        onOk={() => {
          const a = asking!;
          setAsking(null);
          void send(a, a.commentRequired ? { comment: comment.trim() } : {});
        }}
      >
        {asking?.confirm && (
          <Alert
            type="warning"
            showIcon
            title={t.label(IRREVERSIBLE)}
            style={{ marginBottom: 12 }}
            data-testid="step-irreversible"
          />
        )}
        {asking?.commentRequired && (
          <>
            <label htmlFor="action-comment">{t('意見（必填）', 'Comment (required)')}</label>
            <Input.TextArea
              id="action-comment"
              rows={4}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              maxLength={2000}
            />
          </>
        )}
      </Modal>
    </div>
  );
}
