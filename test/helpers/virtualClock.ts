/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * Virtual time for the node tests: the node (through shared/clock.ts's seam) and the simulator
 * (its `clock` option) share one timeline that moves only when both are just waiting on it.
 *
 * - The node's waits (retry backoff, recovery looks, the list's pace, the rate gate, polling
 *   rounds) are `sleep`s on this clock; the simulator's timers (late commits, rate-limit windows,
 *   slow answers, task progress in time mode) are its `setTimeout`s.
 * - The node tells the clock about every request it has in flight (`track`); the simulator tells
 *   it about every request it holds on a timer (`park`). While a request is in flight that the
 *   simulator does not hold, time stands still: real I/O takes no virtual time and nothing jumps
 *   over it. Once nothing runs (a few turns of the event loop without change), time jumps to the
 *   next timer.
 * - Real socket timeouts (Options → Request Timeout) stay real: a test of one holds its request
 *   on a real delay, which the clock waits for like any other I/O.
 *
 * What a test decides never depends on real seconds; a recovery's minute of looks takes a few
 * milliseconds. `hold()` stops time for tests that act in the middle of a wait (Stop).
 */
import type { Clock } from '../../nodes/Seedance/shared/clock';

interface Timer {
	at: number;
	seq: number;
	fire(): void;
}

export class VirtualClock implements Clock {
	private t: number;
	private seq = 0;
	private timers: Timer[] = [];
	private inFlight = 0;
	private parked = 0;
	private held = false;
	private version = 0;
	private checking = false;

	constructor(start = Date.UTC(2026, 11, 4, 12, 0, 0)) {
		this.t = start;
	}

	readonly now = (): number => this.t;

	readonly sleep = async (ms: number, signal?: AbortSignal): Promise<boolean> => {
		if (signal?.aborted) return false;
		if (!(ms > 0)) return true;
		return await new Promise<boolean>((resolve) => {
			const onAbort = () => {
				this.remove(timer);
				resolve(false);
			};
			const timer = this.add(ms, () => {
				signal?.removeEventListener('abort', onAbort);
				resolve(true);
			});
			signal?.addEventListener('abort', onAbort, { once: true });
		});
	};

	readonly track = async <T>(work: Promise<T>): Promise<T> => {
		this.inFlight++;
		this.changed();
		try {
			return await work;
		} finally {
			this.inFlight--;
			this.changed();
		}
	};

	// ---- for the simulator ----------------------------------------------------------------------

	readonly setTimeout = (fire: () => void, ms: number): Timer => this.add(Math.max(0, ms), fire);

	readonly clearTimeout = (timer: Timer | undefined): void => {
		if (timer) this.remove(timer);
	};

	/** The simulator holds a request on real time (a delay meant for a client's socket timeout): time stands still meanwhile. */
	readonly begin = (): void => {
		this.inFlight++;
		this.changed();
	};

	readonly end = (): void => {
		this.inFlight--;
		this.changed();
	};

	/** The simulator holds a request on this clock's timer: the node waits on virtual time then, not on I/O. */
	readonly park = (): void => {
		this.parked++;
		this.changed();
	};

	readonly unpark = (): void => {
		this.parked--;
		this.changed();
	};

	// ---- for tests --------------------------------------------------------------------------------

	/** Time stands still until release(): for a test that stops the run in the middle of a wait. */
	hold(): void {
		this.held = true;
	}

	release(): void {
		this.held = false;
		this.changed();
	}

	/** Moves time on by `ms` at once, firing what falls due (for a test that drives time itself). */
	advance(ms: number): void {
		this.fireUntil(this.t + ms);
		this.changed();
	}

	/** Timers waiting, soonest first (for a test that wants to see what waits). */
	pending(): number[] {
		return this.timers.map((timer) => timer.at - this.t);
	}

	private add(ms: number, fire: () => void): Timer {
		const timer: Timer = { at: this.t + ms, seq: this.seq++, fire };
		this.timers.push(timer);
		this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
		this.changed();
		return timer;
	}

	private remove(timer: Timer): void {
		const at = this.timers.indexOf(timer);
		if (at !== -1) this.timers.splice(at, 1);
		this.changed();
	}

	private fireUntil(until: number): void {
		while (this.timers.length && this.timers[0].at <= until) {
			const timer = this.timers.shift()!;
			this.t = Math.max(this.t, timer.at);
			timer.fire();
		}
		this.t = Math.max(this.t, until);
	}

	/** Something happened: look again, after the event loop has had its turns, whether time may move. */
	private changed(): void {
		this.version++;
		if (this.checking) return;
		this.checking = true;
		void this.settleThenJump();
	}

	private async settleThenJump(): Promise<void> {
		for (;;) {
			let seen = -1;
			// Quiet: several turns of the event loop (I/O callbacks run between them) with no change.
			while (seen !== this.version) {
				seen = this.version;
				for (let turn = 0; turn < 4; turn++) await new Promise((resolve) => setImmediate(resolve));
			}
			if (this.held || this.timers.length === 0 || this.inFlight > this.parked) {
				this.checking = false;
				return;
			}
			this.fireUntil(this.timers[0].at);
		}
	}
}
