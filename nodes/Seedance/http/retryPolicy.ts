/**
 * Pure: the one retry policy. Which failures may be retried depends on whether a paid task
 * could already exist: a create is only repeated when the API cannot have made the task.
 */
import { isRetryable429 } from '../shared/errors';

export type RequestKind = 'create' | 'read' | 'delete';

export type Outcome =
	| { type: 'ok' }
	/** The API answered with an HTTP error status. */
	| { type: 'http'; status: number; code?: string }
	/** No answer. `sent` says whether the request may have reached the API. */
	| { type: 'network'; sent: boolean }
	/** A 2xx whose body is not what the API documents (HTML, malformed JSON). */
	| { type: 'bad-answer' };

/** retry: send again; recover: a task may exist, look for it before anything else; fail: stop. */
export type Decision = 'retry' | 'recover' | 'fail';

/** Errors raised before a single byte reached the server: a create can't have happened. */
const NOT_SENT_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ERR_INVALID_URL'];

export function wasSent(errorCode: string | undefined): boolean {
	return !NOT_SENT_CODES.includes(errorCode ?? '');
}

export function decide(kind: RequestKind, outcome: Outcome): Decision {
	switch (outcome.type) {
		case 'ok':
			return 'fail'; // nothing to do; callers never ask
		case 'http':
			if (outcome.status === 429) return isRetryable429(outcome.code) ? 'retry' : 'fail';
			if (outcome.status >= 500) return kind === 'read' ? 'retry' : 'recover';
			return 'fail';
		case 'network':
			if (!outcome.sent) return 'retry';
			return kind === 'read' ? 'retry' : 'recover';
		case 'bad-answer':
			return kind === 'read' ? 'retry' : 'recover';
	}
}

export interface BackoffOptions {
	baseMs: number;
	maxMs: number;
	random: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 60_000, random: Math.random };

/** Exponential backoff with jitter: attempt 0 waits about base, then 2×, 4×… capped at max. */
export function backoffMs(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
	const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** attempt);
	return Math.round(ceiling / 2 + (options.random() * ceiling) / 2);
}

/** `Retry-After` as milliseconds: seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now: number): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = String(Array.isArray(value) ? value[0] : value).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Retry-After is honoured within these bounds: 0 would be a tight loop, 25 min a stuck run. */
export const RETRY_AFTER_FLOOR_MS = 1_000;
export const RETRY_AFTER_CEILING_MS = 60_000;
/** Without Retry-After, rate limits back off up to this (one RPM window is 60 s). */
const RATE_LIMIT_BACKOFF: BackoffOptions = { ...DEFAULT_BACKOFF, baseMs: 2_000, maxMs: 15_000 };

/** How long to wait after the `attempt`-th 429: the server's word (bounded) first, else backoff. */
export function rateLimitDelayMs(
	attempt: number,
	retryAfterMs: number | undefined,
	random: () => number = Math.random,
): number {
	if (retryAfterMs !== undefined) {
		return Math.min(RETRY_AFTER_CEILING_MS, Math.max(RETRY_AFTER_FLOOR_MS, retryAfterMs));
	}
	return backoffMs(attempt, { ...RATE_LIMIT_BACKOFF, random });
}

/** How long rate limits are retried by default: more than one full 60 s RPM window. */
export const DEFAULT_RATE_LIMIT_WAIT_S = 120;
