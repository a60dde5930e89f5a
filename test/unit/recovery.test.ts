import type { IExecuteFunctions } from 'n8n-workflow';

import { readCommonOptions } from '../../nodes/Seedance/form/readers';
import { SeedanceApiFailure } from '../../nodes/Seedance/shared/errors';
import { MODELS, takesSeed } from '../../nodes/Seedance/request/models';
import { compareTask, fingerprintOf, randomSeed, withRecoverySeed } from '../../nodes/Seedance/api/recovery';
import { buildCreateTaskBody, type CreateTaskBody } from '../../nodes/Seedance/request/body';
import { asTask } from '../../nodes/Seedance/api/taskObject';
import { retrying, scrubFailure, type AttemptResult } from '../../nodes/Seedance/api/transport';

const MODEL = 'doubao-seedance-1-0-lite-t2v-250428';
const body = (extra: Partial<CreateTaskBody> = {}): CreateTaskBody => ({
	model: MODEL,
	content: [{ type: 'text', text: 'a boat' }],
	resolution: '720p',
	...extra,
});

describe('the recovery seed', () => {
	it('is drawn uniformly from 0…2^31-1, the range every Seedance version accepts', () => {
		expect(randomSeed(() => 0)).toBe(0);
		expect(randomSeed(() => 0.999999999999)).toBe(2 ** 31 - 1);
		expect(randomSeed(() => 0.5)).toBe(2 ** 30);
	});

	it('is added to the body when the user left the seed to the API (unset or -1), never over a fixed one', () => {
		expect(withRecoverySeed(body(), 77, false)).toEqual({ body: { ...body(), seed: 77 }, seed: 77 });
		expect(withRecoverySeed(body({ seed: -1 }), 77, false)).toEqual({ body: body({ seed: 77 }), seed: 77 });
		expect(withRecoverySeed(body({ seed: 5 }), 77, false)).toEqual({ body: body({ seed: 5 }) });
		expect(withRecoverySeed(body(), undefined, false)).toEqual({ body: body() });
	});

	it('goes into the prompt as --seed in "prompt commands" mode, replacing --seed -1, never a fixed --seed', () => {
		const text = (t: string) => ({ model: MODEL, content: [{ type: 'text' as const, text: t }] });
		expect(withRecoverySeed(text('a boat --rs 720p'), 9, true).body.content[0]).toEqual({ type: 'text', text: 'a boat --rs 720p --seed 9' });
		expect(withRecoverySeed(text('a boat --seed -1 --wm true'), 9, true).body.content[0]).toEqual({
			type: 'text',
			text: 'a boat --seed 9 --wm true',
		});
		expect(withRecoverySeed(text('a boat --seed 12'), 9, true)).toEqual({ body: text('a boat --seed 12') });
		const imageOnly = { model: MODEL, content: [{ type: 'image_url' as const, image_url: { url: 'https://x/y.png' }, role: 'first_frame' as const }] };
		expect(withRecoverySeed(imageOnly, 9, true).body.content[0]).toEqual({ type: 'text', text: '--seed 9' });
	});

	it('leaves the pure builder alone: the documented body is built byte for byte as before', () => {
		const built = buildCreateTaskBody({ mode: 'text', model: MODEL, prompt: 'a boat', images: [], options: {} });
		expect(built).toEqual({ model: MODEL, content: [{ type: 'text', text: 'a boat' }] });
	});

	it('comes from the catalogue: every 1.x model takes it, no 2.x model does; unknown ids and endpoints get one', () => {
		for (const model of MODELS) expect(model.takesSeed).toBe(/^doubao-seedance-1-/.test(model.id));
		expect(takesSeed('dreamina-seedance-2-0-260128')).toBe(false);
		expect(takesSeed('seedance-1-0-pro-250528')).toBe(true);
		expect(takesSeed('ep-20250101-abcde')).toBe(true);
	});
});

