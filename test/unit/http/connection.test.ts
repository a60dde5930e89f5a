/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * The connection of one execution: the credential read once, what each kind of failure becomes,
 * and the rate gate every request shares. On a virtual clock: times are the clock's, not real.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import type { ApiCall, HttpContext } from '../../../nodes/Seedance/http/attempt';
import { SeedanceConnection } from '../../../nodes/Seedance/http/connection';
import { InlineFile } from '../../../nodes/Seedance/request/inlineFile';
import { ExecutionCancelledError, SeedanceApiFailure, UncertainOutcomeError } from '../../../nodes/Seedance/shared/errors';

const KEY = 'sk-test-4e5f6a7b';
const CREDENTIALS = { apiKey: KEY, provider: 'byteplus' };

type Answer = { statusCode: number; body?: unknown; headers?: Record<string, unknown> } | { error: unknown };

/** A clock whose sleeps end when the driver moves time to them, in time order. */
function virtualClock() {
	let now = 0;
	const timers: Array<{ at: number; wake: (done: boolean) => void }> = [];
	const clock = {
		now: () => now,
		sleep: async (ms: number, signal?: AbortSignal) =>
			await new Promise<boolean>((resolve) => {
				if (signal?.aborted) return resolve(false);
				const timer = { at: now + Math.max(0, ms), wake: resolve };
				timers.push(timer);
				signal?.addEventListener(
					'abort',
					() => {
						timers.splice(timers.indexOf(timer), 1);
						resolve(false);
					},
					{ once: true },
				);
			}),
	};
	/** Runs until `work` settles, moving time on whenever nothing else can happen. */
	async function run<T>(work: Promise<T>): Promise<T> {
		let done = false;
		work.then(
			() => (done = true),
			() => (done = true),
		);
		for (;;) {
			for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
			if (done) return await work;
			timers.sort((a, b) => a.at - b.at);
			const next = timers.shift();
			if (!next) throw new Error('deadlock: nothing to wait for');
			now = Math.max(now, next.at);
			next.wake(true);
		}
	}
	return { clock, run };
}

/**
 * A connection whose API answers with `answer(n, options)` for its n-th request (counted from 0);
 * each request is recorded with the clock's time it was sent at.
 */
function connectionTo(answer: (n: number, options: IHttpRequestOptions) => Answer | Promise<Answer>, options: { signal?: AbortSignal; credentials?: () => Promise<object> } = {}) {
	const { clock, run } = virtualClock();
	const sent: Array<{ at: number; options: IHttpRequestOptions }> = [];
	let credentialReads = 0;
	const context: HttpContext = {
		getCredentials: async () => {
			credentialReads++;
			return (await (options.credentials ?? (async () => CREDENTIALS))()) as never;
		},
		helpers: {
			async httpRequestWithAuthentication(_type: string, request: IHttpRequestOptions) {
				sent.push({ at: clock.now(), options: request });
				const a = await answer(sent.length - 1, request);
				if ('error' in a) throw a.error;
				return { headers: {}, ...a };
			},
			httpRequest: async () => undefined,
		},
		getExecutionCancelSignal: () => options.signal,
	};
	return { connection: new SeedanceConnection(context, clock), clock, run, sent, reads: () => credentialReads };
}

const read = (taskId = 'cgt-1'): ApiCall => ({ method: 'GET', path: `/contents/generations/tasks/${taskId}`, kind: 'read', settings: { retries: 3, requestTimeoutMs: 1000 }, taskId });
const create = (rateLimitSpanMs?: number): ApiCall => ({
	method: 'POST',
	path: '/contents/generations/tasks',
	kind: 'create',
	body: { model: 'm' },
	settings: { retries: 3, requestTimeoutMs: 1000, rateLimitSpanMs },
});
const task = { id: 'cgt-1', status: 'queued' };
const apiError = (statusCode: number, code: string, message = 'no', headers: Record<string, unknown> = {}): Answer => ({ statusCode, body: { error: { code, message } }, headers });

async function errorOf(work: Promise<unknown>) {
	return (await work.then(
		() => {
			throw new Error('expected a failure');
		},
		(error: unknown) => error,
	)) as SeedanceApiFailure;
}

