/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/** One HTTP attempt: the request n8n is handed, and how each answer (or its absence) is read. */
import type { IHttpRequestOptions } from 'n8n-workflow';

import { attempt, cancelSignal, errorCode, type ApiCall, type HttpAttempt, type HttpContext, type Target } from '../../../nodes/Seedance/http/attempt';
import { jsonPayload, type StreamedJson } from '../../../nodes/Seedance/http/requestBody';
import { InlineFile } from '../../../nodes/Seedance/request/inlineFile';
import { SeedanceApiFailure } from '../../../nodes/Seedance/shared/errors';

const KEY = 'sk-test-9d8c7b6a';
const NOW = Date.parse('2030-01-01T00:00:00Z');
const target: Target = {
	baseUrl: 'https://ark.example.com/api/v3',
	consoleName: 'the Example console',
	apiKey: KEY,
	credentials: { apiKey: KEY, provider: 'custom', baseUrl: 'https://ark.example.com/api/v3' },
};
const settings = { retries: 5, requestTimeoutMs: 42_000 };
const get: ApiCall = { method: 'GET', path: '/contents/generations/tasks/cgt-1', kind: 'read', settings, taskId: 'cgt-1' };
const create: ApiCall = { method: 'POST', path: '/contents/generations/tasks', kind: 'create', settings, body: { model: 'm' } };

type Answer = { statusCode: number; body?: unknown; headers?: Record<string, unknown> } | { error: unknown };

/** A context whose request helper answers `answer`, recording what it was handed. */
function contextAnswering(answer: Answer, signal?: AbortSignal) {
	const sent: Array<{ self: unknown; type: string; options: IHttpRequestOptions; extra: unknown }> = [];
	const context: HttpContext = {
		getCredentials: async () => target.credentials,
		helpers: {
			async httpRequestWithAuthentication(this: unknown, type: string, options: IHttpRequestOptions, extra?: unknown) {
				sent.push({ self: this, type, options, extra });
				if ('error' in answer) throw answer.error;
				return { headers: {}, ...answer };
			},
			async httpRequest() {
				throw new Error('the API is only called with the credential');
			},
		},
		getExecutionCancelSignal: () => signal,
	};
	return { context, sent };
}

/** A clock that stands still and records the requests it was told of. */
function stillClock() {
	const tracked: Array<Promise<unknown>> = [];
	return {
		tracked,
		clock: {
			now: () => NOW,
			sleep: async () => true,
			track: async <T>(work: Promise<T>) => {
				tracked.push(work);
				return await work;
			},
		},
	};
}

async function answerTo(answer: Answer, call: ApiCall = get, signal?: AbortSignal): Promise<HttpAttempt> {
	const { context } = contextAnswering(answer, signal);
	return await attempt(context, call, target, call.body ? jsonPayload(call.body) : undefined, stillClock().clock);
}

/** The attempt with its failure as plain fields, to compare whole. */
function plain(result: HttpAttempt) {
	const { failure, ...rest } = result;
	if (!failure) return rest;
	expect(failure).toBeInstanceOf(SeedanceApiFailure);
	return { ...rest, failure: { message: failure.message, description: failure.description, info: failure.info } };
}

const networkError = (code?: string, where: 'code' | 'cause' = 'code') =>
	Object.assign(new Error(`socket said ${code}`), where === 'code' ? { code } : { cause: { code } });