describe('which task is ours', () => {
	const sentAtS = 1_800_000_000;
	const ours = fingerprintOf(body({ seed: 77, service_tier: 'default' }), 77, sentAtS);
	const task = (extra: Record<string, unknown> = {}) => ({
		id: 'cgt-x',
		status: 'queued',
		model: MODEL,
		created_at: sentAtS,
		seed: 77,
		resolution: '720p',
		service_tier: 'default',
		ratio: '16:9',
		...extra,
	});

	it.each([
		['the same seed, model and settings', {}, 'match'],
		['the BytePlus spelling of the model', { model: 'seedance-1-0-lite-t2v-250428' }, 'match'],
		['a server clock 60 s behind', { created_at: sentAtS - 60 }, 'match'],
		['another seed (an earlier run, another workflow)', { seed: 78 }, 'other'],
		['another model', { model: 'doubao-seedance-1-0-pro-250528' }, 'other'],
		['another resolution', { resolution: '1080p' }, 'other'],
		['created long before the create was sent', { created_at: sentAtS - 600 }, 'other'],
		['no seed (a relay dropped it)', { seed: undefined }, 'ambiguous'],
		['no model', { model: undefined }, 'ambiguous'],
		['no created_at', { created_at: undefined }, 'ambiguous'],
		['no resolution although we sent one', { resolution: undefined }, 'ambiguous'],
	])('%s: %s', (_name, extra, verdict) => {
		expect(compareTask(task(extra), ours, 120)).toBe(verdict);
	});

	it('with a seed the user fixed, or none, every candidate is ambiguous: nothing is unique', () => {
		const fixed = fingerprintOf(body({ seed: 5 }), undefined, sentAtS);
		expect(fixed.fields.seed).toBeUndefined();
		expect(compareTask(task({ seed: 5 }), fixed, 120)).toBe('ambiguous');
	});

	it('for an endpoint id, the model is not compared (tasks report the underlying model); the seed is', () => {
		const endpoint = fingerprintOf({ ...body(), model: 'ep-2025-abc' }, 77, sentAtS);
		expect(compareTask(task(), endpoint, 120)).toBe('match');
		expect(compareTask(task({ seed: 1 }), endpoint, 120)).toBe('other');
	});
});

describe('the one retry loop', () => {
	const context = {} as IExecuteFunctions;
	const failure = new SeedanceApiFailure('Seedance is rate limiting these requests (429)', 'Wait.', { httpCode: 429 });

	/** A virtual clock: each pause moves it on, nothing waits. */
	function virtual() {
		let now = 0;
		const waits: number[] = [];
		return {
			waits,
			budget: {
				now: () => now,
				random: () => 1,
				pause: async (ms: number) => {
					waits.push(ms);
					now += ms;
					return true;
				},
			},
		};
	}

	it('retries rate limits for a span of time, not a count, honouring Retry-After within 1–60 s', async () => {
		const clock = virtual();
		const retryAfters = [0, 3000, 1_500_000, undefined, undefined];
		let calls = 0;
		const result = await retrying(context, { retries: 0, rateLimitSpanMs: 120_000, ...clock.budget }, async (): Promise<AttemptResult<string>> => {
			const retryAfterMs = retryAfters[calls++];
			return calls > retryAfters.length ? { type: 'done', value: 'ok' } : { type: 'retry', error: failure, rateLimited: true, retryAfterMs };
		});
		expect(result).toBe('ok');
		expect(clock.waits).toEqual([1000, 3000, 60_000, 15_000, 15_000]);
	});

	it('gives up when the next wait would pass the span, saying so', async () => {
		const clock = virtual();
		const run = retrying(context, { retries: 0, rateLimitSpanMs: 120_000, ...clock.budget }, async (): Promise<AttemptResult<string>> => ({
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
		const run = retrying(context, { retries: 2, ...clock.budget }, async (): Promise<AttemptResult<string>> => {
			calls++;
			return { type: 'retry', error: new SeedanceApiFailure('Seedance had a server error (502)', 'Later.', {}) };
		});
		await expect(run).rejects.toMatchObject({ description: expect.stringContaining('(Tried 3 times.)') });
		expect(calls).toBe(3);
		expect(clock.waits).toEqual([1000, 2000]);
	});

	it('ends with the execution when the user stops it', async () => {
		const run = retrying(context, { retries: 5, taskId: 'cgt-1', pause: async () => false }, async (): Promise<AttemptResult<string>> => ({
			type: 'again',
			afterMs: 10,
		}));
		await expect(run).rejects.toThrow('The execution was stopped (task cgt-1 goes on at Seedance)');
	});
});

describe('what an error may carry', () => {
	it('scrubs the key and bearer tokens from message, description and the JSON error fields', () => {
		const leaky = new SeedanceApiFailure('Refused: Bearer sk-live-123456', 'key sk-live-123456 was sent', {
			code: 'AuthenticationError',
			message: 'header Authorization: Bearer sk-live-123456, other token Bearer abc.def',
		});
		const clean = scrubFailure(leaky, 'sk-live-123456');
		expect(JSON.stringify({ ...clean, message: clean.message, stack: clean.stack })).not.toMatch(/sk-live-123456|abc\.def/);
		expect(clean.info.message).toBe('header Authorization: Bearer ***, other token Bearer ***');
		expect(clean).toBeInstanceOf(SeedanceApiFailure);
	});
});

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

describe('task statuses', () => {
	it('are compared in lower case', () => {
		expect(asTask({ id: 'cgt-1', status: 'SUCCEEDED' }).status).toBe('succeeded');
	});
});
