/**
 * Unsaved changes 未儲存的變更: a long form (a plan, a diary entry, a visit record, a quote, a tariff line…)
 * says it has edits not yet saved with `useUnsavedGuard(dirty)`; while any form on the page does, leaving it —
 * a link or button that navigates in the desk, Back / Forward, reload or closing the tab — asks first.
 * The one question and its dialog live here (`UnsavedChangesPrompt`, mounted once in the desk's layout), so
 * every form asks the same way; a form only says whether it is dirty, and after a successful save or
 * submit calls the returned `release()` before it navigates on (the navigation must not ask).
 */
import { lazy, Suspense, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useBlocker, type BlockerFunction } from 'react-router';

const UnsavedChangesDialog = lazy(() => import('./UnsavedChangesDialog'));

/** The forms on the page now that have edits not yet saved. */
const dirtyForms = new Set<object>();

/** Whether any form on the page has edits not yet saved. */
export function hasUnsavedChanges(): boolean {
  return dirtyForms.size > 0;
}

/**
 * Marks this form as having unsaved edits while `dirty` is true (and forgets it when the form goes away).
 * Returns `release()`: the edits were saved or submitted — leaving no longer asks, at once (before a
 * navigation in the same click), until `dirty` turns true again.
 */
export function useUnsavedGuard(dirty: boolean): () => void {
  const id = useRef<object>({}).current;
  useLayoutEffect(() => {
    if (dirty) dirtyForms.add(id);
    else dirtyForms.delete(id);
    return () => {
      dirtyForms.delete(id);
    };
  }, [dirty, id]);
  return useCallback(() => {
    dirtyForms.delete(id);
  }, [id]);
}

/** Leaving for another page asks; a change of the query string on the same page (a filter) does not. */
const shouldAsk: BlockerFunction = ({ currentLocation, nextLocation }) =>
  hasUnsavedChanges() && currentLocation.pathname !== nextLocation.pathname;

/** The question before leaving a page with unsaved edits (in the desk and on reload or close). */
export function UnsavedChangesPrompt() {
  const blocker = useBlocker(shouldAsk);
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!hasUnsavedChanges()) return;
      // The browser shows its own question (its text cannot be set).
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);
  // The dialog (antd's Modal) loads when a navigation is first held, not with every page of the desk.
  if (blocker.state !== 'blocked') return null;
  return (
    <Suspense fallback={null}>
      <UnsavedChangesDialog onLeave={() => blocker.proceed?.()} onStay={() => blocker.reset?.()} />
    </Suspense>
  );
}

/**
 * `useUnsavedGuard` for a form that keeps no count of its own: dirty from its first change (pass
 * `onValuesChange` to antd's Form) until `saved()` — call it when the save or submit succeeded, before any
 * navigation that follows. `open` false (a closed dialog) counts as nothing to lose.
 */
export function useUnsavedEdits(open = true): { dirty: boolean; onValuesChange: () => void; saved: () => void } {
  const [dirty, setDirty] = useState(false);
  const release = useUnsavedGuard(dirty && open);
  const onValuesChange = useCallback(() => setDirty(true), []);
  const saved = useCallback(() => {
    release();
    setDirty(false);
  }, [release]);
  return { dirty, onValuesChange, saved };
}
