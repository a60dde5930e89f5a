/** The form's numbers, dates and execution IDs, read with a clear error. */
import { NUMBER_RANGES, readCommonOptions, readSpendingLimit, readTakeOverExecution, readTimeFilter, wallClockToUtc } from '../../../nodes/Seedance/form/readers';
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

describe('Options → Spending Limit', () => {
	it.each([
		[-1, '-1'],
		[Number.NaN, 'NaN'],
		['ten', '"ten"'],
		[{ amount: 5 }, '{"amount":5}'],
		[Number.POSITIVE_INFINITY, 'Infinity'],
	])('%p is refused, naming the field', (value, shown) => {
		expect(() => readSpendingLimit({ spendingLimit: value })).toThrow(`Options → Spending Limit must be a number from 0 up, not ${shown}`);
	});

	it('a number (or a number as text) is the limit; 0 is a limit too; unset is none', () => {
		expect(readSpendingLimit({ spendingLimit: 12.5 })).toBe(12.5);
		expect(readSpendingLimit({ spendingLimit: '20' })).toBe(20);
		expect(readSpendingLimit({ spendingLimit: 0 })).toBe(0);
		expect(readSpendingLimit({})).toBeUndefined();
		expect(readSpendingLimit({ spendingLimit: '' })).toBeUndefined();
	});
});

describe('Created After / Before', () => {
	it('a wall-clock time is read in the workflow time zone, daylight saving included', () => {
		expect(new Date(wallClockToUtc('2026-10-01T09:00:00', 'Europe/Berlin')).toISOString()).toBe('2026-10-01T07:00:00.000Z');
		expect(new Date(wallClockToUtc('2026-12-01T09:00:00', 'Europe/Berlin')).toISOString()).toBe('2026-12-01T08:00:00.000Z');
		expect(new Date(wallClockToUtc('2026-10-01T09:00:00', 'Asia/Shanghai')).toISOString()).toBe('2026-10-01T01:00:00.000Z');
		expect(new Date(wallClockToUtc('2026-10-01T09:00:00', 'UTC')).toISOString()).toBe('2026-10-01T09:00:00.000Z');
	});

	it('takes a date alone, a time with a zone, a Date or a Luxon DateTime', () => {
		expect(readTimeFilter('2026-10-01', 'Created After', 'Asia/Shanghai')).toBe(Date.parse('2026-09-30T16:00:00Z'));
		expect(readTimeFilter('2026-10-01T09:00:00+02:00', 'Created After', 'Asia/Shanghai')).toBe(Date.parse('2026-10-01T07:00:00Z'));
		expect(readTimeFilter(new Date('2026-10-01T00:00:00Z'), 'Created After', 'UTC')).toBe(Date.parse('2026-10-01T00:00:00Z'));
		expect(readTimeFilter({ toMillis: () => 1_790_000_000_000 }, 'Created After', 'UTC')).toBe(1_790_000_000_000);
		expect(readTimeFilter('', 'Created After', 'UTC')).toBeUndefined();
	});

	it('refuses what is not a date, naming the field', () => {
		expect(() => readTimeFilter('yesterday', 'Created Before', 'UTC')).toThrow('Filters → Created Before is not a date and time: "yesterday"');
		expect(() => readTimeFilter(42, 'Created After', 'UTC')).toThrow('Filters → Created After is not a date and time: 42');
	});
});

describe('Options → Take Over Tasks of Execution', () => {
	it.each([
		['1234', '1234'],
		[' 1234 ', '1234'],
		[1234, '1234'],
		['', undefined],
		[undefined, undefined],
	])('%p is read as %p', (value, expected) => {
		expect(readTakeOverExecution({ takeOverExecution: value })).toBe(expected);
	});

	it.each([['abc'], ['-1'], ['0'], ['../../'], ['12 13'], ['12.5'], [12.5], ['1'.repeat(20)], [{ id: 1 }]])(
		'%p cannot be an execution ID: refused naming the field',
		(value) => {
			expect(() => readTakeOverExecution({ takeOverExecution: value })).toThrow(/^Options → Take Over Tasks of Execution must be the ID of an execution/);
		},
	);

	it('a very long value is shown shortened, with its length', () => {
		expect(() => readTakeOverExecution({ takeOverExecution: 'x'.repeat(5000) })).toThrow(/"x{37}…" \(5000 characters\)$/);
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
