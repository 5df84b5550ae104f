/**
 * A wide table that stays inside its card: on a window too narrow for its columns it scrolls sideways
 * within this region instead of running past the card and cutting its last columns off. The region is
 * a keyboard stop (arrow keys scroll it) with a name, as a scrollable region must be (WCAG 2.1.1).
 */
import type { ReactNode } from 'react';

export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // A scrollable region is focusable so keyboard users can scroll it (axe scrollable-region-focusable).
    <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto', maxWidth: '100%' }}>
      {children}
    </div>
  );
}