describe('the credential', () => {
	it('is read once for every request of the execution; its provider names the console in errors', async () => {
		const { connection, run, reads, sent } = connectionTo((n) => (n < 2 ? { statusCode: 200, body: task } : apiError(403, 'AccountOverdueError')));
		expect(await run(connection.request(read()))).toEqual(task);
		expect(await run(connection.request(read()))).toEqual(task);
		expect(await connection.credentials()).toBe(CREDENTIALS);
		expect(await connection.consoleName()).toBe('the BytePlus ModelArk console');
		const error = await errorOf(run(connection.request(read())));
		expect(error.description).toContain('Top up the account balance in the BytePlus ModelArk console, then run again.');
		expect(reads()).toBe(1);
		expect(sent.map((s) => s.options.url)).toEqual(Array(3).fill('https://ark.ap-southeast.bytepluses.com/api/v3/contents/generations/tasks/cgt-1'));
	});

	it('a read that failed is not kept: the next request reads it again', async () => {
		let reads = 0;
		const { connection, run } = connectionTo(() => ({ statusCode: 200, body: task }), {
			credentials: async () => {
				if (reads++ === 0) throw new Error('Node does not have any credentials set for "seedanceApi"');
				return CREDENTIALS;
			},
		});
		await expect(run(connection.request(read()))).rejects.toThrow('Node does not have any credentials set');
		expect(await run(connection.request(read()))).toEqual(task);
		expect(await run(connection.request(read()))).toEqual(task);
		expect(reads).toBe(2);
	});

	it.each([
		['the key is starred out of every error', KEY, `Seedance said: AuthenticationError: key *** is not valid`],
		['a 4-character key too', 'abcd', `Seedance said: AuthenticationError: key *** is not valid`],
		['a shorter key is left alone (too short to tell from other text)', 'abc', `Seedance said: AuthenticationError: key abc is not valid`],
	])('%s', async (_name, apiKey, said) => {
		const { connection, run } = connectionTo(() => apiError(401, 'AuthenticationError', `key ${apiKey} is not valid`), {
			credentials: async () => ({ ...CREDENTIALS, apiKey }),
		});
		const error = await errorOf(run(connection.request(read())));
		expect(error.description).toContain(said);
		expect(error.info.message).toBe(said.replace('Seedance said: AuthenticationError: ', ''));
	});
});

describe('what a failure becomes', () => {
	it('an answer: the parsed body', async () => {
		const { connection, run, sent } = connectionTo(() => ({ statusCode: 200, body: task }));
		expect(await run(connection.request(read()))).toEqual(task);
		expect(sent).toHaveLength(1);
	});

	it.each([
		['the API\'s own 500, with its code', true, apiError(500, 'InternalServiceError')],
		['the API\'s own 503, with its code', true, apiError(503, 'ServiceUnavailable')],
		['a gateway\'s 502, even with a code', false, apiError(502, 'BadGateway')],
		['a 500 page without a code', false, { statusCode: 500, body: '<h1>500</h1>' }],
		['a 504 without a body', false, { statusCode: 504 }],
		['a reset after the body was sent', false, { error: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) }],
		['an answer that is not JSON', false, { statusCode: 200, body: '<html>login</html>' }],
	] as Array<[string, boolean, Answer]>)('a create that may have made a task (%s) is uncertain, never sent again; the API answered: %p', async (_name, apiAnswered, answer) => {
		const { connection, run, sent } = connectionTo(() => answer);
		const error = await errorOf(run(connection.request(create())));
		expect(error).toBeInstanceOf(UncertainOutcomeError);
		expect((error as UncertainOutcomeError).apiAnswered).toBe(apiAnswered);
		expect(error.message).not.toBe('');
		expect(sent).toHaveLength(1);
	});

	it('a refusal fails at once with the API\'s reason', async () => {
		const { connection, run, sent } = connectionTo(() => apiError(400, 'InvalidParameter', 'bad ratio'));
		const error = await errorOf(run(connection.request(create())));
		expect(error).toBeInstanceOf(SeedanceApiFailure);
		expect(error).not.toBeInstanceOf(UncertainOutcomeError);
		expect(error.message).toBe('Seedance rejected the request');
		expect(sent).toHaveLength(1);
	});

	it('a create not sent at all (refused connection) is sent again', async () => {
		const { connection, run, sent } = connectionTo((n) =>
			n === 0 ? { error: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) } : { statusCode: 200, body: task },
		);
		expect(await run(connection.request(create()))).toEqual(task);
		expect(sent).toHaveLength(2);
	});

	it('the user\'s Stop while the request is under way: cancelled, naming the task', async () => {
		const stop = new AbortController();
		const { connection, run } = connectionTo(
			() => {
				stop.abort();
				return { error: Object.assign(new Error('canceled'), { code: 'ERR_CANCELED' }) };
			},
			{ signal: stop.signal },
		);
		const error = await errorOf(run(connection.request(read('cgt-9'))));
		expect(error).toBeInstanceOf(ExecutionCancelledError);
		expect(error.message).toBe('The execution was stopped (task cgt-9 goes on at Seedance)');
	});

	it('a body that could not be written fails the item with why, and is not sent again', async () => {
		const changed = new Error('An inline image/png file is no longer the 3 bytes it was when checked; nothing was created');
		const { connection, run, sent } = connectionTo((_n, request) => {
			const stream = request.body as unknown as { failure?: Error };
			stream.failure = changed;
			return { error: new Error('write after end') };
		});
		const file = new InlineFile('image/png', 3, async () => (async function* () {})());
		expect(await errorOf(run(connection.request({ ...create(), body: { model: 'm', url: file as never } })))).toBe(changed);
		expect(sent).toHaveLength(1);
	});
});

