/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/** The video download: what is asked of n8n, which failures are tried again, and what each says. */
import { PassThrough } from 'node:stream';
import type { IBinaryData, IHttpRequestOptions } from 'n8n-workflow';

import { SeedanceConnection } from '../../../nodes/Seedance/http/connection';
import { downloadTiming, downloadVideo, type DownloadSettings } from '../../../nodes/Seedance/http/download';
import type { HttpContext } from '../../../nodes/Seedance/http/attempt';
import { ExecutionCancelledError, SeedanceApiFailure } from '../../../nodes/Seedance/shared/errors';

const URL = 'https://storage.example.com/videos/cgt-1.mp4?signature=abc';
const SETTINGS: DownloadSettings = { retries: 2, requestTimeoutMs: 30_000 };

type Answer = { statusCode: number; headers?: Record<string, unknown> } | { error: unknown };

/** A stream that records whether it was destroyed, and with what. */
function body() {
	const stream = new PassThrough();
	const destroyed: Array<Error | undefined> = [];
	const destroy = stream.destroy.bind(stream);
	stream.destroy = (error?: Error) => {
		destroyed.push(error);
		return destroy();
	};
	return { stream, destroyed };
}

/**
 * A connection whose downloads answer `answers` in turn (the last one again and again). Time is
 * virtual: every wait (a backoff, the download timeout) ends on the next turn of the event loop
 * unless it is aborted first (a store that answers at once always is), and is recorded.
 */
function connectionAnswering(answers: Answer[], signal?: AbortSignal) {
	const requests: IHttpRequestOptions[] = [];
	const bodies: Array<ReturnType<typeof body>> = [];
	const waits: number[] = [];
	const context: HttpContext = {
		getCredentials: async () => ({ apiKey: 'sk-unused', provider: 'custom', baseUrl: 'https://api.example.com' }),
		helpers: {
			async httpRequestWithAuthentication() {
				throw new Error('the video storage never sees the credential');
			},
			async httpRequest(options: IHttpRequestOptions) {
				requests.push(options);
				const answer = answers[Math.min(requests.length - 1, answers.length - 1)];
				if ('error' in answer) throw answer.error;
				const made = body();
				bodies.push(made);
				return { statusCode: answer.statusCode, headers: answer.headers ?? {}, body: made.stream };
			},
		},
		getExecutionCancelSignal: () => signal,
	};
	const clock = {
		now: () => 0,
		sleep: async (ms: number, abort?: AbortSignal) =>
			await new Promise<boolean>((resolve) => {
				waits.push(ms);
				if (abort?.aborted) return resolve(false);
				abort?.addEventListener('abort', () => resolve(false));
				setImmediate(() => resolve(true));
			}),
	};
	return { connection: new SeedanceConnection(context, clock), requests, bodies, waits };
}

const binary = (contentType: string | undefined): IBinaryData => ({ data: 'stored', mimeType: contentType ?? 'none' });

/** Stores what it is given at once (n8n's binary store, which reads the stream, is not what is tested here). */
function storing() {
	const given: Array<[NodeJS.ReadableStream, string | undefined]> = [];
	const store = async (stream: NodeJS.ReadableStream, contentType: string | undefined) => {
		given.push([stream, contentType]);
		return binary(contentType);
	};
	return { given, store };
}
const storeWhole = storing().store;

const codeError = (code: string) => Object.assign(new Error(`socket: ${code}`), { code });

async function failureOf(work: Promise<unknown>): Promise<{ name: string; message: string; description?: string; info?: unknown }> {
	const error = (await work.then(
		() => undefined,
		(e: unknown) => e,
	)) as SeedanceApiFailure | undefined;
	expect(error).toBeInstanceOf(Error);
	return { name: error!.constructor.name, message: error!.message, description: error!.description, info: error!.info };
}

