/**
 * One rate limiter per execution, shared by every request in flight: a 429 closes the gate for
 * its Retry-After (or the rate-limit backoff), and every request of the run waits at the gate
 * before it is sent, so ten requests in flight make one 429, not ten.
 */
import { pause } from '../shared/async';

export class RateGate {
	private openAtMs = 0;

	constructor(private readonly now: () => number = Date.now) {}

	/** Closes the gate for `ms` from now (never shortens a longer closure). */
	close(ms: number): void {
		this.openAtMs = Math.max(this.openAtMs, this.now() + ms);
	}

	/** Waits until the gate is open; false when the user stopped the execution meanwhile. */
	async pass(signal?: AbortSignal): Promise<boolean> {
		for (;;) {
			const waitMs = this.openAtMs - this.now();
			if (waitMs <= 0) return true;
			if (!(await pause(waitMs, signal))) return false;
		}
	}
}

/**
 * Per-execution state, keyed by n8n's execute context (one per node run, so nothing leaks between
 * executions and nothing is global): the rate gate, the list pacer, the credentials once read.
 */
const gates = new WeakMap<object, RateGate>();

export function rateGateOf(context: object): RateGate {
	let gate = gates.get(context);
	if (!gate) {
		gate = new RateGate();
		gates.set(context, gate);
	}
	return gate;
}
