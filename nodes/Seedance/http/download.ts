/**
 * A finished file (a video, a generated image), streamed from the provider's storage into n8n's
 * binary data, never held whole in memory. Sent WITHOUT the API key: the file lives on object
 * storage, which must never see the credential. Stop ends it; a cut or stalled stream is retried,
 * then named (the task id, the image). What arrives is checked before it is stored: a page, an
 * error object or an empty body is not a video (or image), and a redirect from the file's URL into
 * the local network is not followed.
 */
import type { IBinaryData } from 'n8n-workflow';

import { ExecutionCancelledError, SeedanceApiFailure } from '../shared/errors';
import { MAX_TIMER_MS, settled, type Settled } from '../shared/async';
import { underWay } from '../shared/clock';
import { INTERNAL_ADDRESS_NAMES, internalAddress } from './addresses';
import { errorCode } from './attempt';
import { snippet } from './secrets';
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

/** Stores the stream; `mimeType` is what the file's first bytes showed (the subject's check). */
type Store = (stream: NodeJS.ReadableStream, mimeType: string) => Promise<IBinaryData>;

export type VideoType = 'video/mp4' | 'video/quicktime';

/** A response body as n8n hands it over with `encoding: 'stream'` (a Node readable stream). */
type Body = NodeJS.ReadableStream & { destroy?(error?: Error): void; unshift(chunk: Buffer): void; read(): Buffer | string | null };

/** Redirects a download follows: storage may move a signed URL, but not round in circles. */
export const MAX_DOWNLOAD_REDIRECTS = 5;

/** Enough of the file to know its container, and to show the start of a page that came instead. */
const HEAD_BYTES = 256;

/** QuickTime top-level atoms a MOV file may start with (an MP4 starts with `ftyp`). */
const QUICKTIME_ATOMS = ['moov', 'mdat', 'wide', 'free', 'skip', 'pnot'];
/** `ftyp` brands of still images (HEIF, AVIF): the same box, not a video. */
const IMAGE_BRANDS = ['heic', 'heix', 'heim', 'heis', 'mif1', 'msf1', 'heif', 'avif', 'avis'];

/** The container of a video file by its first box (MP4 / MOV are ISO base media files), or undefined. */
export function videoContainer(head: Buffer): VideoType | undefined {
	if (head.length < 12) return undefined;
	const type = head.toString('latin1', 4, 8);
	if (type === 'ftyp') {
		const brand = head.toString('latin1', 8, 12);
		if (IMAGE_BRANDS.includes(brand)) return undefined;
		return brand === 'qt  ' ? 'video/quicktime' : 'video/mp4';
	}
	return QUICKTIME_ATOMS.includes(type) ? 'video/quicktime' : undefined;
}

/**
 * The first `bytes` bytes of a stream (fewer if it ends first), put back in front of it, so the
 * stream is handed on whole and still streamed: only what the stream had buffered is read.
 */
export async function peekStream(stream: Body, bytes: number): Promise<{ head: Buffer; ended: boolean }> {
	return await new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let length = 0;
		const finish = (ended: boolean, error?: unknown) => {
			stream.removeListener('readable', onReadable);
			stream.removeListener('end', onEnd);
			stream.removeListener('error', onError);
			const head = Buffer.concat(chunks);
			if (error !== undefined) return reject(error);
			if (!ended && head.length > 0) stream.unshift(head);
			resolve({ head, ended });
		};
		const onReadable = () => {
			while (length < bytes) {
				const chunk = stream.read();
				if (chunk === null) break;
				const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
				chunks.push(buffer);
				length += buffer.length;
			}
			if (length >= bytes) finish(false);
		};
		const onEnd = () => finish(true);
		const onError = (error: unknown) => finish(true, error);
		stream.on('readable', onReadable);
		stream.once('end', onEnd);
		stream.once('error', onError);
	});
}

const NOT_A_VIDEO =
	'Nothing was stored. The video URL answered with something else (an error or sign-in page, a proxy, an expired or forged link). Run "Get Task" with Download Video on again; if it keeps happening, open the task\'s videoUrl in a browser.';

/** A content type that says the body is not a video (a page, an error object, text, an image). */
function notVideoType(type: string): boolean {
	const base = type.split(';')[0].trim().toLowerCase();
	return /^(text|image|audio|multipart)\//.test(base) || /json|xml|html|javascript/.test(base);
}

/** The start of a body for an error: as text when it reads as text, else its first bytes in hex. */
export function shownHead(head: Buffer): string {
	const sample = head.subarray(0, HEAD_BYTES);
	const text = sample.toString('utf8');
	const printable = text.replace(/[^\x20-\x7e\t\r\n\u00a0-\uffff]/g, '').length >= text.length * 0.9 && !text.includes('\ufffd');
	if (printable) return `"${snippet(text)}"`;
	return `first bytes ${[...sample.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ')}`;
}

/** Why `head` is not the start of a video file, or undefined when it is one. */
function notAVideo(taskId: string, status: number, contentType: string | undefined, head: Buffer, ended: boolean): SeedanceApiFailure | undefined {
	const answered = `The video of task ${taskId} was not downloaded: its URL answered HTTP ${status}`;
	const type = contentType?.split(';')[0].trim() || 'no content type';
	let what: string | undefined;
	if (head.length === 0) what = `${answered} with an empty body (0 bytes)`;
	else if (!videoContainer(head)) {
		what = contentType && notVideoType(contentType)
			? `${answered} with ${type}, not a video (${shownHead(head)})`
			: `${answered} with ${type}, but the file does not start like an MP4 or MOV file (${shownHead(head)})`;
	} else if (ended && head.length < HEAD_BYTES) what = `${answered} with ${type}, but the file is only ${head.length} bytes long`;
	return what === undefined ? undefined : new SeedanceApiFailure(what, NOT_A_VIDEO, { httpCode: status, taskId });
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
	/**
	 * Whether the file's first bytes (at most HEAD_BYTES; `ended`: that is all there is) are what
	 * was asked for: its MIME type to store it as, or why not (nothing is stored then).
	 */
	check(status: number, contentType: string | undefined, head: Buffer, ended: boolean): { mimeType: string } | { refused: SeedanceApiFailure };
}

