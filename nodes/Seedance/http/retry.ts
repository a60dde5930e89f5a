/**
 * The one retry loop: API calls, downloads, create recovery and its looks all wait here, so
 * backoff, rate-limit spans and Stop behave the same everywhere. Which failures are retried is
 * retryPolicy.ts's to say; this loop only counts and waits.
 */
import { ExecutionCancelledError, SeedanceApiFailure } from '../shared/errors';
import type { Clock } from '../shared/clock';
import { backoffMs, DEFAULT_BACKOFF, DEFAULT_RATE_LIMIT_WAIT_S, rateLimitDelayMs } from './retryPolicy';

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
	/** How long 429s are retried, from the first attempt (default: DEFAULT_RATE_LIMIT_WAIT_S). */
	rateLimitSpanMs?: number;
	/** Named when the user stops the execution during a wait. */
	taskId?: string;
	clock: Clock;
	/** The execution's Stop. */
	signal?: AbortSignal;
	random?: () => number;
}

export async function retrying<T>(budget: RetryBudget, tryOnce: (tries: number) => Promise<AttemptResult<T>>): Promise<T> {
	const { clock } = budget;
	const rateLimitSpanMs = budget.rateLimitSpanMs ?? DEFAULT_RATE_LIMIT_WAIT_S * 1000;
	const started = clock.now();
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
			const waited = clock.now() - started;
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
		if (!(await clock.sleep(delayMs, budget.signal))) throw new ExecutionCancelledError(budget.taskId);
	}
}

/** The last 429, once Options → Rate Limit Wait would be passed by the next wait. */
export function rateLimitSpent(error: SeedanceApiFailure, waitedMs: number, tries: number, nextMs: number, spanMs: number) {
	return new SeedanceApiFailure(
		error.message,
		`${error.description}\n\n(Rate limited for ${Math.round(waitedMs / 1000)} s over ${tries} tries; the next wait of ${Math.round(nextMs / 1000)} s would pass Options → Rate Limit Wait of ${Math.round(spanMs / 1000)} s.)`,
		error.info,
	);
}
