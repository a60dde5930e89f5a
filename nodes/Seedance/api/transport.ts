/**
 * The one place that talks HTTP, and its retry policy (see retryPolicy.ts for which failures are retried).
 */
import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';

import { describeApiError, extractApiError, SeedanceApiFailure, type ApiErrorInfo } from '../shared/errors';
import { providerConsole, resolveBaseUrl } from './providers';
import {
	backoffMs,
	decide,
	DEFAULT_BACKOFF,
	DEFAULT_RATE_LIMIT_WAIT_S,
	parseRetryAfter,
	rateLimitDelayMs,
	wasSent,
	type Outcome,
	type RequestKind,
} from './retryPolicy';
import { pause, settled, type Settled } from '../shared/async';
import { rateGateOf, type CreateTicket } from '../batch/rateGate';
import { jsonPayload, type StreamedJson } from '../request/inlineFile';

export const CREDENTIAL_TYPE = 'seedanceApi';
export const DEFAULT_RETRIES = 5;

export interface ApiCall {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	kind: RequestKind;
	retries: number;
	/** How long 429s are retried, in ms (default: DEFAULT_RATE_LIMIT_WAIT_S). */
	rateLimitSpanMs?: number;
	/** Per attempt. */
	timeoutMs?: number;
	/** Named in every error about this call. */
	taskId?: string;
}

/** Thrown when a create (or delete) may have reached the API: the caller must look before acting again. */
export class UncertainOutcomeError extends SeedanceApiFailure {
	readonly uncertain = true;
	constructor(
		message: string,
		description: string,
		info: SeedanceApiFailure['info'],
		/**
		 * True only when the API itself answered with its own error (a 500/503 JSON error body):
		 * then, once repeated looks find no task, sending again is safe. A gateway's 502/504, an
		 * HTML page, a timeout or a reset after the body was sent leave the create open: never resent.
		 */
		readonly apiAnswered = false,
	) {
		super(message, description, info);
	}
}

/** Thrown when the user stopped the execution during a request or a wait. */
export class ExecutionCancelledError extends Error {
	constructor(readonly taskId?: string) {
		super(`The execution was stopped${taskId ? ` (task ${taskId} goes on at Seedance)` : ''}`);
		this.name = 'ExecutionCancelledError';
	}
}

type Context = IExecuteFunctions | ILoadOptionsFunctions;

export function cancelSignal(context: Context): AbortSignal | undefined {
	const getSignal = (context as Partial<IExecuteFunctions>).getExecutionCancelSignal;
	return typeof getSignal === 'function' ? getSignal.call(context) : undefined;
}

function errorCode(error: unknown): string | undefined {
	const e = error as { code?: unknown; cause?: { code?: unknown } };
	const code = e?.cause?.code ?? e?.code;
	return typeof code === 'string' ? code : undefined;
}

function isTaskLike(body: unknown): boolean {
	return typeof body === 'object' && body !== null && 'id' in body && 'status' in body;
}

function isHtmlOrText(body: unknown): boolean {
	return typeof body === 'string' || Buffer.isBuffer(body);
}

