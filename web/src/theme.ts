import { useSyncExternalStore } from 'react';

/**
 * The desk's colours: Ant Design's theme tokens (App.tsx ConfigProvider) — its default greys fall short of WCAG AA
 * contrast (axe), so darker greys here — and the same values for the desk's own plain components
 * (components/Typography.tsx), so each colour is set once.
 */
export const THEME = {
  token: {
    colorPrimary: '#1f5fa8',
    colorLink: '#1f5fa8',
    colorInfo: '#1f5fa8',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)',
    colorTextDisabled: 'rgba(0, 0, 0, 0.5)',
    colorError: '#c0392b',
    colorSuccess: '#237804',
    colorWarning: '#ad4e00',
  },
};

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

/**
 * Whether the person asked their system for less motion (the CSS media query `prefers-reduced-motion: reduce`,
 * WCAG 2.3.3), followed live. The desk then turns Ant Design's motion off (`motion: false`: dialogs, menus and
 * messages appear without zooming or sliding) — and a click is never computed on a dialog still zooming in.
 */
export const useReducedMotion = (): boolean =>
  useSyncExternalStore(
    (changed) => {
      const list = window.matchMedia(REDUCED_MOTION);
      list.addEventListener('change', changed);
      return () => list.removeEventListener('change', changed);
    },
    () => window.matchMedia(REDUCED_MOTION).matches,
  );

/** The ConfigProvider theme: THEME, with motion off when `reducedMotion` (useReducedMotion). */
export const themeOf = (reducedMotion: boolean) => ({ token: { ...THEME.token, motion: !reducedMotion } });
