/** The form's numbers, read with a clear error. */
import { readCommonOptions } from '../../../nodes/Seedance/form/readers';

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
