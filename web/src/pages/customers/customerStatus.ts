/**
 * A customer's status colour on its tag 「狀態」 (prospective, formal, suspended, terminated), shared by the list and the
 * customer card — its own module, so the card does not load the list page (and its create form) with it.
 */
export const STATUS_COLORS: Record<string, string> = {
  prospective: '#1f5fa8',
  formal: '#237804',
  suspended: '#ad4e00',
  terminated: 'default',
};
