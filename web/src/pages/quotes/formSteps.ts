/** The quote steps that carry a body and so open a form (StepForms.tsx builds them; QuotePage loads it when needed). */
export const QUOTE_FORM_STEPS = ['lines', 'amend', 'internal-quote', 'contract', 'sign', 'costs'] as const;

/** A quote step with a form. */
export type QuoteFormStep = (typeof QUOTE_FORM_STEPS)[number];