export const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const notDownloaded = (subject: DownloadSubject) => `${capitalised(subject.what)} was not downloaded`;

function videoSubject(taskId: string): DownloadSubject {
	return {
		what: `the video of task ${taskId}`,
		taskId,
		again: 'Run "Get Task" with Download Video on again; the task itself is done.',
		expired: 'Seedance keeps videos for 24 hours after the task finishes. Download it within a day (turn on "Download Video" when waiting), or generate it again.',
		check(status, contentType, head, ended) {
			const refused = notAVideo(taskId, status, contentType, head, ended);
			if (refused) return { refused };
			const declared = contentType?.split(';')[0].trim().toLowerCase();
			return { mimeType: declared === 'video/quicktime' || declared === 'video/mp4' ? declared : videoContainer(head)! };
		},
	};
}

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

function downloadFailure(subject: DownloadSubject, why: string): SeedanceApiFailure {
	return new SeedanceApiFailure(`Downloading ${subject.what} failed (${why})`, subject.again, { taskId: subject.taskId });
}

/** Why a redirect from `from` to `location` is not followed, or where to go. */
function nextHop(subject: DownloadSubject, first: string, from: string, location: unknown, hops: number): { url: string } | { error: SeedanceApiFailure } {
	const { taskId } = subject;
	const refused = (what: string, description: string) =>
		({ error: new SeedanceApiFailure(`${notDownloaded(subject)}: its URL ${what}`, description, { taskId }) });
	let to: URL;
	try {
		to = new URL(String(location), from);
	} catch {
		return refused(`redirected to "${String(location)}", which is not a URL`, NOT_A_VIDEO);
	}
	if (hops >= MAX_DOWNLOAD_REDIRECTS) {
		return refused(`redirected ${hops} times in a row (the last to ${to.href})`, 'The storage or a proxy in front of it sends the download round in circles. Open the task\'s videoUrl in a browser, or run "Get Task" with Download Video on again later.');
	}
	// The video URL itself may be anywhere (the API's storage, a relay on the local network); a hop
	// from it to another origin inside the network is what a forged video URL would use.
	const inside = new URL(first).origin === to.origin ? undefined : internalAddress(to.hostname);
	if (inside) {
		return refused(
			`redirected to ${to.href}, ${INTERNAL_ADDRESS_NAMES[inside]}`,
			"Nothing was fetched from there. A video URL may be sent on within its own host or to a public address, but not into a private network: that is how a forged video URL would make n8n read internal pages. Check the task's videoUrl; if your storage really lives at that address, download it with the HTTP Request node.",
		);
	}
	return { url: to.href };
}

type Response = { statusCode: number; body: Body; headers: Record<string, unknown> };

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
		let at = url;
		let sent: Settled<Response>;
		for (let hops = 0; ; hops++) {
			sent = await settled(
				underWay(connection.clock, context.helpers.httpRequest.call(context, {
					method: 'GET',
					url: at,
					encoding: 'stream',
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					// Each hop is judged here (nextHop): n8n's client would follow any.
					disableFollowRedirect: true,
					timeout: Math.min(Math.max(settings.requestTimeoutMs, 120_000), MAX_TIMER_MS),
					...(signal ? { abortSignal: signal } : {}),
				}) as Promise<Response>),
			);
			if (!sent.ok || sent.value.statusCode < 300 || sent.value.statusCode >= 400 || !sent.value.headers?.location) break;
			sent.value.body?.destroy?.();
			const next = nextHop(subject, url, at, sent.value.headers.location, hops);
			if ('error' in next) return { type: 'fail', error: next.error };
			at = next.url;
		}
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
		const contentType = typeof type === 'string' ? type : undefined;
		const stream = response.body;
		const timeoutMs = settings.downloadTimeoutMs ?? downloadTiming.timeoutMs;
		// The first bytes are read (and put back) before anything is stored: a page or an error
		// object must not become a file named .mp4 (or .png).
		const checkThenStore = async (): Promise<{ refused: SeedanceApiFailure } | { stored: IBinaryData }> => {
			const { head, ended } = await peekStream(stream, HEAD_BYTES);
			const checked = subject.check(status, contentType, head, ended);
			if ('refused' in checked) {
				stream.destroy?.();
				return checked;
			}
			return { stored: await store(stream, checked.mimeType) };
		};
		const outcome = await withinTime(connection, timeoutMs, underWay(connection.clock, checkThenStore()), () =>
			stream.destroy?.(new Error('download stopped')),
		);
		if (signal?.aborted) return { type: 'fail', error: new ExecutionCancelledError(taskId) };
		if (outcome === undefined) {
			return { type: 'retry', error: downloadFailure(subject, `no end after ${Math.round(timeoutMs / 1000)} s`) };
		}
		if (!outcome.ok) {
			const reason = errorCode(outcome.error) ?? ((outcome.error as Error)?.message || 'the stream broke off');
			return { type: 'retry', error: downloadFailure(subject, reason) };
		}
		if ('refused' in outcome.value) return { type: 'fail', error: outcome.value.refused };
		return { type: 'done', value: outcome.value.stored };
	});
}
