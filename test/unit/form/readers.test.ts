/** The form's numbers, read with a clear error. */
import { readCommonOptions, readTakeOverExecution } from '../../../nodes/Seedance/form/readers';

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
