/**
 * One HTTP attempt and how its answer is read: sent through n8n's authenticated request helper,
 * every answer (or its absence) turned into an Outcome for the retry policy and, when it failed,
 * a SeedanceApiFailure in the user's words. No retries here (retry.ts), no pacing (rateGate.ts).
 */
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import { describeApiError, extractApiError, SeedanceApiFailure, type ApiErrorInfo } from '../shared/errors';
import type { StreamedJson } from './requestBody';
import { parseRetryAfter, wasSent, type Outcome, type RequestKind } from './retryPolicy';
import { MAX_TIMER_MS, settled, type Settled } from '../shared/async';
import { underWay, type Clock } from '../shared/clock';
import { scrubSecret, snippet } from './secrets';

export const CREDENTIAL_TYPE = 'seedanceApi';

/** What n8n gives every context that talks to the API (execute, webhook, poll, load options). */
export interface HttpContext {
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
	helpers: {
		httpRequestWithAuthentication(this: unknown, type: string, options: IHttpRequestOptions, extra?: unknown): Promise<unknown>;
		httpRequest(this: unknown, options: IHttpRequestOptions): Promise<unknown>;
	};
	getExecutionCancelSignal?(): AbortSignal | undefined;
}

/** How hard one call tries: the item's Retries, Rate Limit Wait and Request Timeout. */
export interface RequestSettings {
	retries: number;
	/** How long 429s are retried. */
	rateLimitSpanMs?: number;
	/** Per request attempt. */
	requestTimeoutMs: number;
}

export interface ApiCall {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	kind: RequestKind;
	settings: RequestSettings;
	/** Named in every error about this call. */
	taskId?: string;
	/**
	 * A 2xx answer's body is handed over as it arrives (a StreamedAnswer), not read whole: image
	 * answers, whose images must reach the user even if the connection drops later. Error answers
	 * are still read whole and judged as any other.
	 */
	streamAnswer?: boolean;
}

/** A 2xx answer of a call with `streamAnswer`: its body, read by whoever asked (streamedAnswer.ts). */
export interface StreamedAnswer {
	readonly streamed: true;
	status: number;
	/** The Content-Type header, lower case, without parameters ('' when absent). */
	contentType: string;
	body: AnswerBody;
}

/** The body of a streamed answer: Node's response stream, as far as it is used here. */
export type AnswerBody = AsyncIterable<Buffer | string> & { destroy?(error?: Error): void };

export function isStreamedAnswer(value: unknown): value is StreamedAnswer {
	return typeof value === 'object' && value !== null && (value as StreamedAnswer).streamed === true;
}

/** An error answer of a streamed call is read whole, up to this much (API error bodies are a few hundred bytes). */
const ERROR_BODY_BYTES = 1024 * 1024;

function isAnswerBody(body: unknown): body is AnswerBody {
	return typeof body === 'object' && body !== null && typeof (body as AnswerBody)[Symbol.asyncIterator] === 'function';
}

