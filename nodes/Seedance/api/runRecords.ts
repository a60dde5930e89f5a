/**
 * What a Generate run leaves for a later take-over or Retry of it, in n8n's deduplication store
 * (scope "node": one row per workflow and node, written to n8n's database at once, so it outlives
 * a worker that dies; `n8n execute`, workers and mains all have it):
 *
 *   run:X       execution X ran Generate in this node (written before its first create)
 *   via:X       X takes over, or retries, another execution (written with run:X)
 *   ready:X     X has recorded every task it took over (written before its first create)
 *   task:X:T    task T is one of X's items' tasks, where X's own seed does not say so (a task X
 *               took over from an earlier run, a final from a draft, a fixed seed, recovery off)
 *   bit:X:T:k   …and bit k of that item's index is 1
 *
 * The store keeps hashes and answers only "seen before?", and recording is the only way to ask:
 * what a question recorded that was not there is removed again at once. Its writes are
 * read-modify-write without a lock: one run's calls go one at a time (a queue), but two executions
 * of the same workflow writing at the same moment can lose each other's new entries. Each write
 * sends the run's markers again, so a marker lost that way comes back with the run's next write.
 */
import type { IDataObject } from 'n8n-workflow';

/** The deduplication helpers of an execute context (n8n 1.x and 2.x have them). */
export interface DeduplicationHelpers {
	checkProcessedAndRecord(
		items: string[],
		scope: 'node',
		options: { mode: 'entries'; maxEntries?: number },
	): Promise<{ new: unknown[]; processed: unknown[] }>;
	removeProcessed(items: string[], scope: 'node', options: { mode: 'entries' }): Promise<void>;
}

/**
 * The row keeps this many entries, oldest dropped first: a normal run adds one, a take-over one per
 * marker and about two per item (fewer bits for low item numbers). Records are needed for the 7
 * days Seedance keeps a task; the row is read and written whole by each write, so it stays small.
 */
export const MAX_RECORDS = 10_000;

/** Bits of an item's index that a record can carry (indexes up to 2^31-1). */
const INDEX_BITS = 31;

export const recordKeys = {
	run: (execution: string) => `run:${execution}`,
	via: (execution: string) => `via:${execution}`,
	ready: (execution: string) => `ready:${execution}`,
	task: (execution: string, taskId: string) => `task:${execution}:${taskId}`,
	bit: (execution: string, taskId: string, bit: number) => `bit:${execution}:${taskId}:${bit}`,
	/** Everything that says task T is item `itemIndex`'s in execution X. */
	itemTask(execution: string, itemIndex: number, taskId: string): string[] {
		const keys = [recordKeys.task(execution, taskId)];
		for (let bit = 0; bit < INDEX_BITS; bit++) if (itemIndex & (2 ** bit)) keys.push(recordKeys.bit(execution, taskId, bit));
		return keys;
	},
	/** The keys whose presence spells out task T's item index in execution X. */
	indexBits(execution: string, taskId: string): string[] {
		return Array.from({ length: INDEX_BITS }, (_, bit) => recordKeys.bit(execution, taskId, bit));
	},
};

/** The item index spelled by the bits of `taskId` that `present` holds. */
export function indexFromBits(execution: string, taskId: string, present: Set<string>): number {
	return recordKeys.indexBits(execution, taskId).reduce((index, key, bit) => (present.has(key) ? index + 2 ** bit : index), 0);
}

/** One run's records: questions and writes go one at a time; writes that wait together go as one. */
export class RunRecords {
	private queue: Promise<unknown> = Promise.resolve();
	/** The run's markers (run:, via:, ready:), sent again with every write. */
	private readonly markers = new Set<string>();
	private waiting: string[] = [];
	private nextWrite?: Promise<void>;

	constructor(private readonly store: DeduplicationHelpers | undefined) {}

	/** Whether n8n gave this context the store (an execute context of n8n 1.x and 2.x does). */
	get available(): boolean {
		return this.store !== undefined;
	}

	/** Which of `keys` are recorded. Throws when the store can't be read. */
	async has(keys: string[]): Promise<Set<string>> {
		const store = this.need();
		if (keys.length === 0) return new Set();
		return await this.inTurn(async () => {
			// No maxEntries: a question must never push out old entries, even for a moment.
			const answer = await store.checkProcessedAndRecord(keys, 'node', { mode: 'entries' });
			const asked = answer.new.map(String);
			if (asked.length > 0) await store.removeProcessed(asked, 'node', { mode: 'entries' });
			return new Set(answer.processed.map(String));
		});
	}

	/** Records `keys` (markers are kept and sent again with every later write). Throws when the store can't be written. */
	async add(keys: string[], options: { markers?: boolean } = {}): Promise<void> {
		const store = this.need();
		if (options.markers) for (const key of keys) this.markers.add(key);
		this.waiting.push(...keys);
		this.nextWrite ??= this.inTurn(async () => {
			const batch = [...new Set([...this.markers, ...this.waiting])];
			this.waiting = [];
			this.nextWrite = undefined;
			await store.checkProcessedAndRecord(batch, 'node', { mode: 'entries', maxEntries: MAX_RECORDS });
		});
		await this.nextWrite;
	}

	private need(): DeduplicationHelpers {
		if (!this.store) throw new Error("n8n's deduplication store is not available here");
		return this.store;
	}

	private async inTurn<T>(work: () => Promise<T>): Promise<T> {
		const turn = this.queue.then(work);
		this.queue = turn.then(
			() => undefined,
			() => undefined,
		);
		return await turn;
	}
}

/** The store from an execute context's helpers, if it has one. */
export function deduplicationHelpers(helpers: object): DeduplicationHelpers | undefined {
	const h = helpers as Partial<DeduplicationHelpers> & IDataObject;
	return typeof h.checkProcessedAndRecord === 'function' && typeof h.removeProcessed === 'function'
		? { checkProcessedAndRecord: h.checkProcessedAndRecord.bind(helpers), removeProcessed: h.removeProcessed.bind(helpers) }
		: undefined;
}