describe('downloading a video', () => {
	it('asks n8n for a stream without the credential, at least two minutes per request, with the run\'s Stop', async () => {
		const stop = new AbortController();
		const { connection, requests, bodies } = connectionAnswering([{ statusCode: 200, headers: { 'content-type': 'video/mp4' } }], stop.signal);
		const { given, store } = storing();
		expect(await downloadVideo(connection, URL, 'cgt-1', SETTINGS, store)).toEqual({ data: 'stored', mimeType: 'video/mp4' });
		expect(given).toEqual([[bodies[0].stream, 'video/mp4']]);
		expect(requests).toEqual([
			{ method: 'GET', url: URL, encoding: 'stream', returnFullResponse: true, ignoreHttpStatusErrors: true, timeout: 120_000, abortSignal: stop.signal },
		]);
	});

	it('keeps a longer Request Timeout; without a Stop signal, sends none; a content type that is not text is not passed on', async () => {
		const { connection, requests } = connectionAnswering([{ statusCode: 299, headers: { 'content-type': ['video/mp4'] } }]);
		expect(await downloadVideo(connection, URL, 'cgt-1', { retries: 0, requestTimeoutMs: 300_000 }, storeWhole)).toEqual({ data: 'stored', mimeType: 'none' });
		expect(requests[0]).toEqual({ method: 'GET', url: URL, encoding: 'stream', returnFullResponse: true, ignoreHttpStatusErrors: true, timeout: 300_000 });
	});

	it.each([403, 404, 410])('an expired URL (HTTP %p) fails at once and says why', async (status) => {
		const { connection, requests, bodies } = connectionAnswering([{ statusCode: status }]);
		expect(await failureOf(downloadVideo(connection, URL, 'cgt-1', SETTINGS, storeWhole))).toEqual({
			name: 'SeedanceApiFailure',
			message: `The video of task cgt-1 can no longer be downloaded (HTTP ${status}): its URL has expired`,
			description:
				'Seedance keeps videos for 24 hours after the task finishes. Download it within a day (turn on "Download Video" when waiting), or generate it again.',
			info: { httpCode: status, taskId: 'cgt-1' },
		});
		expect(requests).toHaveLength(1);
		expect(bodies[0].destroyed).toEqual([undefined]);
	});

	it('a server error is tried again, then named with the tries; another refusal is not tried again', async () => {
		const failing = connectionAnswering([{ statusCode: 503 }]);
		expect(await failureOf(downloadVideo(failing.connection, URL, 'cgt-1', SETTINGS, storeWhole))).toEqual({
			name: 'SeedanceApiFailure',
			message: 'Downloading the video of task cgt-1 failed (HTTP 503)',
			description: 'Run "Get Task" with Download Video on again later; the task itself is done.\n\n(Tried 3 times.)',
			info: { httpCode: 503, taskId: 'cgt-1' },
		});
		expect(failing.requests).toHaveLength(3);
		expect(failing.bodies.map((b) => b.destroyed)).toEqual([[undefined], [undefined], [undefined]]);

		for (const status of [199, 300, 400]) {
			const refused = connectionAnswering([{ statusCode: status }]);
			expect(await failureOf(downloadVideo(refused.connection, URL, 'cgt-1', SETTINGS, storeWhole))).toMatchObject({
				message: `Downloading the video of task cgt-1 failed (HTTP ${status})`,
				description: 'Run "Get Task" with Download Video on again later; the task itself is done.',
			});
			expect(refused.requests).toHaveLength(1);
		}
	});

	it('a server error, then the file: the retry delivers', async () => {
		const { connection, requests, bodies } = connectionAnswering([{ statusCode: 500 }, { statusCode: 200 }]);
		const { given, store } = storing();
		expect(await downloadVideo(connection, URL, 'cgt-1', SETTINGS, store)).toEqual({ data: 'stored', mimeType: 'none' });
		expect(requests).toHaveLength(2);
		expect(given).toEqual([[bodies[1].stream, undefined]]);
	});

	it('no answer: tried again, then named with the network error', async () => {
		for (const [error, what] of [
			[codeError('ECONNRESET'), 'ECONNRESET'],
			[codeError('ENOTFOUND'), 'ENOTFOUND'],
			[new Error('no code'), 'network error'],
		] as const) {
			const { connection, requests } = connectionAnswering([{ error }]);
			expect(await failureOf(downloadVideo(connection, URL, 'cgt-1', SETTINGS, storeWhole))).toEqual({
				name: 'SeedanceApiFailure',
				message: `Downloading the video of task cgt-1 failed (${what})`,
				description:
					'The connection to the video storage failed. Run "Get Task" with Download Video on again; the task itself is done.\n\n(Tried 3 times.)',
				info: { code: what === 'network error' ? undefined : what, taskId: 'cgt-1' },
			});
			expect(requests).toHaveLength(3);
		}
	});

	it('Stop ends it, whether the request or the stream was under way', async () => {
		const cancelled = connectionAnswering([{ error: codeError('ERR_CANCELED') }]);
		expect(await failureOf(downloadVideo(cancelled.connection, URL, 'cgt-1', SETTINGS, storeWhole))).toMatchObject({
			name: 'ExecutionCancelledError',
			message: 'The execution was stopped (task cgt-1 goes on at Seedance)',
		});
		expect(cancelled.requests).toHaveLength(1);

		const stop = new AbortController();
		const aborted = connectionAnswering([{ error: codeError('ECONNRESET') }], stop.signal);
		stop.abort();
		await expect(downloadVideo(aborted.connection, URL, 'cgt-1', SETTINGS, storeWhole)).rejects.toBeInstanceOf(ExecutionCancelledError);
		expect(aborted.requests).toHaveLength(1);

		const midStream = new AbortController();
		const streaming = connectionAnswering([{ statusCode: 200 }], midStream.signal);
		const stored = downloadVideo(streaming.connection, URL, 'cgt-1', SETTINGS, async () => {
			midStream.abort();
			return binary('video/mp4');
		});
		await expect(stored).rejects.toThrow('The execution was stopped (task cgt-1 goes on at Seedance)');
		expect(streaming.requests).toHaveLength(1);
	});

	it('a stream that stalls is ended at the download timeout and tried again, naming the timeout', async () => {
		const { connection, requests, bodies, waits } = connectionAnswering([{ statusCode: 200 }]);
		const never = async () => await new Promise<IBinaryData>(() => undefined);
		expect(await failureOf(downloadVideo(connection, URL, 'cgt-1', { ...SETTINGS, downloadTimeoutMs: 1_500 }, never))).toEqual({
			name: 'SeedanceApiFailure',
			message: 'Downloading the video of task cgt-1 failed (no end after 2 s)',
			description: 'Run "Get Task" with Download Video on again; the task itself is done.\n\n(Tried 3 times.)',
			info: { taskId: 'cgt-1' },
		});
		expect(requests).toHaveLength(3);
		expect(bodies.map((b) => b.destroyed.map((e) => e?.message))).toEqual([['download stopped'], ['download stopped'], ['download stopped']]);
		expect(waits.filter((ms) => ms === 1_500)).toHaveLength(3);

		const byDefault = connectionAnswering([{ statusCode: 200 }]);
		await expect(downloadVideo(byDefault.connection, URL, 'cgt-1', { retries: 0, requestTimeoutMs: 1 }, never)).rejects.toThrow(
			`failed (no end after ${downloadTiming.timeoutMs / 1000} s)`,
		);
		expect(byDefault.waits).toEqual([downloadTiming.timeoutMs]);
	});

	it('a stream that breaks off is tried again, named by its code, its message, or neither', async () => {
		for (const [error, what] of [
			[codeError('ECONNRESET'), 'ECONNRESET'],
			[new Error('aborted'), 'aborted'],
			[new Error(''), 'the stream broke off'],
			[undefined, 'the stream broke off'],
		] as const) {
			const { connection, requests } = connectionAnswering([{ statusCode: 200 }]);
			const broken = async () => await Promise.reject(error);
			expect(await failureOf(downloadVideo(connection, URL, 'cgt-1', { ...SETTINGS, retries: 1 }, broken))).toEqual({
				name: 'SeedanceApiFailure',
				message: `Downloading the video of task cgt-1 failed (${what})`,
				description: 'Run "Get Task" with Download Video on again; the task itself is done.\n\n(Tried 2 times.)',
				info: { taskId: 'cgt-1' },
			});
			expect(requests).toHaveLength(2);
		}
	});

	it('a download that ends in time leaves no wait behind and no listener on the run\'s Stop', async () => {
		const stop = new AbortController();
		let listeners = 0;
		const add = stop.signal.addEventListener.bind(stop.signal);
		const remove = stop.signal.removeEventListener.bind(stop.signal);
		stop.signal.addEventListener = ((...args: Parameters<typeof add>) => (listeners++, add(...args))) as typeof add;
		stop.signal.removeEventListener = ((...args: Parameters<typeof remove>) => (listeners--, remove(...args))) as typeof remove;
		const { connection } = connectionAnswering([{ statusCode: 200 }], stop.signal);
		expect(await downloadVideo(connection, URL, 'cgt-1', SETTINGS, async () => binary('video/mp4'))).toEqual(binary('video/mp4'));
		expect(listeners).toBe(0);
	});
});
