/** The form's numbers, read with a clear error. */
import { NUMBER_RANGES, readCommonOptions } from '../../../nodes/Seedance/form/readers';
import { retriesOption, requestTimeoutOption, rateLimitWaitOption, concurrencyOption, waitOptions } from '../../../nodes/Seedance/form/descriptions';

describe('numbers from expressions', () => {
	it.each([
		['waitTimeout', 'abc', 'Wait Timeout (Minutes)'],
		['pollInterval', Number.NaN, 'Poll Interval (Seconds)'],
		['requestTimeout', {}, 'Request Timeout (Seconds)'],
		['retries', -1, 'Retries'],
		['rateLimitWait', 'soon', 'Rate Limit Wait (Seconds)'],
	])('%s = %p is refused, naming the field', (name, value, label) => {
		expect(() => readCommonOptions({ [name]: value })).toThrow(`Options → ${label} must be a number`);
	});

	it('numbers as text are read as numbers; absent options take their defaults', () => {
		expect(readCommonOptions({ waitTimeout: '2', pollInterval: '0.5' })).toMatchObject({ waitTimeoutMs: 120_000, intervalMs: 500 });
		expect(readCommonOptions({})).toMatchObject({ retries: 5, waitTimeoutMs: 600_000, rateLimitSpanMs: 120_000 });
	});
});

describe('every number option has a range, enforced before anything is sent', () => {
	// [option, label, min, max]: the README's "When things go wrong" gives the same table.
	const table = [
		['retries', 'Retries', 0, 10],
		['rateLimitWait', 'Rate Limit Wait (Seconds)', 0, 3600],
		['requestTimeout', 'Request Timeout (Seconds)', 0, 600],
		['concurrency', 'Concurrent Requests', 1, 100],
		['waitTimeout', 'Wait Timeout (Minutes)', 0, 720],
		['pollInterval', 'Poll Interval (Seconds)', 0, 3600],
	] as const;

	it.each(table)('%s (%s) is taken at its lowest %d and its highest %d, and just inside them', (name, _label, min, max) => {
		for (const value of [min, min + 1, max - 1, max]) expect(() => readCommonOptions({ [name]: value })).not.toThrow();
		expect(() => readCommonOptions({ [name]: String(max) })).not.toThrow();
	});

	it.each(table)('%s (%s): just under %d and just over %d are refused, naming the field and the range', (name, label, min, max) => {
		for (const value of [min - 0.1, max + 0.1, max * 1000, 1e7]) {
			expect(() => readCommonOptions({ [name]: value })).toThrow(`Options → ${label} must be a number from ${min} to ${max}, not ${value}`);
		}
	});

	it('the huge values that broke runs are refused: Request Timeout 1e7 s, Poll Interval 1e7 s, Wait Timeout 1e5 min', () => {
		expect(() => readCommonOptions({ requestTimeout: 1e7 })).toThrow('Options → Request Timeout (Seconds) must be a number from 0 to 600, not 10000000');
		expect(() => readCommonOptions({ pollInterval: 1e7 })).toThrow('Options → Poll Interval (Seconds) must be a number from 0 to 3600, not 10000000');
		expect(() => readCommonOptions({ waitTimeout: 1e5 })).toThrow('Options → Wait Timeout (Minutes) must be a number from 0 to 720, not 100000');
	});

	it('at the limits, every wait fits a timer (2^31 - 1 ms)', () => {
		const settings = readCommonOptions({ rateLimitWait: 3600, requestTimeout: 600, waitTimeout: 720, pollInterval: 3600 });
		for (const ms of [settings.rateLimitSpanMs, settings.requestTimeoutMs, settings.waitTimeoutMs, settings.intervalMs]) {
			expect(ms).toBeLessThanOrEqual(2 ** 31 - 1);
		}
	});

	it('the form says the same ranges (typeOptions minValue / maxValue)', () => {
		const form = [retriesOption, requestTimeoutOption, rateLimitWaitOption, concurrencyOption, ...waitOptions].filter((o) => o.type === 'number');
		expect(form).toHaveLength(table.length);
		for (const option of form) {
			const range = NUMBER_RANGES[option.name as keyof typeof NUMBER_RANGES];
			expect([option.name, option.typeOptions?.minValue, option.typeOptions?.maxValue]).toEqual([option.name, range.min, range.max]);
		}
		for (const [name, , min, max] of table) expect(NUMBER_RANGES[name]).toMatchObject({ min, max });
	});
});
