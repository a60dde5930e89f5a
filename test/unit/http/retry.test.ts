/** The one retry loop, on a virtual clock. */
import { SeedanceApiFailure } from '../../../nodes/Seedance/shared/errors';
import { retrying, type AttemptResult } from '../../../nodes/Seedance/http/retry';

describe('the one retry loop', () => {
	const failure = new SeedanceApiFailure('Seedance is rate limiting these requests (429)', 'Wait.', { httpCode: 429 });

	/** A virtual clock: each pause moves it on, nothing waits. */
	function virtual() {
		let now = 0;
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
		const run = retrying({ retries: 0, rateLimitSpanMs: 120_000, ...clock.budget }, async (): Promise<AttemptResult<string>> => ({
			type: 'retry',
			error: failure,
			rateLimited: true,
		}));
		await expect(run).rejects.toThrow(failure.message);
		await expect(run).rejects.toMatchObject({ description: expect.stringMatching(/Rate Limit Wait of 120 s/) });
		expect(clock.waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(120_000);
		expect(clock.waits.reduce((a, b) => a + b, 0)).toBeGreaterThan(60_000);
	});

	it('retries other passing failures a number of times, then names the tries', async () => {
		const clock = virtual();
		let calls = 0;
		const run = retrying({ retries: 2, ...clock.budget }, async (): Promise<AttemptResult<string>> => {
			calls++;
			return { type: 'retry', error: new SeedanceApiFailure('Seedance had a server error (502)', 'Later.', {}) };
		});
		await expect(run).rejects.toMatchObject({ description: expect.stringContaining('(Tried 3 times.)') });
		expect(calls).toBe(3);
		expect(clock.waits).toEqual([1000, 2000]);
	});

	it('ends with the execution when the user stops it', async () => {
		const run = retrying({ retries: 5, taskId: 'cgt-1', clock: { now: () => 0, sleep: async () => false } }, async (): Promise<AttemptResult<string>> => ({
			type: 'again',
			afterMs: 10,
		}));
		await expect(run).rejects.toThrow('The execution was stopped (task cgt-1 goes on at Seedance)');
	});
});