describe('the request handed to n8n', () => {
	it('a read: the URL on the base, JSON, the full response whatever its status, the timeout, repeated list parameters, the run\'s credential', async () => {
		const { context, sent } = contextAnswering({ statusCode: 200, body: { id: 'cgt-1', status: 'queued' } });
		const { clock, tracked } = stillClock();
		const qs = { page_size: 100, 'filter.task_ids': ['a', 'b'] };
		await attempt(context, { ...get, qs }, target, undefined, clock);
		expect(sent).toHaveLength(1);
		expect(sent[0].self).toBe(context);
		expect(sent[0].type).toBe('seedanceApi');
		expect(sent[0].options).toEqual({
			method: 'GET',
			url: 'https://ark.example.com/api/v3/contents/generations/tasks/cgt-1',
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 42_000,
			arrayFormat: 'repeat',
			disableFollowRedirect: true,
			qs,
		});
		expect(sent[0].extra).toEqual({ credentialsDecrypted: { id: '', name: 'seedanceApi', type: 'seedanceApi', data: target.credentials } });
		// The clock is told the request is under way (a test clock stands still meanwhile).
		expect(tracked).toHaveLength(1);
	});

	it('a body: its JSON bytes as application/json, no redirect followed by n8n (the node judges them)', async () => {
		const { context, sent } = contextAnswering({ statusCode: 200, body: { id: 'cgt-1' } });
		await attempt(context, create, target, jsonPayload(create.body), stillClock().clock);
		const { body, ...options } = sent[0].options;
		expect(options).toEqual({
			method: 'POST',
			url: 'https://ark.example.com/api/v3/contents/generations/tasks',
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 42_000,
			arrayFormat: 'repeat',
			disableFollowRedirect: true,
			headers: { 'Content-Type': 'application/json' },
		});
		expect(Buffer.isBuffer(body) && body.toString()).toBe('{"model":"m"}');
	});

	it('a body with inline files: streamed with its exact length, no redirect followed, the stream ended once answered', async () => {
		const { context, sent } = contextAnswering({ statusCode: 200, body: { id: 'cgt-1' } });
		const file = new InlineFile('image/png', 3, async () => (async function* () {})());
		const payload = jsonPayload({ model: 'm', url: file }) as StreamedJson;
		await attempt(context, create, target, payload, stillClock().clock);
		const { body, ...options } = sent[0].options;
		expect(options).toMatchObject({
			headers: { 'Content-Type': 'application/json', 'Content-Length': String(payload.bytes) },
			disableFollowRedirect: true,
		});
		const stream = body as unknown as { bytes: number; on(event: string, listener: () => void): unknown };
		expect(stream.bytes).toBe(payload.bytes);
		// Destroyed once the request settled: it says so, and a late listener hears nothing more.
		let closed = false;
		stream.on('close', () => (closed = true));
		expect((body as unknown as { destroy(): unknown }).destroy()).toBe(body);
		expect(closed).toBe(false);
	});

	it('a body whose file could not be read: cut short, so nothing was created and it is not sent again as is', async () => {
		const broken = new Error('binary data gone');
		const file = new InlineFile('image/png', 3, async () => {
			throw broken;
		});
		const payload = jsonPayload({ model: 'm', url: file }) as StreamedJson;
		const context: HttpContext = {
			...contextAnswering({ statusCode: 200 }).context,
			helpers: {
				// As axios does: pipe the body, and fail the request when the body fails.
				async httpRequestWithAuthentication(this: unknown, _type: string, options: IHttpRequestOptions) {
					const stream = options.body as unknown as { pipe(d: unknown): unknown; once(e: string, l: (error: Error) => void): unknown };
					return await new Promise((_resolve, reject) => {
						stream.once('error', reject);
						stream.pipe({ write: () => true, end: () => undefined, once: () => undefined, removeListener: () => undefined });
					});
				},
				httpRequest: async () => undefined,
			},
		};
		const result = await attempt(context, create, target, payload, stillClock().clock);
		expect(result).toEqual({ outcome: { type: 'network', sent: false }, unwritten: broken });
	});
});

