/** The container types a contract prices: the rule opening a job, the desk's form and billing share. */
import { describe, expect, it } from 'vitest';
import { containerTypeProblem, pricedContainerTypes } from '../../domain/container-pricing';
import { receivablesOf } from '../../domain/job-billing';

describe('pricedContainerTypes', () => {
  it('is the types of the per-container lines, in the desk order', () => {
    expect(pricedContainerTypes([{ unit: 'per_40hq' }, { unit: 'per_shipment' }, { unit: 'per_20gp' }])).toEqual([
      '20GP',
      '40HQ',
    ]);
  });
  it('is every type when no line is priced per container', () => {
    expect(pricedContainerTypes([{ unit: 'per_shipment' }, { unit: 'percent_of_value' }])).toEqual([
      '20GP',
      '40GP',
      '40HQ',
    ]);
  });
  it('names the type, the contract and the priced types in both languages; null for a priced type', () => {
    const lines = [{ unit: 'per_40hq' }, { unit: 'per_shipment' }];
    expect(containerTypeProblem('HT2026-00001', lines, '40HQ')).toBeNull();
    expect(containerTypeProblem('HT2026-00001', lines, '20GP')).toBe(
      '柜型 20GP 不在合同 HT2026-00001 的報價內（合同報價：40HQ） Container type 20GP is not priced by contract HT2026-00001 (the contract prices 40HQ)',
    );
  });
  it('billing bills a per-container line for every type the rule calls priced', () => {
    const line = {
      lineNo: 1,
      serviceType: 'ocean_freight',
      routeFrom: 'A',
      routeTo: 'B',
      currency: 'USD',
      quotedPrice: '10.00',
      quantity: '1',
    } as const;
    for (const unit of ['per_20gp', 'per_40gp', 'per_40hq'] as const)
      for (const type of pricedContainerTypes([{ unit }]))
        expect(
          receivablesOf({ containerType: type, containerCount: 2, declaredValue: null }, [{ ...line, unit }], [], []),
        ).toHaveLength(1);
  });
});
