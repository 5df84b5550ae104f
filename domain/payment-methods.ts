/**
 * Which payment methods 付款方式 a contract covers: one rule, read by opening a job (api/jobs/create-job.ts refuses
 * a method the contract does not cover, and picks the default when none is given) and by the desk's 開立作業 Open a
 * job form (offers only these methods), as domain/container-pricing.ts does for container types.
 *
 * A contract covers L/C 信用證 when it has an `lc` line and T/T 電匯 when it has a `tt` line; a contract with neither
 * has no payment stage, and a job under it takes no payment method.
 */

/** Payment methods, in the order the desk offers them (and the default is picked). */
export const PAYMENT_METHODS = ['lc', 'tt'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** The payment methods the contract's lines (their service types) cover, in the desk's order; empty: none. */
export function coveredPaymentMethods(lines: readonly { serviceType: string }[]): PaymentMethod[] {
  const services = new Set(lines.map((l) => l.serviceType));
  return PAYMENT_METHODS.filter((m) => services.has(m));
}

/**
 * The payment method a job under this contract takes: `asked` when given, else the first covered (L/C before T/T);
 * null when the contract covers none (no payment stage). Whether `asked` is covered is `coveredPaymentMethods`'s.
 */
export function jobPaymentMethod(
  lines: readonly { serviceType: string }[],
  asked: PaymentMethod | undefined,
): PaymentMethod | null {
  const covered = coveredPaymentMethods(lines);
  if (covered.length === 0) return null;
  return asked ?? covered[0]!;
}
