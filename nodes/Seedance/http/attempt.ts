/**
 * One HTTP attempt and how its answer is read: sent through n8n's authenticated request helper,
 * every answer (or its absence) turned into an Outcome for the retry policy and, when it failed,
 * a SeedanceApiFailure in the user's words. No retries here (retry.ts), no pacing (rateGate.ts).
 */
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import { describeApiError, extractApiError, SeedanceApiFailure, type ApiErrorInfo } from '../shared/errors';
import type { StreamedJson } from './requestBody';
import { parseRetryAfter, wasSent, type Outcome, type RequestKind } from './retryPolicy';
import { MAX_TIMER_MS, settled } from '../shared/async';
import { underWay, type Clock } from '../shared/clock';
import { snippet } from './secrets';

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

export async function attempt(
	context: HttpContext,
	call: ApiCall,
	target: Target,
	payload: Buffer | StreamedJson | undefined,
	clock: Clock,
): Promise<HttpAttempt> {
	const { baseUrl, consoleName } = target;
	const request: IHttpRequestOptions = {
		method: call.method,
		url: `${baseUrl}${call.path}`,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: Math.min(call.settings.requestTimeoutMs, MAX_TIMER_MS),
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

	const sent = await settled(
		underWay(
			clock,
			context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, request, {
				credentialsDecrypted: { id: '', name: CREDENTIAL_TYPE, type: CREDENTIAL_TYPE, data: target.credentials },
			}) as Promise<{ statusCode: number; body: unknown; headers: Record<string, unknown> }>,
		),
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
