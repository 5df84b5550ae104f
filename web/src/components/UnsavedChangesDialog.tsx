/**
 * The question before leaving a page with unsaved edits 「有未儲存的變更，確定離開？」 — drawn by
 * `UnsavedChangesPrompt` (useUnsavedGuard.tsx) while a navigation is held, and loaded only then.
 */
import { Modal } from 'antd';
import { useT } from '../i18n';

/** The held navigation's dialog: `onLeave` lets it go on, `onStay` stays on the page. */
export default function UnsavedChangesDialog({ onLeave, onStay }: { onLeave: () => void; onStay: () => void }) {
  const t = useT();
  return (
    <Modal
      open
      title={t('有未儲存的變更，確定離開？', 'You have unsaved changes. Leave anyway?')}
      okText={t('離開', 'Leave')}
      cancelText={t('留下', 'Stay')}
      okButtonProps={{ danger: true, ...({ 'data-testid': 'unsaved-leave' } as object) }}
      cancelButtonProps={{ ...({ 'data-testid': 'unsaved-stay' } as object) }}
      onOk={onLeave}
      onCancel={onStay}
      destroyOnHidden
    >
      {t('未儲存的內容將會遺失。', 'What you have not saved will be lost.')}
    </Modal>
  );
}
