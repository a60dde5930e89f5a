/**
 * One rate limiter per execution (http/connection.ts), shared by every request in flight.
 *
 * - Every request waits while the gate is closed (a 429's Retry-After, or the rate-limit backoff),
 *   so ten requests in flight make one 429, not ten.
 * - Creates are also paced by what the 429s reveal. Seedance limits creates per minute (RPM) over
 *   a window; the first 429 shows the limit L (the creates that counted before it). Until the
 *   window W is known, one create at a time probes (at the server's Retry-After, else about
 *   once a second, slower the longer it lasts); the first probe let through bounds W from above.
 *   From then on create n goes when create n−L is W old: the rate the limit allows, spread
 *   the way the window frees up, instead of waves that meet the limit again. While W is only
 *   known within a range, one create at a time goes a little early to narrow it, in even steps
 *   up the range; at most three of them are refused per window (never a burst), then creates go
 *   in their turn. Without Retry-After a probe also goes just after the first counted create is
 *   a round span old (1 s … 1 h), so a window of such a span is found at once.
 * - Times are measured on arrivals as best we can: the API counts a create when it arrives, which
 *   lies between the moment we send it and the moment its answer comes. Under load a create sent
 *   in a burst reaches the API later than one sent alone, so send times alone make the window
 *   look longer or shorter than it is, by up to the delay on the way. Each create counts at the
 *   middle of its round trip (off by at most half of it either way).
 * - A create refused in its turn says the window is longer than measured (a busy machine stretches
 *   round trips; a stall delays several creates at once): the window grows to it and creates let
 *   through narrow it again. Only refusals that keep coming (more than a few within one window's
 *   creates) or a window grown by more than a quarter mean the limit changed (another client on
 *   the account, a lowered limit): then it is learned again. Learning again counts the creates
 *   of one window, which a stall skews, and a limit learned too low is never tested again; so it
 *   is kept for what needs it.
 */
import { rateLimitDelayMs } from './retryPolicy';
import { pause } from '../shared/async';

/** A create let through the gate: report its answer with `answered` or `limited`. */
export interface CreateTicket {
	readonly seq: number;
	readonly at: number;
}

export type CreatePass =
	| { type: 'go'; ticket: CreateTicket }
	/** The user stopped the execution meanwhile. */
	| { type: 'stopped' }
	/** The wait would pass the deadline (Options → Rate Limit Wait). */
	| { type: 'late'; waitMs: number };

/** A counted create: sent at `at`, answered at `answeredAt` (while in flight, undefined). */
interface Sent {
	readonly seq: number;
	readonly at: number;
	answeredAt?: number;
}

/** The 429 the limit is counted from. */
interface Reference {
	seq: number;
	at: number;
	/** Only sends this recent count (the window learned before, when learning again). */
	horizon: number;
	answeredAt: number;
}

type Sleep = (ms: number, signal?: AbortSignal) => Promise<boolean>;

/** Probes without Retry-After: one per this share of the time rate-limited so far, within bounds. */
const PROBE_SHARE = 8;
const PROBE_MIN_MS = 1_000;
const PROBE_MAX_MS = 15_000;
/**
 * Limits are counted over round spans of time (a minute for Seedance's RPM; a second, ten, thirty
 * for gateways): a probe also goes just after the first create let through is that old, so the
 * window's end is found at once when it is one of these, not up to an eighth of it late.
 */
const ROUND_WINDOWS_MS = [1_000, 2_000, 3_000, 5_000, 10_000, 15_000, 20_000, 30_000, 60_000, 120_000, 300_000, 600_000, 3_600_000];
/** Such a probe goes this long after the first create's answer (which came after it was counted). */
const ROUND_PROBE_MARGIN_MS = 20;
/** The window counts as known once its range is this narrow (share of it, and at least the floor). */
const WINDOW_TOLERANCE = 0.01;
const WINDOW_TOLERANCE_FLOOR_MS = 25;
/**
 * Creates sent early to narrow the window, and refused, per window: at most this many. They try the
 * range the window lies in at even steps; the creates after them go in their turn.
 */
const EARLY_REFUSALS_PER_WINDOW = 3;
/**
 * Refusals in turn stretch the window's upper bound, each by at least WIDEN_STEP of it: round trips
 * on a busy machine are off by a few hundred ms at most. More than WIDENED_PER_WINDOW of them within
 * one window's creates, or a window stretched past WINDOW_GROWTH × the one learned, mean the limit
 * changed: it is learned again.
 */
const WIDEN_STEP = 0.02;
const WIDENED_PER_WINDOW = 4;
const WINDOW_GROWTH = 1.25;
/** Sends remembered while the window is unknown (the limit is counted among them). */
const LOG_CAP = 5_000;

