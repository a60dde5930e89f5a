/**
 * A finished file (a video, a generated image), streamed from the provider's storage into n8n's
 * binary data, never held whole in memory. Sent WITHOUT the API key: the file lives on object
 * storage, which must never see the credential. Stop ends it; a cut or stalled stream is retried,
 * then named (the task id, the image).
 */
import type { IBinaryData } from 'n8n-workflow';

import { ExecutionCancelledError, SeedanceApiFailure } from '../shared/errors';
import { settled, type Settled } from '../shared/async';
import { underWay } from '../shared/clock';
import { errorCode } from './attempt';
import type { SeedanceConnection } from './connection';
import type { AttemptResult } from './retry';
import { decide, wasSent } from './retryPolicy';

/** How long one download attempt may take in all: a stalled stream must not hold the run. */
export const downloadTiming = { timeoutMs: 10 * 60_000 };

export interface DownloadSettings {
	retries: number;
	requestTimeoutMs: number;
	downloadTimeoutMs?: number;
}

type Store = (stream: NodeJS.ReadableStream, contentType: string | undefined) => Promise<IBinaryData>;

/**
 * Races `work` against `timeoutMs` and the user's Stop, without timers of our own: an abortable
 * sleep on the connection's clock, ended as soon as the work settles. Answers undefined on timeout or Stop.
 */
export async function withinTime<T>(connection: SeedanceConnection, timeoutMs: number, work: Promise<T>, onGiveUp: () => void): Promise<Settled<T> | undefined> {
	const stop = new AbortController();
	const execution = connection.signal;
	const forward = () => stop.abort();
	execution?.addEventListener('abort', forward);
	if (execution?.aborted) forward(); // stopped while the work was being started
	const timer = connection.clock.sleep(timeoutMs, stop.signal).then(() => undefined);
	const done = settled(work).then((outcome) => {
		stop.abort();
		return outcome;
	});
	const first = await Promise.race([done, timer]);
	execution?.removeEventListener('abort', forward);
	if (first === undefined) onGiveUp(); // `done` settles the abandoned work quietly, whenever it ends
	return first;
}

/** What is downloaded, in the user's words, named in every error about it. */
export interface DownloadSubject {
	/** "the video of task cgt-…", "image 2 of input item 0". */
	what: string;
	/** Named when the user stops the execution, and in the errors' info. */
	taskId?: string;
	/** What the user can do after a failed download. */
	again: string;
	/** Why the URL no longer answers (403, 404, 410) and what to do. */
	expired: string;
}

function videoSubject(taskId: string): DownloadSubject {
	return {
		what: `the video of task ${taskId}`,
		taskId,
		again: 'Run "Get Task" with Download Video on again; the task itself is done.',
		expired: 'Seedance keeps videos for 24 hours after the task finishes. Download it within a day (turn on "Download Video" when waiting), or generate it again.',
	};
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function downloadFailure(subject: DownloadSubject, why: string): SeedanceApiFailure {
	return new SeedanceApiFailure(`Downloading ${subject.what} failed (${why})`, subject.again, { taskId: subject.taskId });
}

export async function downloadVideo(
	connection: SeedanceConnection,
	url: string,
	taskId: string,
	settings: DownloadSettings,
	store: Store,
): Promise<IBinaryData> {
	return await downloadFile(connection, url, videoSubject(taskId), settings, store);
}

export async function downloadFile(
	connection: SeedanceConnection,
	url: string,
	subject: DownloadSubject,
	settings: DownloadSettings,
	store: Store,
): Promise<IBinaryData> {
	const { context } = connection;
	const signal = connection.signal;
	const { taskId } = subject;
	return await connection.retrying({ retries: settings.retries, taskId }, async (): Promise<AttemptResult<IBinaryData>> => {
		const sent = await settled(
			underWay(connection.clock, context.helpers.httpRequest.call(context, {
				method: 'GET',
				url,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: Math.max(settings.requestTimeoutMs, 120_000),
				...(signal ? { abortSignal: signal } : {}),
			}) as Promise<{ statusCode: number; body: NodeJS.ReadableStream & { destroy?: (e?: Error) => void }; headers: Record<string, unknown> }>),
		);
		if (!sent.ok) {
			const code = errorCode(sent.error);
			if (code === 'ERR_CANCELED' || signal?.aborted) return { type: 'fail', error: new ExecutionCancelledError(taskId) };
			const failure = new SeedanceApiFailure(
				`Downloading ${subject.what} failed (${code ?? 'network error'})`,
				`The connection to the file storage failed. ${subject.again}`,
				{ code, taskId },
			);
			return decide('read', { type: 'network', sent: wasSent(code) }) === 'retry'
				? { type: 'retry', error: failure }
				: { type: 'fail', error: failure };
		}
		const response = sent.value;
		const status = response.statusCode;
		if (status < 200 || status >= 300) {
			response.body?.destroy?.();
			if (status === 403 || status === 404 || status === 410) {
				return {
					type: 'fail',
					error: new SeedanceApiFailure(
						`${capitalised(subject.what)} can no longer be downloaded (HTTP ${status}): its URL has expired`,
						subject.expired,
						{ httpCode: status, taskId },
					),
				};
			}
			const failure = new SeedanceApiFailure(`Downloading ${subject.what} failed (HTTP ${status})`, subject.again, { httpCode: status, taskId });
			return decide('read', { type: 'http', status }) === 'retry' ? { type: 'retry', error: failure } : { type: 'fail', error: failure };
		}
		const type = response.headers?.['content-type'];
		const stream = response.body;
		const timeoutMs = settings.downloadTimeoutMs ?? downloadTiming.timeoutMs;
		const stored = await withinTime(connection, timeoutMs, underWay(connection.clock, store(stream, typeof type === 'string' ? type : undefined)), () =>
			stream.destroy?.(new Error('download stopped')),
		);
		if (signal?.aborted) return { type: 'fail', error: new ExecutionCancelledError(taskId) };
		if (stored === undefined) {
			return { type: 'retry', error: downloadFailure(subject, `no end after ${Math.round(timeoutMs / 1000)} s`) };
		}
		if (!stored.ok) {
			const reason = errorCode(stored.error) ?? ((stored.error as Error)?.message || 'the stream broke off');
			return { type: 'retry', error: downloadFailure(subject, reason) };
		}
		return { type: 'done', value: stored.value };
	});
}