/** The key and any bearer token, starred out of a text an error will carry. */
export function scrubSecret(text: string, secret?: string): string {
	const withoutKey = secret ? text.split(secret).join('***') : text;
	return withoutKey.replace(/(bearer\s+)[^\s"'<,;}\\]+/gi, '$1***');
}

/** The same for every text of a failure: message, description and the API's own fields. */
export function scrubFailure<T extends SeedanceApiFailure>(failure: T, secret?: string): T {
	const clean = (value: unknown) => (typeof value === 'string' ? scrubSecret(value, secret) : value);
	const info = Object.fromEntries(Object.entries(failure.info).map(([k, v]) => [k, clean(v)])) as T['info'];
	const scrubbed = Object.create(Object.getPrototypeOf(failure) as object) as T;
	Object.assign(scrubbed, failure, { info, description: clean(failure.description) });
	scrubbed.message = scrubSecret(failure.message, secret);
	scrubbed.stack = scrubSecret(failure.stack ?? '', secret);
	return scrubbed;
}

/** The start of an unexpected answer, for the error. A proxy that echoes the request must not leak the key. */
export function snippet(body: unknown, secret?: string): string {
	const text = scrubSecret(String(body).replace(/\s+/g, ' ').trim(), secret);
	return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

interface HttpAttempt {
	body?: unknown;
	cancelled?: boolean;
	outcome: Outcome;
	failure?: SeedanceApiFailure;
	retryAfterMs?: number;
	/** The body could not be written (an inline file changed or could not be read): cut short, so nothing was created. */
	unwritten?: Error;
}

interface Target {
	baseUrl: string;
	consoleName: string;
	/** Only ever used to scrub it out of error text. */
	apiKey?: string;
	/** Handed to n8n with every request, so it does not decrypt the credential once per request. */
	credentials: ICredentialDataDecryptedObject;
}

async function attempt(context: Context, call: ApiCall, target: Target, payload: Buffer | StreamedJson | undefined): Promise<HttpAttempt> {
	const { baseUrl, consoleName } = target;
	const request: IHttpRequestOptions = {
		method: call.method,
		url: `${baseUrl}${call.path}`,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: call.timeoutMs ?? 60_000,
		arrayFormat: 'repeat',
	};
	const stream = payload && !Buffer.isBuffer(payload) ? payload.open() : undefined;
	if (stream) {
		// Streamed: a redirect would make n8n's HTTP client keep every chunk to send it again.
		request.body = stream as unknown as IDataObject;
		request.headers = { 'Content-Type': 'application/json', 'Content-Length': String(stream.bytes) };
		request.disableFollowRedirect = true;
	} else if (payload) {
		request.body = payload;
		request.headers = { 'Content-Type': 'application/json' };
	}
	if (call.qs) request.qs = call.qs;
	const where = call.taskId ? ` for task ${call.taskId}` : '';
	const info = (extra: ApiErrorInfo) => ({ ...extra, taskId: call.taskId });

	const sent = await settled<{ statusCode: number; body: unknown; headers: Record<string, unknown> }>(
		context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, request, {
			credentialsDecrypted: { id: '', name: CREDENTIAL_TYPE, type: CREDENTIAL_TYPE, data: target.credentials },
		}),
	);
	stream?.destroy();
	if (stream?.failure) return { outcome: { type: 'network', sent: false }, unwritten: stream.failure };
	if (!sent.ok) {
		const code = errorCode(sent.error);
		if (code === 'ERR_CANCELED' || cancelSignal(context)?.aborted) {
			return { outcome: { type: 'network', sent: true }, cancelled: true };
		}
		const host = baseUrl.replace(/^https?:\/\//, '').split('/')[0];
		return {
			outcome: { type: 'network', sent: wasSent(code) },
			failure: new SeedanceApiFailure(
				`Could not reach Seedance at ${host}${where} (${code ?? 'network error'})`,
				code === 'ECONNREFUSED' || code === 'ENOTFOUND'
					? 'Check the Provider / Base URL in the Seedance API credential, and any proxy between n8n and the API.'
					: 'The connection failed or timed out. The node retried where it was safe; run again later.',
				info({ code }),
			),
		};
	}

	const response = sent.value;
	const { statusCode, body } = response;
	const apiError = extractApiError(body);
	if (statusCode >= 200 && statusCode < 300) {
		// A task object carries an `error` field of its own (a failed task's reason): only an
		// `error` with no task around it means the API refused the request despite the 2xx.
		if (apiError && !isTaskLike(body)) {
			const text = describeApiError({ ...apiError, httpCode: statusCode }, consoleName, call.taskId);
			return {
				outcome: { type: 'http', status: 400, code: apiError.code },
				failure: new SeedanceApiFailure(text.message, text.description, info(apiError)),
			};
		}
		if (isHtmlOrText(body) && String(body).trim() !== '') {
			return {
				outcome: { type: 'bad-answer' },
				failure: new SeedanceApiFailure(
					`Seedance answered${where} with something that is not JSON (HTTP ${statusCode})`,
					`A proxy or gateway may be in the way, or the Base URL points at the wrong place. The answer began: "${snippet(body, target.apiKey)}"`,
					info({ httpCode: statusCode }),
				),
			};
		}
		return { body: body === '' || body === undefined ? {} : body, outcome: { type: 'ok' } };
	}

	if (statusCode >= 300 && statusCode < 400) {
		// Only a streamed body meets one: n8n follows redirects for every other request.
		const location = response.headers?.location;
		return {
			outcome: { type: 'http', status: statusCode },
			failure: new SeedanceApiFailure(
				`Seedance answered${where} with a redirect (HTTP ${statusCode})${typeof location === 'string' ? ` to ${location}` : ''}; nothing was created`,
				'A request with inline files is not sent on to another address. Set the Base URL in the Seedance API credential to the address it points to.',
				info({ httpCode: statusCode }),
			),
		};
	}
	const retryAfterMs = parseRetryAfter(response.headers?.['retry-after'], Date.now());
	if (!apiError && isHtmlOrText(body)) {
		return {
			outcome: { type: 'http', status: statusCode },
			retryAfterMs,
			failure: new SeedanceApiFailure(
				`Seedance answered${where} with HTTP ${statusCode} and a page that is not the API's JSON`,
				`Usually a proxy or gateway error, or a Base URL that is not the Seedance API. The answer began: "${snippet(body, target.apiKey)}"`,
				info({ httpCode: statusCode }),
			),
		};
	}
	const errorInfo = { ...(apiError ?? {}), httpCode: statusCode };
	const text = describeApiError(errorInfo, consoleName, call.taskId);
	return {
		outcome: { type: 'http', status: statusCode, code: apiError?.code },
		retryAfterMs,
		failure: new SeedanceApiFailure(text.message, text.description, info(errorInfo)),
	};
}

/** What one attempt of a retried operation came to. */
export type AttemptResult<T> =
	| { type: 'done'; value: T }
	| { type: 'fail'; error: Error }
	/** A passing failure: retried within the budget (`rateLimited`: within the rate-limit span). */
	| {
			type: 'retry';
			error: SeedanceApiFailure;
			rateLimited?: boolean;
			retryAfterMs?: number;
			/** A rate-limited create: its own wait (the rate gate paces the rest), instead of the backoff. */
			afterMs?: number;
	  }
	/** Not done yet, not a failure: try again after `afterMs` (the attempt decides when to stop). */
	| { type: 'again'; afterMs: number };

export interface RetryBudget {
	retries: number;
	rateLimitSpanMs?: number;
	/** Named when the user stops the execution during a wait. */
	taskId?: string;
	now?: () => number;
	random?: () => number;
	/** Waits; answers false when the user stopped the execution (default: n8n's abortable sleep). */
	pause?: (ms: number) => Promise<boolean>;
}

/**
 * The one retry loop: API calls, the video download and create recovery all wait here, so
 * backoff, rate-limit spans and Stop behave the same everywhere.
 */
export async function retrying<T>(
	context: Context,
	budget: RetryBudget,
	tryOnce: (tries: number) => Promise<AttemptResult<T>>,
): Promise<T> {
	const now = budget.now ?? Date.now;
	const rateLimitSpanMs = budget.rateLimitSpanMs ?? DEFAULT_RATE_LIMIT_WAIT_S * 1000;
	const started = now();
	let retries = 0;
	let rateLimits = 0;
	for (let tries = 0; ; tries++) {
		const result = await tryOnce(tries);
		let delayMs: number;
		if (result.type === 'done') return result.value;
		if (result.type === 'fail') throw result.error;
		if (result.type === 'again') {
			delayMs = result.afterMs;
		} else if (result.rateLimited) {
			delayMs = result.afterMs ?? rateLimitDelayMs(rateLimits++, result.retryAfterMs, budget.random);
			const waited = now() - started;
			if (rateLimitSpanMs <= 0 || waited + delayMs > rateLimitSpanMs) {
				throw rateLimitSpent(result.error, waited, tries + 1, delayMs, rateLimitSpanMs);
			}
		} else {
			if (retries >= budget.retries) {
				if (tries === 0) throw result.error;
				throw new SeedanceApiFailure(
					result.error.message,
					`${result.error.description}\n\n(Tried ${tries + 1} times.)`,
					result.error.info,
				);
			}
			delayMs = backoffMs(retries++, { ...DEFAULT_BACKOFF, random: budget.random ?? DEFAULT_BACKOFF.random });
		}
		const waited = budget.pause ? await budget.pause(delayMs) : await pause(delayMs, cancelSignal(context));
		if (!waited) throw new ExecutionCancelledError(budget.taskId);
	}
}

/** The last 429, once Options → Rate Limit Wait would be passed by the next wait. */
function rateLimitSpent(error: SeedanceApiFailure, waitedMs: number, tries: number, nextMs: number, spanMs: number) {
	return new SeedanceApiFailure(
		error.message,
		`${error.description}\n\n(Rate limited for ${Math.round(waitedMs / 1000)} s over ${tries} tries; the next wait of ${Math.round(nextMs / 1000)} s would pass Options → Rate Limit Wait of ${Math.round(spanMs / 1000)} s.)`,
		error.info,
	);
}

const credentialReads = new WeakMap<object, Promise<ICredentialDataDecryptedObject>>();

/**
 * The credential, read once per execution (each read decrypts it): the execute context is one
 * per node run, so a changed credential is seen by the next run.
 */
export async function readCredentials(context: Context): Promise<ICredentialDataDecryptedObject> {
	let read = credentialReads.get(context);
	if (!read) {
		read = context.getCredentials(CREDENTIAL_TYPE);
		credentialReads.set(context, read);
		// A failed read (no credential) is not kept: the error must show for every item that asks.
		read.catch(() => credentialReads.delete(context));
	}
	return await read;
}

/**
 * Sends one API call, retrying what is safe to retry. Answers the parsed JSON body;
 * throws SeedanceApiFailure (or UncertainOutcomeError when a create may have gone through).
 * Every request of the execution passes one rate gate: a 429 holds back all of them.
 */
export async function seedanceRequest(this: Context, call: ApiCall): Promise<unknown> {
	const credentials = await readCredentials(this);
	const gate = rateGateOf(this);
	const target: Target = {
		baseUrl: resolveBaseUrl(credentials),
		consoleName: providerConsole(credentials.provider),
		apiKey: typeof credentials.apiKey === 'string' && credentials.apiKey.length >= 4 ? credentials.apiKey : undefined,
		credentials,
	};
	const budget = { retries: call.retries, rateLimitSpanMs: call.rateLimitSpanMs, taskId: call.taskId };
	const started = Date.now();
	const spanMs = call.rateLimitSpanMs ?? DEFAULT_RATE_LIMIT_WAIT_S * 1000;
	// Serialized once; inline files are read again by each attempt while it sends (request/inlineFile.ts).
	const payload = call.body ? jsonPayload(call.body) : undefined;
	let rateLimits = 0;
	let lastRateLimit: SeedanceApiFailure | undefined;
	return await retrying(this, budget, async (tries): Promise<AttemptResult<unknown>> => {
		let ticket: CreateTicket | undefined;
		if (call.kind === 'create') {
			// Creates also wait for their turn in the pace the 429s revealed (rateGate.ts); once this
			// create has met a 429 itself, no longer than Options → Rate Limit Wait allows.
			const passed = await gate.passCreate(cancelSignal(this), {
				deadline: lastRateLimit ? started + spanMs : undefined,
				startedAt: started,
				spanMs,
			});
			if (passed.type === 'stopped') return { type: 'fail', error: new ExecutionCancelledError(call.taskId) };
			if (passed.type === 'late') {
				const waited = Date.now() - started;
				const error =
					lastRateLimit ??
					new SeedanceApiFailure(
						'Seedance kept rate limiting the creates of this run (429); this item was not sent',
						'The run met the rate limit (requests per minute) and it did not lift. Send fewer items at once, run the rest later, or set a longer Options → Rate Limit Wait.',
						{ httpCode: 429 },
					);
				return { type: 'fail', error: rateLimitSpent(error, waited, tries, passed.waitMs, spanMs) };
			}
			ticket = passed.ticket;
		} else if (!(await gate.pass(cancelSignal(this)))) {
			return { type: 'fail', error: new ExecutionCancelledError(call.taskId) };
		}
		const result = await attempt(this, call, target, payload);
		const rateLimited = result.outcome.type === 'http' && result.outcome.status === 429;
		const decision = decide(call.kind, result.outcome);
		const retried = rateLimited && decision === 'retry';
		const ownWaitMs = ticket && retried ? gate.limited(ticket, result.retryAfterMs) : undefined;
		if (ticket && !retried) gate.answered(ticket);
		if (result.cancelled) return { type: 'fail', error: new ExecutionCancelledError(call.taskId) };
		if (result.unwritten) return { type: 'fail', error: result.unwritten };
		if (result.outcome.type === 'ok') return { type: 'done', value: result.body };
		const failure = scrubFailure(result.failure!, target.apiKey);
		if (decision === 'recover') {
			const { outcome } = result;
			const apiAnswered =
				outcome.type === 'http' && (outcome.status === 500 || outcome.status === 503) && outcome.code !== undefined;
			return {
				type: 'fail',
				error: new UncertainOutcomeError(failure.message, failure.description, failure.info, apiAnswered),
			};
		}
		if (decision === 'fail') return { type: 'fail', error: failure };
		if (rateLimited) lastRateLimit = failure;
		// The others in flight wait too; this request's own wait (in `retrying`) is the same length.
		if (rateLimited && !ticket) gate.close(rateLimitDelayMs(rateLimits++, result.retryAfterMs, () => 0.5));
		return { type: 'retry', error: failure, rateLimited, retryAfterMs: result.retryAfterMs, afterMs: ownWaitMs };
	});
}

/** How long one download attempt may take in all: a stalled stream must not hold the run. */
export const downloadTiming = { timeoutMs: 10 * 60_000 };

/**
 * Races `work` against `timeoutMs` and the user's Stop, without timers of our own:
 * an abortable sleep, ended as soon as the work settles. Answers undefined on timeout or Stop.
 */
async function withinTime<T>(context: Context, timeoutMs: number, work: Promise<T>, onGiveUp: () => void): Promise<Settled<T> | undefined> {
	const stop = new AbortController();
	const execution = cancelSignal(context);
	const forward = () => stop.abort();
	execution?.addEventListener('abort', forward);
	const timer = pause(timeoutMs, stop.signal).then(() => undefined);
	const done = settled(work).then((outcome) => {
		stop.abort();
		return outcome;
	});
	const first = await Promise.race([done, timer]);
	execution?.removeEventListener('abort', forward);
	if (first === undefined) onGiveUp(); // `done` settles the abandoned work quietly, whenever it ends
	return first;
}

function downloadFailure(taskId: string, what: string): SeedanceApiFailure {
	return new SeedanceApiFailure(
		`Downloading the video of task ${taskId} failed (${what})`,
		'Run "Get Task" with Download Video on again; the task itself is done.',
		{ taskId },
	);
}

/**
 * The finished video, streamed into n8n's binary data (never held whole in memory). Sent WITHOUT
 * the API key: the video lives on the provider's object storage, which must never see the
 * credential. Stop ends it; a cut or stalled stream is retried, then named with the task id.
 */
export async function downloadVideo(
	this: IExecuteFunctions,
	url: string,
	taskId: string,
	settings: { retries: number; requestTimeoutMs: number; downloadTimeoutMs?: number },
	store: (stream: NodeJS.ReadableStream, contentType: string | undefined) => Promise<IBinaryData>,
): Promise<IBinaryData> {
	const signal = cancelSignal(this);
	return await retrying(this, { retries: settings.retries, taskId }, async (): Promise<AttemptResult<IBinaryData>> => {
		const sent = await settled(
			this.helpers.httpRequest({
				method: 'GET',
				url,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: Math.max(settings.requestTimeoutMs, 120_000),
				...(signal ? { abortSignal: signal } : {}),
			}) as Promise<{ statusCode: number; body: NodeJS.ReadableStream & { destroy?: (e?: Error) => void }; headers: Record<string, unknown> }>,
		);
		if (!sent.ok) {
			const code = errorCode(sent.error);
			if (code === 'ERR_CANCELED' || signal?.aborted) return { type: 'fail', error: new ExecutionCancelledError(taskId) };
			const failure = new SeedanceApiFailure(
				`Downloading the video of task ${taskId} failed (${code ?? 'network error'})`,
				'The connection to the video storage failed. Run "Get Task" with Download Video on again; the task itself is done.',
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
						`The video of task ${taskId} can no longer be downloaded (HTTP ${status}): its URL has expired`,
						'Seedance keeps videos for 24 hours after the task finishes. Download it within a day (turn on "Download Video" when waiting), or generate it again.',
						{ httpCode: status, taskId },
					),
				};
			}
			const failure = new SeedanceApiFailure(
				`Downloading the video of task ${taskId} failed (HTTP ${status})`,
				'Run "Get Task" with Download Video on again later; the task itself is done.',
				{ httpCode: status, taskId },
			);
			return decide('read', { type: 'http', status }) === 'retry' ? { type: 'retry', error: failure } : { type: 'fail', error: failure };
		}
		const type = response.headers?.['content-type'];
		const stream = response.body;
		const timeoutMs = settings.downloadTimeoutMs ?? downloadTiming.timeoutMs;
		const stored = await withinTime(this, timeoutMs, store(stream, typeof type === 'string' ? type : undefined), () =>
			stream.destroy?.(new Error('download stopped')),
		);
		if (signal?.aborted) return { type: 'fail', error: new ExecutionCancelledError(taskId) };
		if (stored === undefined) {
			return { type: 'retry', error: downloadFailure(taskId, `no end after ${Math.round(timeoutMs / 1000)} s`) };
		}
		if (!stored.ok) {
			const reason = errorCode(stored.error) ?? ((stored.error as Error)?.message || 'the stream broke off');
			return { type: 'retry', error: downloadFailure(taskId, reason) };
		}
		return { type: 'done', value: stored.value };
	});
}
