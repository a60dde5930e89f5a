/**
 * The node's connection to the API for one execution: the credential read once (each read
 * decrypts it), one rate gate shared by every request in flight, and the one function that sends
 * an API call, retrying what is safe to retry.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { ExecutionCancelledError, SeedanceApiFailure, StoppedBeforeCreateError, UncertainOutcomeError } from '../shared/errors';
import { providerConsole, resolveBaseUrl } from '../shared/providers';
import type { Clock } from '../shared/clock';
import { attempt, cancelSignal, CREDENTIAL_TYPE, type ApiCall, type HttpContext, type Target } from './attempt';
import { RateGate, type CreateTicket } from './rateGate';
import { jsonPayload } from './requestBody';
import { retrying, rateLimitSpent, type AttemptResult, type RetryBudget } from './retry';
import { decide, DEFAULT_RATE_LIMIT_WAIT_S, rateLimitDelayMs } from './retryPolicy';
import { scrubFailure } from './secrets';
import { settled } from '../shared/async';

export const DEFAULT_RETRIES = 5;
/** Options → Request Timeout when unset (or 0). */
export const DEFAULT_REQUEST_TIMEOUT_S = 60;

export class SeedanceConnection {
	/** Every request of the execution passes it: a 429 holds back all of them. */
	readonly gate: RateGate;
	private target?: Promise<Target>;

	constructor(
		readonly context: HttpContext,
		readonly clock: Clock,
	) {
		this.gate = new RateGate(clock.now, clock.sleep);
	}

	/** The user's Stop for this execution, when the context has one. */
	get signal(): AbortSignal | undefined {
		return cancelSignal(this.context);
	}

	async credentials(): Promise<ICredentialDataDecryptedObject> {
		return (await this.where()).credentials;
	}

	/** Where the user manages the account ("the BytePlus ModelArk console"), for error texts. */
	async consoleName(): Promise<string> {
		return (await this.where()).consoleName;
	}

	/** The retry loop on this execution's clock and Stop. */
	async retrying<T>(budget: Omit<RetryBudget, 'clock' | 'signal'>, tryOnce: (tries: number) => Promise<AttemptResult<T>>): Promise<T> {
		return await retrying({ ...budget, clock: this.clock, signal: this.signal }, tryOnce);
	}

	/**
	 * Sends one API call, retrying what is safe to retry. Answers the parsed JSON body; throws
	 * SeedanceApiFailure (or UncertainOutcomeError when a create may have gone through). A Stop
	 * during a create that no attempt can have delivered yet throws StoppedBeforeCreateError.
	 */
	async request(call: ApiCall): Promise<unknown> {
		// Whether an attempt of this call may have reached the API: only a create's Stop needs it.
		let reached = false;
		const sent = await settled(this.send(call, () => (reached = true)));
		if (sent.ok) return sent.value;
		if (sent.error instanceof ExecutionCancelledError && call.kind === 'create' && !reached) throw new StoppedBeforeCreateError();
		throw sent.error;
	}

	private async send(call: ApiCall, mayHaveReached: () => void): Promise<unknown> {
		const target = await this.where();
		const { clock, gate } = this;
		const { settings } = call;
		const started = clock.now();
		const spanMs = settings.rateLimitSpanMs ?? DEFAULT_RATE_LIMIT_WAIT_S * 1000;
		// Serialized once; inline files are read again by each attempt while it sends.
		const payload = call.body ? jsonPayload(call.body) : undefined;
		let rateLimits = 0;
		let lastRateLimit: SeedanceApiFailure | undefined;
		const budget = { retries: settings.retries, rateLimitSpanMs: settings.rateLimitSpanMs, taskId: call.taskId };
		return await this.retrying(budget, async (tries): Promise<AttemptResult<unknown>> => {
			let ticket: CreateTicket | undefined;
			if (call.kind === 'create') {
				// Creates also wait for their turn in the pace the 429s revealed; once this create has
				// met a 429 itself, no longer than Options → Rate Limit Wait allows.
				const passed = await gate.passCreate(this.signal, {
					deadline: lastRateLimit ? started + spanMs : undefined,
					startedAt: started,
					spanMs,
				});
				if (passed.type === 'stopped') return { type: 'fail', error: new ExecutionCancelledError(call.taskId) };
				if (passed.type === 'late') {
					const waited = clock.now() - started;
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
			} else if (!(await gate.pass(this.signal))) {
				return { type: 'fail', error: new ExecutionCancelledError(call.taskId) };
			}
			const result = await attempt(this.context, call, target, payload, clock);
			const rateLimited = result.outcome.type === 'http' && result.outcome.status === 429;
			// A 429, a body never written and a connection never made create nothing; anything else may have.
			const notSent = rateLimited || result.unwritten !== undefined || (result.outcome.type === 'network' && !result.outcome.sent);
			if (!notSent) mayHaveReached();
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

	/** The credential and what follows from it, read once per execution; a failed read is tried again by the next call. */
	private async where(): Promise<Target> {
		if (!this.target) {
			this.target = this.context.getCredentials(CREDENTIAL_TYPE).then((credentials) => ({
				baseUrl: resolveBaseUrl(credentials),
				consoleName: providerConsole(credentials.provider),
				apiKey: typeof credentials.apiKey === 'string' && credentials.apiKey.length >= 4 ? credentials.apiKey : undefined,
				credentials,
			}));
			// A failed read (no credential) is not kept: the error must show for every item that asks.
			this.target.catch(() => (this.target = undefined));
		}
		return await this.target;
	}
}