describe('the rate gate every request shares', () => {
	it('a read\'s 429 holds back the others in flight as long as its Retry-After', async () => {
		const { connection, run, sent } = connectionTo((n, request) =>
			n === 0 ? apiError(429, 'ModelAccountRpmRateLimitExceeded', 'slow down', { 'retry-after': '3' }) : { statusCode: 200, body: { path: request.url } },
		);
		const first = connection.request(read('cgt-1'));
		const both = run(
			(async () => {
				while (sent.length === 0) await new Promise((resolve) => setImmediate(resolve));
				for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
				return await Promise.all([first, connection.request(read('cgt-2'))]);
			})(),
		);
		await both;
		expect(sent.map((s) => [s.at, s.options.url?.split('/').pop()])).toEqual([
			[0, 'cgt-1'],
			[3000, 'cgt-1'],
			[3000, 'cgt-2'],
		]);
	});

	it('without Retry-After, the others wait the rate-limit backoff: 1.5 s, then 3 s', async () => {
		const { connection, run, sent } = connectionTo((n) => (n < 2 ? apiError(429, 'ModelAccountRpmRateLimitExceeded') : { statusCode: 200, body: task }));
		const first = connection.request(read('cgt-1'));
		await run(
			(async () => {
				while (sent.length < 2) await new Promise((resolve) => setImmediate(resolve));
				for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
				return await Promise.all([first, connection.request(read('cgt-2'))]);
			})(),
		);
		const second429 = sent[1].at;
		expect(second429).toBeGreaterThanOrEqual(1500); // its own backoff, and the gate it closed
		expect(sent.find((s) => s.options.url?.endsWith('cgt-2'))?.at).toBe(second429 + 3000);
	});

	it('a create rate limited until Rate Limit Wait runs out fails with the 429, saying how long and how often', async () => {
		const { connection, run, sent } = connectionTo(() => apiError(429, 'ModelAccountRpmRateLimitExceeded', 'slow down', { 'retry-after': '3' }));
		const error = await errorOf(run(connection.request(create(10_000))));
		expect(error.message).toBe('Seedance is rate limiting these requests (429)');
		expect(error.description).toBe(
			'The node retried and the limit still held. Send fewer items at once (Loop Over Items with a Wait), or raise Options → Rate Limit Wait.\n\nSeedance said: ModelAccountRpmRateLimitExceeded: slow down\n\n(Rate limited for 9 s over 4 tries; the next wait of 3 s would pass Options → Rate Limit Wait of 10 s.)',
		);
		expect(sent.map((s) => s.at)).toEqual([0, 3000, 6000, 9000]);
	});

	it('a create that waited its turn while another create learned the limit, and never went: not sent, saying so', async () => {
		const { clock, connection, run, sent } = connectionTo(async (n) => {
			// The second create of the first item is the probe; its answer takes 20 s.
			if (n === 1) await clock.sleep(20_000);
			return apiError(429, 'ModelAccountRpmRateLimitExceeded', 'slow down', { 'retry-after': '3' });
		});
		const first = connection.request(create(10_000));
		const [a, b] = await run(
			(async () => {
				while (sent.length < 2) await new Promise((resolve) => setImmediate(resolve));
				const second = connection.request(create(10_000));
				return await Promise.all([errorOf(first), errorOf(second)]);
			})(),
		);
		expect(sent.map((s) => s.at)).toEqual([0, 3000]);
		expect(a.message).toBe('Seedance is rate limiting these requests (429)');
		expect(b.message).toBe('Seedance kept rate limiting the creates of this run (429); this item was not sent');
		expect(b.description).toBe(
			'The run met the rate limit (requests per minute) and it did not lift. Send fewer items at once, run the rest later, or set a longer Options → Rate Limit Wait.\n\n(Rate limited for 20 s over 0 tries; the next wait of 3 s would pass Options → Rate Limit Wait of 10 s.)',
		);
		expect(b.info).toEqual({ httpCode: 429 });
	});

	it('Stop while waiting at the gate: cancelled, nothing sent', async () => {
		const stop = new AbortController();
		const { connection, run, sent } = connectionTo(() => apiError(429, 'ModelAccountRpmRateLimitExceeded', 'slow down', { 'retry-after': '30' }), { signal: stop.signal });
		connection.gate.close(60_000);
		const reading = run(connection.request(read('cgt-4')));
		const creating = run(connection.request(create()));
		stop.abort();
		expect((await errorOf(reading)).message).toBe('The execution was stopped (task cgt-4 goes on at Seedance)');
		expect(await errorOf(creating)).toBeInstanceOf(ExecutionCancelledError);
		expect(sent).toHaveLength(0);
	});
});
