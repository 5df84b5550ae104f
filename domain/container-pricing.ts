/**
 * Which container types a contract prices 「合同報價的柜型」: one rule, read by billing (domain/job-billing.ts bills a
 * per-container line only for the job's containers of its type), by opening a job (api/jobs/create-job.ts refuses a
 * type the contract does not price) and by the desk's 開立作業 Open a job form (offers only these types).
 *
 * A contract with no per-container line (every line per shipment, per kg, per cbm or per cent of value) bills the
 * same whatever the box: every type is priced.
 */

/** Container types, in the order the desk offers them. */
export const PRICED_CONTAINER_TYPES = ['20GP', '40GP', '40HQ'] as const;

/** A per-container price unit → the container type it prices. */
export const CONTAINER_UNITS: Readonly<Record<string, (typeof PRICED_CONTAINER_TYPES)[number]>> = {
  per_20gp: '20GP',
  per_40gp: '40GP',
  per_40hq: '40HQ',
};

/**
 * The container types a contract's lines price, in the desk's order: the types of its per-container lines, or every
 * type when it has none (see the module comment).
 */
export function pricedContainerTypes(lines: readonly { unit: string }[]): string[] {
  const typed = new Set(lines.map((l) => CONTAINER_UNITS[l.unit]).filter((t) => t !== undefined));
  return PRICED_CONTAINER_TYPES.filter((t) => typed.size === 0 || typed.has(t));
}

/**
 * Why a job of `type` cannot be opened under a contract with these lines, in both languages, or null when the
 * contract prices that type. Billing would leave out every per-container line (ocean freight, transport …) of a
 * type the contract does not price, although those stages are still worked.
 */
export function containerTypeProblem(
  contractNo: string,
  lines: readonly { unit: string }[],
  type: string,
): string | null {
  const priced = pricedContainerTypes(lines);
  if (priced.includes(type)) return null;
  return (
    `柜型 ${type} 不在合同 ${contractNo} 的報價內（合同報價：${priced.join('、')}）` +
    ` Container type ${type} is not priced by contract ${contractNo} (the contract prices ${priced.join(', ')})`
  );
}