describe('how an answer is read', () => {
	const task = { id: 'cgt-1', status: 'failed', error: { code: 'OutputVideoSensitiveContentDetected', message: 'blocked' } };

	it.each<[string, Answer, ReturnType<typeof plain>]>([
		['a task (its own error field is the failed task\'s reason)', { statusCode: 200, body: task }, { body: task, outcome: { type: 'ok' } }],
		['any 2xx', { statusCode: 299, body: { id: 'cgt-1', status: 'queued' } }, { body: { id: 'cgt-1', status: 'queued' }, outcome: { type: 'ok' } }],
		['an empty answer (a delete)', { statusCode: 200, body: '' }, { body: {}, outcome: { type: 'ok' } }],
		['no body at all', { statusCode: 204 }, { body: {}, outcome: { type: 'ok' } }],
		[
			'a 2xx with an error and no task around it: the API refused the request',
			{ statusCode: 200, body: { id: 'cgt-1', error: { code: 'InvalidParameter', message: 'ratio is invalid', param: 'ratio' } } },
			{
				outcome: { type: 'http', status: 400, code: 'InvalidParameter' },
				failure: {
					message: 'Seedance rejected the request (parameter "ratio") (task cgt-1)',
					description: 'Check that field in the node, or remove the option, then run again.\n\nSeedance said: InvalidParameter: ratio is invalid',
					info: { code: 'InvalidParameter', message: 'ratio is invalid', param: 'ratio', taskId: 'cgt-1' },
				},
			},
		],
		[
			'a 2xx that is an HTML page: a proxy, with the key it echoed starred out',
			{ statusCode: 200, body: `<html>\n  <p>Login for Bearer ${KEY}</p>\t<p>key=${KEY}</p></html>` },
			{
				outcome: { type: 'bad-answer' },
				failure: {
					message: 'Seedance answered for task cgt-1 with something that is not JSON (HTTP 200)',
					description:
						'A proxy or gateway may be in the way, or the Base URL points at the wrong place. The answer began: "<html> <p>Login for Bearer ***</p> <p>key=***</p></html>"',
					info: { httpCode: 200, taskId: 'cgt-1' },
				},
			},
		],
		[
			'a 2xx of raw bytes',
			{ statusCode: 201, body: Buffer.from('not json') },
			{
				outcome: { type: 'bad-answer' },
				failure: {
					message: 'Seedance answered for task cgt-1 with something that is not JSON (HTTP 201)',
					description: 'A proxy or gateway may be in the way, or the Base URL points at the wrong place. The answer began: "not json"',
					info: { httpCode: 201, taskId: 'cgt-1' },
				},
			},
		],
		[
			'a redirect, named with where it points',
			{ statusCode: 300, body: '', headers: { location: 'https://relay.example/v3' } },
			{
				outcome: { type: 'http', status: 300 },
				failure: {
					message: 'Seedance answered for task cgt-1 with a redirect (HTTP 300) to https://relay.example/v3',
					description:
						'Requests to the Seedance API are not sent on to another address: the API key would go with them. If that address is right (a relay that moved), set it as the Base URL in the Seedance API credential.',
					info: { httpCode: 300, taskId: 'cgt-1' },
				},
			},
		],
		[
			'a redirect without a location',
			{ statusCode: 399, body: '' },
			{
				outcome: { type: 'http', status: 399 },
				failure: {
					message: 'Seedance answered for task cgt-1 with a redirect (HTTP 399) that names no address',
					description: 'A relay or the Base URL answers with a redirect to nowhere. Check the Base URL in the Seedance API credential.',
					info: { httpCode: 399, taskId: 'cgt-1' },
				},
			},
		],
		[
			'an API error, with the wait it asks for',
			{ statusCode: 429, body: { error: { code: 'ModelAccountRpmRateLimitExceeded', message: 'slow down' } }, headers: { 'retry-after': '7' } },
			{
				outcome: { type: 'http', status: 429, code: 'ModelAccountRpmRateLimitExceeded' },
				retryAfterMs: 7000,
				failure: {
					message: 'Seedance is rate limiting these requests (429) (task cgt-1)',
					description:
						'The node retried and the limit still held. Send fewer items at once (Loop Over Items with a Wait), or raise Options → Rate Limit Wait.\n\nSeedance said: ModelAccountRpmRateLimitExceeded: slow down',
					info: { code: 'ModelAccountRpmRateLimitExceeded', message: 'slow down', param: undefined, httpCode: 429, taskId: 'cgt-1' },
				},
			},
		],
		[
			'an error status with a JSON body that is not the API\'s error',
			{ statusCode: 400, body: { detail: 'bad' } },
			{
				outcome: { type: 'http', status: 400, code: undefined },
				retryAfterMs: undefined,
				failure: {
					message: 'Seedance answered with an error (400) (task cgt-1)',
					description: 'Check the parameters in the node.',
					info: { httpCode: 400, taskId: 'cgt-1' },
				},
			},
		],
		[
			'an error page from a gateway, with its Retry-After as a date',
			{ statusCode: 502, body: '<h1>502 Bad Gateway</h1>', headers: { 'retry-after': new Date(NOW + 5000).toUTCString() } },
			{
				outcome: { type: 'http', status: 502 },
				retryAfterMs: 5000,
				failure: {
					message: "Seedance answered for task cgt-1 with HTTP 502 and a page that is not the API's JSON",
					description: 'Usually a proxy or gateway error, or a Base URL that is not the Seedance API. The answer began: "<h1>502 Bad Gateway</h1>"',
					info: { httpCode: 502, taskId: 'cgt-1' },
				},
			},
		],
	])('%s', async (_name, answer, expected) => {
		expect(plain(await answerTo(answer))).toEqual(expected);
	});

	it('names no task when the call is about none', async () => {
		const result = await answerTo({ statusCode: 503, body: 'busy' }, create);
		expect(result.failure?.message).toBe("Seedance answered with HTTP 503 and a page that is not the API's JSON");
		expect(result.failure?.info).toEqual({ httpCode: 503, taskId: undefined });
		const redirect = await answerTo({ statusCode: 307, headers: { location: 'https://x.example' } }, create);
		expect(redirect.failure?.message).toBe('Seedance answered with a redirect (HTTP 307) to https://x.example/; nothing was created');
	});
});