export class RateGate {
	private openAtMs = 0;
	private seq = 0;
	/** Creates that count towards the limit (in flight or answered), in send order. */
	private sent: Sent[] = [];
	/** The learned limit (creates per window); undefined while learning. */
	private limit?: number;
	/** The window lies in (lo, hi]. */
	private lo = 0;
	private hi = Infinity;
	/** The 429 the limit is counted from, while learning; `horizon`: only sends this recent count. */
	private reference?: Reference;
	/** Learning: one create at a time, until one is let through. */
	private probing = false;
	private probeSeq?: number;
	private probeWaiters: Array<() => void> = [];
	private probingSince = 0;
	/** The last probe turned away: it bounds the window from below once the limit is known. */
	private lastProbeRefused?: Sent;
	/** The window's upper bound when the limit was learned. */
	private learnedWindow = Infinity;
	/** Refusals in turn that stretched the window (their seqs, within one window's creates). */
	private widened: number[] = [];
	/** Learned: the create sent early to narrow the window. */
	private earlySeq?: number;
	/** When early creates were refused (those within the last window count against the budget). */
	private earlyRefusals: number[] = [];
	/** Learning: the first create counted towards the limit (its slot frees first). */
	private windowStart?: Sent;
	/** Aborted (and replaced) whenever the learned window changes: the creates waiting look again. */
	private changed = new AbortController();

	constructor(
		private readonly now: () => number = Date.now,
		private readonly sleep: Sleep = pause,
	) {}

	/** Closes the gate for `ms` from now (never shortens a longer closure). */
	close(ms: number): void {
		this.openAtMs = Math.max(this.openAtMs, this.now() + ms);
	}

	/** Waits until the gate is open; false when the user stopped the execution meanwhile. */
	async pass(signal?: AbortSignal): Promise<boolean> {
		for (;;) {
			const waitMs = this.openAtMs - this.now();
			if (waitMs <= 0) return true;
			if (!(await this.sleep(waitMs, signal))) return false;
		}
	}

	/**
	 * Waits for this create's turn (closure, probe, learned pace). Times in the clock's ms:
	 * `deadline` bounds every wait (set once the create met a 429 itself); while the limit is being
	 * learned, waits also end `spanMs` after the create started or the learning did, whichever
	 * was first, so a limit that never lifts fails the waiting items instead of probing for each.
	 */
	async passCreate(signal?: AbortSignal, limits: { deadline?: number; startedAt?: number; spanMs?: number } = {}): Promise<CreatePass> {
		for (;;) {
			if (signal?.aborted) return { type: 'stopped' };
			const now = this.now();
			let deadline = limits.deadline ?? Infinity;
			if (this.probing && limits.spanMs !== undefined) {
				deadline = Math.min(deadline, Math.min(limits.startedAt ?? now, this.probingSince) + limits.spanMs);
			}
			let at = this.openAtMs;
			let early = false;
			if (this.probing) {
				if (this.probeSeq !== undefined) {
					if (now > deadline) return { type: 'late', waitMs: 0 };
					if (!(await this.probeAnswered(signal))) return { type: 'stopped' };
					continue;
				}
			} else if (this.limit !== undefined) {
				const oldest = this.sent[this.sent.length - this.limit];
				if (oldest) {
					// From the oldest's arrival (estimated), plus a margin: this create's own way to the API
					// only makes it later.
					let slot = arrival(oldest) + this.hi + this.tolerance();
					const budget = this.earlySeq === undefined && this.hi - this.lo > this.tolerance() ? this.earlyBudget(now) : 0;
					if (budget > 0) {
						// One create at a time tries the window early, in even steps up the range it lies in:
						// let through, the window is at most that (the creates after it go sooner, and the
						// next window narrows the smaller range); turned away, at least that, and the next try
						// goes a step higher. At most EARLY_REFUSALS_PER_WINDOW are turned away in a window,
						// each a step apart, never in a burst; after them, creates go in their turn.
						slot = arrival(oldest) + this.lo + Math.max(this.tolerance(), (this.hi - this.lo) / (budget + 1));
						early = true;
					}
					at = Math.max(at, slot);
				}
			}
			if (at <= now) return { type: 'go', ticket: this.send(now, early) };
			if (at > deadline) return { type: 'late', waitMs: at - now };
			// Woken early when the schedule changes (a narrower window may mean an earlier turn).
			const changed = this.changed.signal;
			// (A signal of its own for each sleep: a hundred creates waiting add no listeners to one signal.)
			const slept = await this.sleep(at - now, AbortSignal.any(signal ? [signal, changed] : [changed]));
			if (!slept && signal?.aborted) return { type: 'stopped' };
		}
	}

