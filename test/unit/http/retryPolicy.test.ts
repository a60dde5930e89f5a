import { backoffMs, decide, parseRetryAfter, rateLimitDelayMs, wasSent } from '../../../nodes/Seedance/http/retryPolicy';

describe('which failures are retried', () => {
	it.each([
		// kind, outcome, decision
		['create', { type: 'http', status: 429 }, 'retry'],
		['create', { type: 'http', status: 429, code: 'ModelAccountRpmRateLimitExceeded' }, 'retry'],
		['create', { type: 'http', status: 429, code: 'QuotaExceeded' }, 'fail'],
		['create', { type: 'http', status: 429, code: 'SetLimitExceeded' }, 'fail'],
		['create', { type: 'http', status: 500 }, 'recover'],
		['create', { type: 'http', status: 503 }, 'recover'],
		['create', { type: 'http', status: 400 }, 'fail'],
		['create', { type: 'http', status: 401 }, 'fail'],
		['create', { type: 'network', sent: false }, 'retry'],
		['create', { type: 'network', sent: true }, 'recover'],
		['create', { type: 'bad-answer' }, 'recover'],
		['read', { type: 'http', status: 502 }, 'retry'],
		['read', { type: 'http', status: 404 }, 'fail'],
		['read', { type: 'network', sent: true }, 'retry'],
		['read', { type: 'bad-answer' }, 'retry'],
		['delete', { type: 'http', status: 500 }, 'recover'],
		['delete', { type: 'http', status: 429 }, 'retry'],
	] as const)('%s after %j: %s', (kind, outcome, decision) => {
		expect(decide(kind, outcome)).toBe(decision);
	});

	it('counts refused connections and DNS failures as never sent; resets and timeouts as maybe sent', () => {
		for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ERR_INVALID_URL']) expect(wasSent(code)).toBe(false);
		expect(wasSent('ECONNRESET')).toBe(true);
		expect(wasSent('ECONNABORTED')).toBe(true);
		expect(wasSent(undefined)).toBe(true);
	});
});

describe('how long to wait', () => {
	const fixed = (r: number) => ({ baseMs: 1000, maxMs: 60_000, random: () => r });

	it('backs off exponentially with jitter between half and all of the ceiling', () => {
		expect([0, 1, 2, 3].map((a) => backoffMs(a, fixed(0)))).toEqual([500, 1000, 2000, 4000]);
		expect([0, 1, 2, 3].map((a) => backoffMs(a, fixed(1)))).toEqual([1000, 2000, 4000, 8000]);
		expect(backoffMs(20, fixed(1))).toBe(60_000);
	});

	it('honours Retry-After in seconds or as an HTTP date', () => {
		expect(parseRetryAfter('3', 0)).toBe(3000);
		expect(parseRetryAfter(['1.5'], 0)).toBe(1500);
		expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
		expect(parseRetryAfter(undefined, 0)).toBeUndefined();
		expect(parseRetryAfter('soon', 0)).toBeUndefined();
		expect(parseRetryAfter('120', 0)).toBe(120_000);
		expect(parseRetryAfter('1.25', 0)).toBe(1250);
		expect(parseRetryAfter(' 3 ', 0)).toBe(3000);
		expect(parseRetryAfter(3, 0)).toBe(3000);
		// A date already past is no wait; what is neither seconds nor a date is no answer.
		expect(parseRetryAfter(new Date(10_000).toUTCString(), 20_000)).toBe(0);
		for (const unreadable of ['3abc', 'x3', '', null, []]) expect(parseRetryAfter(unreadable, 0)).toBeUndefined();
	});

	it('keeps Retry-After between a floor and a ceiling: 0 is no tight loop, 1500 s no stuck run', () => {
		expect(rateLimitDelayMs(0, 3000)).toBe(3000);
		expect(rateLimitDelayMs(0, 0)).toBe(1000);
		expect(rateLimitDelayMs(0, 1_500_000)).toBe(60_000);
	});

	it('without Retry-After, rate limits back off from 2 s up to 15 s', () => {
		expect([0, 1, 2, 3, 9].map((a) => rateLimitDelayMs(a, undefined, () => 1))).toEqual([2000, 4000, 8000, 15_000, 15_000]);
	});
});