describe('no answer', () => {
	const notSent = 'Check the Provider / Base URL in the Seedance API credential, and any proxy between n8n and the API.';
	const maybeSent = 'The connection failed or timed out. The node retried where it was safe; run again later.';

	it.each<[string, boolean, unknown, string, string]>([
		['a refused connection', false, networkError('ECONNREFUSED'), 'ECONNREFUSED', notSent],
		['an unknown host (the code on the cause, as Node puts it)', false, networkError('ENOTFOUND', 'cause'), 'ENOTFOUND', notSent],
		['no network', false, networkError('ENETUNREACH'), 'ENETUNREACH', maybeSent],
		['a reset after the body went out', true, networkError('ECONNRESET'), 'ECONNRESET', maybeSent],
		['a timeout', true, networkError('ECONNABORTED'), 'ECONNABORTED', maybeSent],
	])('%s: sent %p', async (_name, sent, error, code, description) => {
		expect(plain(await answerTo({ error }))).toEqual({
			outcome: { type: 'network', sent },
			failure: { message: `Could not reach Seedance at ark.example.com for task cgt-1 (${code})`, description, info: { code, taskId: 'cgt-1' } },
		});
	});

	it('an error without a code: may have been sent; the host is named with its port, whatever the scheme', async () => {
		const { context } = contextAnswering({ error: new Error('boom') });
		const local = { ...target, baseUrl: 'http://127.0.0.1:8080/api/v3' };
		const result = await attempt(context, create, local, jsonPayload(create.body), stillClock().clock);
		expect(plain(result)).toEqual({
			outcome: { type: 'network', sent: true },
			failure: { message: 'Could not reach Seedance at 127.0.0.1:8080 (network error)', description: maybeSent, info: { code: undefined, taskId: undefined } },
		});
	});

	it('the user\'s Stop: cancelled, whatever error the client made of it', async () => {
		expect(await answerTo({ error: networkError('ERR_CANCELED') })).toEqual({ outcome: { type: 'network', sent: true }, cancelled: true });
		const stopped = new AbortController();
		stopped.abort();
		expect(await answerTo({ error: networkError('ECONNRESET') }, get, stopped.signal)).toEqual({ outcome: { type: 'network', sent: true }, cancelled: true });
		const running = new AbortController();
		expect((await answerTo({ error: networkError('ECONNRESET') }, get, running.signal)).cancelled).toBeUndefined();
	});
});

describe('errorCode and cancelSignal', () => {
	it('reads the code where axios or Node put it, the cause first, strings only', () => {
		expect(errorCode({ code: 'ECONNRESET' })).toBe('ECONNRESET');
		expect(errorCode({ code: 'ECONNABORTED', cause: { code: 'ETIMEDOUT' } })).toBe('ETIMEDOUT');
		expect(errorCode({ code: 'ECONNRESET', cause: {} })).toBe('ECONNRESET');
		expect(errorCode({ code: 42 })).toBeUndefined();
		expect(errorCode(undefined)).toBeUndefined();
		expect(errorCode('ECONNRESET')).toBeUndefined();
	});

	it('asks the context for the execution\'s signal, when it has the method', () => {
		const signal = new AbortController().signal;
		const context = {
			mine: signal,
			getExecutionCancelSignal(this: { mine: AbortSignal }) {
				return this.mine;
			},
		};
		expect(cancelSignal(context)).toBe(signal);
		expect(cancelSignal({})).toBeUndefined();
	});
});