	/** The create got an answer that is not a 429 (or none at all): it counts towards the limit. */
	answered(ticket: CreateTicket): void {
		const sent = this.counted(ticket);
		if (sent) sent.answeredAt = this.now();
		const self: Sent = sent ?? { seq: ticket.seq, at: ticket.at, answeredAt: this.now() };
		if (this.limit !== undefined) {
			// Let through: the window is no longer than the time since the limit-th create before it.
			const before = this.nthBefore(ticket.seq, this.limit);
			const hi = before ? Math.max(this.lo, Math.min(this.hi, arrival(self) - arrival(before))) : this.hi;
			if (hi < this.hi) {
				this.hi = hi;
				this.scheduleChanged();
			}
		}
		if (ticket.seq === this.earlySeq) {
			this.earlySeq = undefined;
			this.scheduleChanged(); // the next create may try the narrower range
		}
		if (ticket.seq === this.probeSeq) {
			this.probeSeq = undefined;
			const reference = this.reference!;
			// The limit: every create let through before this probe (within the horizon), also those
			// sent just after the refused one: requests overtake each other on the way to the API.
			const limit = Math.max(1, this.countBefore(reference));
			const first = this.nthBefore(reference.seq, limit);
			const before = this.nthBefore(ticket.seq, limit);
			this.limit = limit;
			const refused: Sent = this.lastProbeRefused ?? { seq: reference.seq, at: reference.at, answeredAt: reference.answeredAt };
			const beforeRefused = refused.seq === reference.seq ? first : this.nthBefore(refused.seq, limit);
			this.lo = beforeRefused ? Math.max(0, arrival(refused) - arrival(beforeRefused)) : 0;
			this.hi = Math.max(this.lo, arrival(self) - (before ? arrival(before) : arrival(refused)));
			this.learnedWindow = this.hi;
			this.probing = false;
			this.reference = undefined;
			this.windowStart = undefined;
			this.wakeProbeWaiters();
		}
		this.prune();
	}

	/**
	 * The create got a 429 (it created nothing, so it does not count). Answers how long this
	 * request itself waits before it passes the gate again; the gate holds back the others.
	 */
	limited(ticket: CreateTicket, retryAfterMs?: number): number {
		this.sent = this.sent.filter((sent) => sent.seq !== ticket.seq);
		const now = this.now();
		const self: Sent = { seq: ticket.seq, at: ticket.at, answeredAt: now };
		if (this.limit !== undefined) {
			const before = this.nthBefore(ticket.seq, this.limit);
			const gap = before ? arrival(self) - arrival(before) : 0;
			if (ticket.seq === this.earlySeq) this.earlySeq = undefined;
			if (gap < this.hi) {
				// Sent before the window's upper bound (early on purpose, to narrow it): the window is
				// longer than that gap. This create's next turn is its place in the pace; refusals like
				// it are counted, so they never come in a burst.
				this.lo = Math.max(this.lo, gap);
				this.earlyRefusals.push(now);
				this.scheduleChanged();
				return 0;
			}
			// Refused at or past the window's upper bound. The bound was measured on round trips
			// (a create counts at the middle of its own), and a busy machine stretches them: a burst
			// queued behind n8n's work arrives later than it was sent, a stall delays several creates
			// at once. So the window is longer than this gap, less what the estimates can be off;
			// the pace slows to it, and creates let through narrow it again. This also absorbs a
			// limit lowered a little (another client on the account): the window just grows.
			const error = before ? (roundTrip(self) + roundTrip(before)) / 2 : 0;
			this.widened = this.widened.filter((seq) => ticket.seq - seq <= this.limit!);
			if (this.widened.length < WIDENED_PER_WINDOW && gap < WINDOW_GROWTH * this.learnedWindow) {
				this.widened.push(ticket.seq);
				this.lo = Math.max(this.lo, gap - error);
				this.hi = Math.max(this.lo, gap + error + this.tolerance(), this.hi * (1 + WIDEN_STEP));
				this.scheduleChanged();
				return 0;
			}
			// Refused again and again within one window, or far past the window learned: the limit
			// changed (or another client takes much of it). Learn again, counting only sends within
			// the window we had.
			this.startLearning(ticket, this.hi + this.tolerance(), now);
		} else if (!this.probing) {
			this.startLearning(ticket, Infinity, now);
		} else if (ticket.seq === this.probeSeq) {
			this.probeSeq = undefined;
			this.lastProbeRefused = self;
			this.wakeProbeWaiters();
		}
		this.close(this.probeDelayMs(retryAfterMs, now));
		return 0;
	}

	private startLearning(ticket: CreateTicket, horizon: number, now: number): void {
		this.reference = { seq: ticket.seq, at: ticket.at, horizon, answeredAt: now };
		this.limit = undefined;
		this.lo = 0;
		this.hi = Infinity;
		this.probing = true;
		this.probeSeq = undefined;
		this.earlySeq = undefined;
		this.lastProbeRefused = undefined;
		this.learnedWindow = Infinity;
		this.widened = [];
		this.earlyRefusals = [];
		this.probingSince = now;
		this.windowStart = this.sent.find((sent) => sent.seq < ticket.seq && sent.at > ticket.at - horizon);
	}

