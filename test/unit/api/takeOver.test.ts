/** The seed an execution's item sends, derived from who sends it. */
import fc from 'fast-check';

import { identitySeed } from '../../../nodes/Seedance/api/takeOver';

describe('identitySeed (retry adoption)', () => {
	it('is an integer in 0…2^31-1 for any identity, and the same for the same identity', () => {
		fc.assert(
			fc.property(fc.array(fc.oneof(fc.string(), fc.nat())), (parts) => {
				const seed = identitySeed(parts);
				return Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31 && seed === identitySeed([...parts]);
			}),
		);
	});
	it('differs between neighbouring executions and items', () => {
		const seeds = new Set<number>();
		for (let e = 0; e < 100; e++) for (let i = 0; i < 100; i++) seeds.add(identitySeed(['i', 'w', String(e), 'n', i]));
		expect(seeds.size).toBe(10_000);
	});
});
