/**
 * The one place that talks HTTP, and its retry policy (see retry.ts for which failures are retried).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';

import { describeApiError, extractApiError, SeedanceApiFailure, type ApiErrorInfo } from './errors';
import { providerConsole, resolveBaseUrl } from './providers';
import { decide, parseRetryAfter, retryDelayMs, wasSent, type Outcome, type RequestKind } from './retry';
import { pause, settled } from './sleep';

export const CREDENTIAL_TYPE = 'seedanceApi';
export const DEFAULT_RETRIES = 5;

export interface ApiCall {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	kind: RequestKind;
	retries: number;
	/** Per attempt. */
	timeoutMs?: number;
	/** Named in every error about this call. */
	taskId?: string;
}

/** Thrown when a create (or delete) may have reached the API: the caller must look before acting again. */
export class UncertainOutcomeError extends SeedanceApiFailure {
	readonly uncertain = true;
}

/** Thrown when the user stopped the execution during a request or a wait. */
export class ExecutionCancelledError extends Error {
	constructor(readonly taskId?: string) {
		super(`The execution was stopped${taskId ? ` (task ${taskId} goes on at Seedance)` : ''}`);
		this.name = 'ExecutionCancelledError';
	}
}

type Context = IExecuteFunctions | ILoadOptionsFunctions;

function cancelled(taskId?: string): never {
	throw new ExecutionCancelledError(taskId);
}

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

/** The start of an unexpected answer, for the error. A proxy that echoes the request must not leak the key. */
export function snippet(body: unknown, secret?: string): string {
	let text = String(body).replace(/\s+/g, ' ').trim();
	if (secret) text = text.split(secret).join('***');
	text = text.replace(/(bearer\s+)[^\s"'<]+/gi, '$1***');
	return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

interface AttemptResult {
	body?: unknown;
	cancelled?: boolean;
	outcome: Outcome;
	failure?: SeedanceApiFailure;
	retryAfterMs?: number;
}

interface Target {
	baseUrl: string;
	consoleName: string;
	/** Only ever used to scrub it out of error text. */
	apiKey?: string;
}

async function attempt(context: Context, call: ApiCall, target: Target): Promise<AttemptResult> {
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
	if (call.body) request.body = call.body;
	if (call.qs) request.qs = call.qs;
	const where = call.taskId ? ` for task ${call.taskId}` : '';
	const info = (extra: ApiErrorInfo) => ({ ...extra, taskId: call.taskId });

	const sent = await settled<{ statusCode: number; body: unknown; headers: Record<string, unknown> }>(
		context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, request),
	);
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

/**
 * Sends one API call, retrying what is safe to retry. Answers the parsed JSON body;
 * throws SeedanceApiFailure (or UncertainOutcomeError when a create may have gone through).
 */
export async function seedanceRequest(this: Context, call: ApiCall): Promise<unknown> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const target: Target = {
		baseUrl: resolveBaseUrl(credentials),
		consoleName: providerConsole(credentials.provider),
		apiKey: typeof credentials.apiKey === 'string' && credentials.apiKey.length >= 4 ? credentials.apiKey : undefined,
	};
	for (let tries = 0; ; tries++) {
		const result = await attempt(this, call, target);
		if (result.cancelled) throw new ExecutionCancelledError(call.taskId);
		if (result.outcome.type === 'ok') return result.body;
		const failure = result.failure!;
		const decision = decide(call.kind, result.outcome);
		if (decision === 'recover') {
			throw new UncertainOutcomeError(failure.message, failure.description, failure.info);
		}
		if (decision === 'fail' || tries >= call.retries) {
			if (tries === 0) throw failure;
			throw new SeedanceApiFailure(
				failure.message,
				`${failure.description}\n\n(Tried ${tries + 1} times.)`,
				failure.info,
			);
		}
		if (!(await pause(retryDelayMs(tries, result.retryAfterMs), cancelSignal(this)))) {
			throw new ExecutionCancelledError(call.taskId);
		}
	}
}

/**
 * The finished video, as a stream (never held whole in memory). Sent WITHOUT the API key: the
 * video lives on the provider's object storage, which must never see the credential.
 */
export async function fetchVideoStream(
	this: IExecuteFunctions,
	url: string,
	taskId: string,
	settings: { retries: number; requestTimeoutMs: number },
): Promise<{ stream: NodeJS.ReadableStream; contentType?: string }> {
	const { retries } = settings;
	for (let tries = 0; ; tries++) {
		let failure: SeedanceApiFailure;
		let outcome: Outcome;
		const sent = await settled(
			this.helpers.httpRequest({
				method: 'GET',
				url,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: Math.max(settings.requestTimeoutMs, 120_000),
			}) as Promise<{ statusCode: number; body: NodeJS.ReadableStream & { destroy?: () => void }; headers: Record<string, unknown> }>,
		);
		if (sent.ok) {
			const response = sent.value;
			if (response.statusCode >= 200 && response.statusCode < 300) {
				const type = response.headers?.['content-type'];
				return { stream: response.body, contentType: typeof type === 'string' ? type : undefined };
			}
			response.body?.destroy?.();
			outcome = { type: 'http', status: response.statusCode };
			failure =
				response.statusCode === 403 || response.statusCode === 404 || response.statusCode === 410
					? new SeedanceApiFailure(
							`The video of task ${taskId} can no longer be downloaded (HTTP ${response.statusCode}): its URL has expired`,
							'Seedance keeps videos for 24 hours after the task finishes. Download it within a day (turn on "Download Video" when waiting), or generate it again.',
							{ httpCode: response.statusCode, taskId },
						)
					: new SeedanceApiFailure(
							`Downloading the video of task ${taskId} failed (HTTP ${response.statusCode})`,
							'Run "Get Task" with Download Video on again later; the task itself is done.',
							{ httpCode: response.statusCode, taskId },
						);
		} else {
			const code = errorCode(sent.error);
			if (code === 'ERR_CANCELED' || cancelSignal(this)?.aborted) return cancelled(taskId);
			outcome = { type: 'network', sent: wasSent(code) };
			failure = new SeedanceApiFailure(
				`Downloading the video of task ${taskId} failed (${code ?? 'network error'})`,
				'The connection to the video storage failed. Run "Get Task" with Download Video on again; the task itself is done.',
				{ code, taskId },
			);
		}
		if (decide('read', outcome) !== 'retry' || tries >= retries) throw failure;
		if (!(await pause(retryDelayMs(tries, undefined), cancelSignal(this)))) return cancelled(taskId);
	}
}
