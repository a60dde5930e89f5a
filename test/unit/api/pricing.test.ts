/** The credential's prices, read once per execution: the provider's list, an override, or a refusal that names the field. */
import { costOfTask, pricingOf, requirePricing } from '../../../nodes/Seedance/api/pricing';
import { SeedanceInputError } from '../../../nodes/Seedance/shared/errors';

const V20 = 'doubao-seedance-2-0-260128';
const BILLED = { status: 'succeeded', model: V20, resolution: '720p', ratio: '16:9', duration: 5, usage: { completion_tokens: 108_900 } };

describe('pricingOf', () => {
	it('empty Prices: the provider and its list', () => {
		expect(pricingOf({ apiKey: 'k', provider: 'byteplus', prices: '' })).toEqual({ ok: true, context: { provider: 'byteplus', prices: undefined } });
		expect(pricingOf({ apiKey: 'k' })).toEqual({ ok: true, context: { provider: 'chainhub', prices: undefined } });
		expect(pricingOf({ apiKey: 'k', provider: 'custom', baseUrl: 'http://x' })).toMatchObject({ context: { provider: 'custom' } });
	});

	it('an override as JSON text', () => {
		const pricing = pricingOf({ provider: 'chainhub', prices: '{"basedOn": "volcengine", "multiplier": 0.9}' });
		expect(pricing).toMatchObject({ ok: true, context: { provider: 'chainhub', prices: { basedOn: 'volcengine', multiplier: 0.9 } } });
		expect(costOfTask(pricing, BILLED)).toMatchObject({ status: 'billed', currency: 'CNY', amount: 4.50846, unitPricePerMillionTokens: 41.4 });
	});

	it.each([
		['{"multiplier": -1}', "The Seedance API credential's Prices → multiplier must be a number ≥ 0, not -1"],
		['{"multiplier": "abc"}', 'The Seedance API credential\'s Prices → multiplier must be a number ≥ 0, not "abc"'],
		['{"models": {"doubao-seedance-2-0-260128": {"perMillionTokens": "NaN"}}}', 'Prices → models.doubao-seedance-2-0-260128.perMillionTokens must be a number ≥ 0'],
		['{multiplier: 1}', "The Seedance API credential's Prices is not valid JSON"],
	])('refuses %s, naming the field', (prices, message) => {
		const pricing = pricingOf({ provider: 'volcengine', prices });
		expect(pricing.ok).toBe(false);
		expect(() => requirePricing(pricing)).toThrow(SeedanceInputError);
		expect(() => requirePricing(pricing)).toThrow(message);
		// Reading a task does not fail for it: the cost says why it is unknown.
		expect(costOfTask(pricing, BILLED)).toEqual({ status: 'unknown', note: expect.stringContaining(message) });
	});
});