	/**
	 * When the next probe goes: at the server's Retry-After; without it, about once a second, less
	 * often the longer the limit lasts, and just after the first counted create is a round span old.
	 */
	private probeDelayMs(retryAfterMs: number | undefined, now: number): number {
		const start = this.windowStart;
		// Its answer came after the API counted it: a probe sent a round span after that answer
		// arrives after the span has passed since it was counted.
		const base = start ? (start.answeredAt ?? now) + ROUND_PROBE_MARGIN_MS : undefined;
		// Strictly later than `wait`: a span that ends right now was tried already (a probe of 0 ms
		// would be refused and tried again at once, a burst).
		const roundAfter = (wait: number) =>
			base === undefined ? undefined : ROUND_WINDOWS_MS.map((span) => base + span - now).find((round) => round > wait);
		if (retryAfterMs !== undefined) {
			// Never sooner than the server asks; a little later when that lands on a round span.
			const wait = rateLimitDelayMs(0, retryAfterMs);
			const round = roundAfter(wait);
			return round !== undefined && round < 2 * wait ? round : wait;
		}
		const cadence = Math.min(PROBE_MAX_MS, Math.max(PROBE_MIN_MS, (now - this.probingSince) / PROBE_SHARE));
		const round = roundAfter(0);
		return round !== undefined && round < cadence ? round : cadence;
	}

	/** How many more early creates may be refused in the current window. */
	private earlyBudget(now: number): number {
		this.earlyRefusals = this.earlyRefusals.filter((at) => at > now - this.hi);
		return EARLY_REFUSALS_PER_WINDOW - this.earlyRefusals.length;
	}

	private send(now: number, early: boolean): CreateTicket {
		const ticket: Sent = { seq: this.seq++, at: now };
		this.sent.push(ticket);
		if (this.probing) this.probeSeq = ticket.seq;
		if (early) this.earlySeq = ticket.seq;
		return ticket;
	}

	private tolerance(): number {
		return Math.max(WINDOW_TOLERANCE_FLOOR_MS, this.hi * WINDOW_TOLERANCE);
	}

	/** The counted send of this ticket (searched from the newest: it is usually recent). */
	private counted(ticket: CreateTicket): Sent | undefined {
		for (let i = this.sent.length - 1; i >= 0; i--) if (this.sent[i].seq === ticket.seq) return this.sent[i];
		return undefined;
	}

	/** The n-th most recent counted send before `seq`. */
	private nthBefore(seq: number, n: number): Sent | undefined {
		let end = this.sent.length;
		while (end > 0 && this.sent[end - 1].seq >= seq) end--;
		return this.sent[end - n];
	}

	/**
	 * Sends let through within the reference 429's horizon, up to the moment its answer came
	 * (those sent just after it may have overtaken it on the way): at least the limit.
	 */
	private countBefore(reference: Reference): number {
		return this.sent.filter((sent) => sent.at <= reference.answeredAt && sent.at > reference.at - reference.horizon).length;
	}

	private prune(): void {
		if (this.limit !== undefined && Number.isFinite(this.hi)) {
			const keep = this.limit + 1;
			const cutoff = this.now() - 2 * this.hi;
			let drop = 0;
			while (drop < this.sent.length - keep && this.sent[drop].at < cutoff) drop++;
			if (drop > 0) this.sent.splice(0, drop);
		} else if (this.sent.length > LOG_CAP) {
			this.sent.splice(0, this.sent.length - LOG_CAP);
		}
	}

	private async probeAnswered(signal?: AbortSignal): Promise<boolean> {
		return await new Promise<boolean>((resolve) => {
			if (signal?.aborted) return resolve(false);
			const onAbort = () => resolve(false);
			signal?.addEventListener('abort', onAbort, { once: true });
			this.probeWaiters.push(() => {
				signal?.removeEventListener('abort', onAbort);
				resolve(true);
			});
		});
	}

	private scheduleChanged(): void {
		this.changed.abort();
		this.changed = new AbortController();
	}

	private wakeProbeWaiters(): void {
		const waiters = this.probeWaiters;
		this.probeWaiters = [];
		for (const wake of waiters) wake();
	}
}

/** When the API most likely counted the create: the middle of its round trip (the send while in flight). */
function arrival(sent: Sent): number {
	return sent.answeredAt === undefined ? sent.at : (sent.at + sent.answeredAt) / 2;
}

function roundTrip(sent: Sent): number {
	return sent.answeredAt === undefined ? 0 : sent.answeredAt - sent.at;
}