/** A non-2xx streamed body as `json: true` would have given it: parsed JSON, or the text. */
async function wholeBody(body: AnswerBody): Promise<unknown> {
	const chunks: Buffer[] = [];
	let length = 0;
	const read = await settled(
		(async () => {
			for await (const chunk of body) {
				const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
				chunks.push(bytes);
				length += bytes.length;
				if (length >= ERROR_BODY_BYTES) break;
			}
		})(),
	);
	body.destroy?.();
	const text = Buffer.concat(chunks).toString('utf8');
	if (!read.ok && text === '') return '';
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

/** Where the calls go and what may never show in an error. */
export interface Target {
	baseUrl: string;
	consoleName: string;
	/** Only ever used to scrub it out of error text. */
	apiKey?: string;
	/** Handed to n8n with every request, so it does not decrypt the credential once per request. */
	credentials: ICredentialDataDecryptedObject;
}

export interface HttpAttempt {
	body?: unknown;
	cancelled?: boolean;
	outcome: Outcome;
	failure?: SeedanceApiFailure;
	retryAfterMs?: number;
	/** The body could not be written (an inline file changed or could not be read): cut short, so nothing was created. */
	unwritten?: Error;
}

export function cancelSignal(context: Pick<HttpContext, 'getExecutionCancelSignal'>): AbortSignal | undefined {
	const getSignal = context.getExecutionCancelSignal;
	return typeof getSignal === 'function' ? getSignal.call(context) : undefined;
}

/** The error code of a failed request (axios and Node put it in different places). */
export function errorCode(error: unknown): string | undefined {
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

/** Redirects followed within the API's own origin before the request counts as sent round in circles. */
export const MAX_REDIRECTS = 5;

type Answer = { statusCode: number; body: unknown; headers: Record<string, unknown> };

/** What a redirect answer means for this call: where to send it on, or the failure that ends it. */
type Redirect = { follow: string } | { refuse: 'elsewhere' | 'method' | 'loop' | 'nowhere'; to?: string };

/**
 * Sent on only within the origin of the Base URL, and only where the method and body stay what
 * they were (307 and 308; 301 and 302 for anything but a POST; 303 for a GET): a redirect to
 * another origin would carry the API key there (n8n sends credentials across origins on a
 * redirect by default), and a 301, 302 or 303 turns a POST into a GET, so a create would
 * become a read of whatever answers there.
 */
function redirectOf(method: IHttpRequestMethods, status: number, location: unknown, from: string, origin: string, hops: number): Redirect {
	if (typeof location !== 'string' || location === '') return { refuse: 'nowhere' };
	let to: URL;
	try {
		to = new URL(location, from);
	} catch {
		return { refuse: 'elsewhere', to: location };
	}
	if (to.origin !== origin) return { refuse: 'elsewhere', to: to.href };
	const keepsMethod = status === 307 || status === 308 || ((status === 301 || status === 302) && method !== 'POST') || (status === 303 && method === 'GET');
	if (!keepsMethod) return { refuse: 'method', to: to.href };
	if (hops >= MAX_REDIRECTS) return { refuse: 'loop', to: to.href };
	return { follow: to.href };
}

function originOf(url: string): string | undefined {
	try {
		return new URL(url).origin;
	} catch {
		return undefined;
	}
}

export async function attempt(
	context: HttpContext,
	call: ApiCall,
	target: Target,
	payload: Buffer | StreamedJson | undefined,
	clock: Clock,
): Promise<HttpAttempt> {
	const { baseUrl, consoleName } = target;
	const where = call.taskId ? ` for task ${call.taskId}` : '';
	const info = (extra: ApiErrorInfo) => ({ ...extra, taskId: call.taskId });
	const origin = originOf(baseUrl);
	let url = `${baseUrl}${call.path}`;
	let sent: Settled<Answer>;
	for (let hops = 0; ; hops++) {
		const request: IHttpRequestOptions = {
			method: call.method,
			url,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: Math.min(call.settings.requestTimeoutMs, MAX_TIMER_MS),
			arrayFormat: 'repeat',
			// Redirects are ours to judge (redirectOf): n8n's client would follow them to any origin
			// with the key, turn a create into a GET, and keep every chunk of a streamed body.
			disableFollowRedirect: true,
		};
		// A new stream per hop: each reads the inline files again while it is sent.
		const stream = payload && !Buffer.isBuffer(payload) ? payload.open() : undefined;
		if (stream) {
			request.body = stream as unknown as IDataObject;
			request.headers = { 'Content-Type': 'application/json', 'Content-Length': String(stream.bytes) };
		} else if (payload) {
			request.body = payload;
			request.headers = { 'Content-Type': 'application/json' };
		}
		// The first hop carries the query; a Location is a whole URL, its query included.
		if (call.qs && hops === 0) request.qs = call.qs;
		if (call.streamAnswer) request.encoding = 'stream';
		sent = await settled(
			underWay(
				clock,
				context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, request, {
					credentialsDecrypted: { id: '', name: CREDENTIAL_TYPE, type: CREDENTIAL_TYPE, data: target.credentials },
				}) as Promise<Answer>,
			),
		);
		stream?.destroy();
		if (stream?.failure) return { outcome: { type: 'network', sent: false }, unwritten: stream.failure };
		if (!sent.ok || sent.value.statusCode < 300 || sent.value.statusCode >= 400) break;
		const { statusCode: status, headers, body: hopBody } = sent.value;
		// A streamed answer's redirect page is not read: its socket is let go before the next hop.
		if (isAnswerBody(hopBody)) hopBody.destroy?.();
		const redirect = redirectOf(call.method, status, headers?.location, url, origin ?? '', hops);
		if ('follow' in redirect) {
			url = redirect.follow;
			continue;
		}
		return { outcome: { type: 'http', status }, failure: redirectFailure(call, redirect, status, where, target.apiKey, info({ httpCode: status })) };
	}
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
	const { statusCode } = response;
	let { body } = response;
	if (call.streamAnswer && isAnswerBody(body)) {
		if (statusCode >= 200 && statusCode < 300) {
			const type = response.headers?.['content-type'];
			const contentType = typeof type === 'string' ? type.split(';')[0].trim().toLowerCase() : '';
			const answer: StreamedAnswer = { streamed: true, status: statusCode, contentType, body };
			return { body: answer, outcome: { type: 'ok' } };
		}
		body = await underWay(clock, wholeBody(body));
	}
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

	const retryAfterMs = parseRetryAfter(response.headers?.['retry-after'], clock.now());
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

/** A redirect that was not followed: where it pointed, and that the request did nothing there. */
function redirectFailure(
	call: ApiCall,
	redirect: Exclude<Redirect, { follow: string }>,
	status: number,
	where: string,
	apiKey: string | undefined,
	info: SeedanceApiFailure['info'],
): SeedanceApiFailure {
	const to = redirect.to === undefined ? '' : ` to ${shortUrl(scrubSecret(redirect.to, apiKey))}`;
	const what = call.kind === 'create' ? 'create' : call.kind === 'delete' ? 'request' : 'read';
	const done = call.kind === 'create' ? '; nothing was created' : call.kind === 'delete' ? '; nothing was cancelled or deleted' : '';
	const fix = 'If that address is right (a relay that moved), set it as the Base URL in the Seedance API credential.';
	switch (redirect.refuse) {
		case 'loop':
			return new SeedanceApiFailure(
				`Seedance answered${where} with redirect after redirect (HTTP ${status}); the last one pointed${to}${done}`,
				`${MAX_REDIRECTS} redirects were followed within the API's address and it kept answering with another: a relay or the Base URL sends requests round in circles. Check the Base URL in the Seedance API credential.`,
				info,
			);
		case 'method':
			return new SeedanceApiFailure(
				`Seedance answered${where} with a redirect (HTTP ${status})${to}${done}`,
				`Following it would turn the ${what} into a GET (HTTP 301, 302 and 303 do), so it was not sent on. ${fix}`,
				info,
			);
		case 'nowhere':
			return new SeedanceApiFailure(
				`Seedance answered${where} with a redirect (HTTP ${status}) that names no address${done}`,
				'A relay or the Base URL answers with a redirect to nowhere. Check the Base URL in the Seedance API credential.',
				info,
			);
		default:
			return new SeedanceApiFailure(
				`Seedance answered${where} with a redirect (HTTP ${status})${to}${done}`,
				`Requests to the Seedance API are not sent on to another address: the API key would go with them. ${fix}`,
				info,
			);
	}
}

function shortUrl(url: string): string {
	return url.length > 200 ? `${url.slice(0, 197)}…` : url;
}
