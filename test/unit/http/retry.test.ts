/** The one retry loop, on a virtual clock. */
import { SeedanceApiFailure } from '../../../nodes/Seedance/shared/errors';
import { retrying, type AttemptResult } from '../../../nodes/Seedance/http/retry';

describe('the one retry loop', () => {
	const failure = new SeedanceApiFailure('Seedance is rate limiting these requests (429)', 'Wait.', { httpCode: 429 });

	/** A virtual clock: each pause moves it on, nothing waits. It starts at an hour, as a real clock never reads 0. */
	function virtual() {
		let now = 3_600_000;
		const waits: number[] = [];
		return {
			waits,
			budget: {
				random: () => 1,
				clock: {
					now: () => now,
					sleep: async (ms: number) => {
						waits.push(ms);
						now += ms;
						return true;
					},
				},
			},
		};
	}

	it('retries rate limits for a span of time, not a count, honouring Retry-After within 1–60 s', async () => {
		const clock = virtual();
		const retryAfters = [0, 3000, 1_500_000, undefined, undefined];
		let calls = 0;
		const result = await retrying({ retries: 0, rateLimitSpanMs: 120_000, ...clock.budget }, async (): Promise<AttemptResult<string>> => {
			const retryAfterMs = retryAfters[calls++];
			return calls > retryAfters.length ? { type: 'done', value: 'ok' } : { type: 'retry', error: failure, rateLimited: true, retryAfterMs };
		});
		expect(result).toBe('ok');
		expect(clock.waits).toEqual([1000, 3000, 60_000, 15_000, 15_000]);
	});

	it('gives up when the next wait would pass the span, saying so', async () => {
		const clock = virtual();
		const run = retrying({ retries: 0, rateLimitSpanMs: 100_000, ...clock.budget }, async (): Promise<AttemptResult<string>> => ({
			type: 'retry',
			error: failure,
			rateLimited: true,
		}));
		await expect(run).rejects.toThrow(failure.message);
		// random 1: backoff at the top of each step, 2 + 4 + 8 + 15 + 15 + 15 + 15 + 15 = 89 s, then 15 s more would pass 100 s.
		await expect(run).rejects.toMatchObject({
			description:
				'Wait.\n\n(Rate limited for 89 s over 9 tries; the next wait of 15 s would pass Options → Rate Limit Wait of 100 s.)',
			info: { httpCode: 429 },
		});
		expect(clock.waits).toEqual([2000, 4000, 8000, 15_000, 15_000, 15_000, 15_000, 15_000]);
	});

	it('a wait that ends exactly at the span is still taken', async () => {
		const clock = virtual();
		let calls = 0;
		const run = retrying({ retries: 0, rateLimitSpanMs: 3000, ...clock.budget }, async (): Promise<AttemptResult<string>> => {
			calls++;
			return { type: 'retry', error: failure, rateLimited: true, retryAfterMs: 3000 };
		});
		await expect(run).rejects.toMatchObject({ description: expect.stringContaining('(Rate limited for 3 s over 2 tries; the next wait of 3 s would pass') });
		expect(calls).toBe(2);
		expect(clock.waits).toEqual([3000]);
	});

	it('a rate-limited create waits what the rate gate says (afterMs), not the backoff; a span of 0 retries no 429', async () => {
		const clock = virtual();
		let calls = 0;
		const result = await retrying({ retries: 0, rateLimitSpanMs: 60_000, ...clock.budget }, async (): Promise<AttemptResult<string>> =>
			++calls < 3 ? { type: 'retry', error: failure, rateLimited: true, retryAfterMs: 9000, afterMs: calls * 250 } : { type: 'done', value: 'ok' },
		);
		expect(result).toBe('ok');
		expect(clock.waits).toEqual([250, 500]);

		const off = virtual();
		let tries = 0;
		const once = retrying({ retries: 5, rateLimitSpanMs: 0, ...off.budget }, async (): Promise<AttemptResult<string>> => {
			tries++;
			return { type: 'retry', error: failure, rateLimited: true, afterMs: 0 };
		});
		await expect(once).rejects.toMatchObject({ description: expect.stringContaining('would pass Options → Rate Limit Wait of 0 s') });
		expect(tries).toBe(1);
		expect(off.waits).toEqual([]);
	});

	it('retries other passing failures a number of times, then names the tries', async () => {
		const clock = virtual();
		let calls = 0;
		const run = retrying({ retries: 2, ...clock.budget }, async (): Promise<AttemptResult<string>> => {
			calls++;
			return { type: 'retry', error: new SeedanceApiFailure('Seedance had a server error (502)', 'Later.', {}) };
		});
		await expect(run).rejects.toMatchObject({ message: 'Seedance had a server error (502)', description: 'Later.\n\n(Tried 3 times.)' });
		expect(calls).toBe(3);
		expect(clock.waits).toEqual([1000, 2000]);
	});

	it('with Retries 0, the first failure is the error itself, unchanged', async () => {
		const clock = virtual();
		const once = new SeedanceApiFailure('Seedance had a server error (502)', 'Later.', { httpCode: 502 });
		const run = retrying({ retries: 0, ...clock.budget }, async (): Promise<AttemptResult<string>> => ({ type: 'retry', error: once }));
		await expect(run).rejects.toBe(once);
		expect(clock.waits).toEqual([]);
	});

	it('a rate limit uses the default span when none is set: 120 s', async () => {
		const clock = virtual();
		const run = retrying({ retries: 0, ...clock.budget }, async (): Promise<AttemptResult<string>> => ({ type: 'retry', error: failure, rateLimited: true, retryAfterMs: 60_000 }));
		await expect(run).rejects.toMatchObject({ description: expect.stringContaining('(Rate limited for 120 s over 3 tries; the next wait of 60 s would pass Options → Rate Limit Wait of 120 s.)') });
		expect(clock.waits).toEqual([60_000, 60_000]);
	});

	it('waits as long as an attempt asks when it is not done yet, and fails at once with a failure', async () => {
		const clock = virtual();
		let calls = 0;
		const result = await retrying({ retries: 0, ...clock.budget }, async (tries): Promise<AttemptResult<number>> =>
			++calls < 3 ? { type: 'again', afterMs: 700 } : { type: 'done', value: tries },
		);
		expect(result).toBe(2);
		expect(clock.waits).toEqual([700, 700]);
		const broken = new Error('no');
		await expect(retrying({ retries: 5, ...clock.budget }, async (): Promise<AttemptResult<number>> => ({ type: 'fail', error: broken }))).rejects.toBe(broken);
	});

	it('ends with the execution when the user stops it', async () => {
		const run = retrying({ retries: 5, taskId: 'cgt-1', clock: { now: () => 0, sleep: async () => false } }, async (): Promise<AttemptResult<string>> => ({
			type: 'again',
			afterMs: 10,
		}));
		await expect(run).rejects.toThrow('The execution was stopped (task cgt-1 goes on at Seedance)');
	});
});
