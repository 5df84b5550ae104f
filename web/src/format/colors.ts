/** Solid tag colours dark enough for white text at WCAG AA (Ant Design's light presets for green, gold and volcano fall short). */
export const TAG = { green: '#237804', gold: '#874d00', volcano: '#ad2102' } as const;
