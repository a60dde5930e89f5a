/**
 * Reading the task list: BytePlus allows one list call a second, so every list call of an
 * execution goes through one pacer (the batch wait's rounds, recovery looks, a take-over finding
 * its tasks), and items that walk the list at the same time share one walk.
 */
import type { IDataObject } from 'n8n-workflow';

import { ExecutionCancelledError } from '../shared/errors';
import type { SeedanceConnection } from '../http/connection';
import type { RequestSettings } from '../http/attempt';
import { asTaskList, TASKS_PATH, type SeedanceTask } from './taskObject';

/** A module object so tests can shrink the gap (virtual time, not thresholds). */
export const listTiming = {
	/** BytePlus allows one list call per second. */
	gapMs: 1_000,
};

/** A page of the task list as a walk hands it to each reader: answers true when the reader has seen enough. */
export type PageReader = (page: { items: SeedanceTask[]; total: number; pageNum: number }) => boolean;

interface Reader {
	read: PageReader;
	resolve: () => void;
	reject: (error: unknown) => void;
}

interface Walk {
	query: IDataObject;
	/** The first reader's (Retries, Request Timeout): every reader's calls are reads. */
	settings: RequestSettings;
	maxPages: number;
	readers: Reader[];
}

/** One per execution: the pace of its list calls and the walks waiting for their turn. */
export class TaskListReader {
	private lastEndMs = -Infinity;
	private queue: Promise<unknown> = Promise.resolve();
	/** Walks waiting for their first page's turn, by query: a reader that comes meanwhile joins. */
	private readonly waitingWalks = new Map<string, Walk>();

	constructor(private readonly connection: SeedanceConnection) {}

	/**
	 * Runs `call` in the list's turn: each list call starts `listTiming.gapMs` after the previous
	 * one ended (so the provider sees at most one a second whatever the latency).
	 */
	async paced<T>(call: () => Promise<T>): Promise<T> {
		const { clock } = this.connection;
		const turn = this.queue.then(async () => {
			const wait = this.lastEndMs + listTiming.gapMs - clock.now();
			if (wait > 0 && !(await clock.sleep(wait, this.connection.signal))) throw new ExecutionCancelledError();
			try {
				return await call();
			} finally {
				this.lastEndMs = clock.now();
			}
		});
		this.queue = turn.then(
			() => undefined,
			() => undefined,
		);
		return await turn;
	}

	/** One page of the list, in its turn. */
	async page(query: IDataObject, settings: RequestSettings): Promise<{ items: SeedanceTask[]; total: number }> {
		return await this.paced(async () => asTaskList(await this.connection.request({ method: 'GET', path: TASKS_PATH, qs: query, kind: 'read', settings })));
	}

	/**
	 * Reads the task list newest first, page by page, until `read` has seen enough (or `maxPages`).
	 * Every item of a run that looks at the list at the same time shares one walk: readers that ask
	 * while a walk waits for its turn join it, and each page goes to every reader still reading. A
	 * gateway that drops the answers of a whole burst of creates costs a few list calls, not one
	 * walk per item.
	 */
	async walk(query: IDataObject, settings: RequestSettings, maxPages: number, read: PageReader): Promise<void> {
		const key = JSON.stringify({ query, maxPages });
		const waiting = this.waitingWalks.get(key);
		const walk = waiting ?? { query, settings, maxPages, readers: [] };
		const reading = new Promise<void>((resolve, reject) => walk.readers.push({ read, resolve, reject }));
		if (!waiting) {
			this.waitingWalks.set(key, walk);
			void this.run(key, walk);
		}
		await reading;
	}

	private async run(key: string, walk: Walk): Promise<void> {
		// Its turn came (or never will): later readers start a walk of their own.
		const close = () => {
			if (this.waitingWalks.get(key) === walk) this.waitingWalks.delete(key);
		};
		// Until the first page's turn this is the array readers join; after it, those still reading.
		let reading = walk.readers;
		try {
			for (let pageNum = 1; pageNum <= walk.maxPages && reading.length > 0; pageNum++) {
				const answer = await this.paced(async () => {
					close();
					return await this.connection.request({
						method: 'GET',
						path: TASKS_PATH,
						qs: { ...walk.query, page_num: pageNum },
						kind: 'read',
						settings: walk.settings,
					});
				});
				const page = { ...asTaskList(answer), pageNum };
				reading = reading.filter((reader) => {
					if (!reader.read(page)) return true;
					reader.resolve();
					return false;
				});
			}
			for (const reader of reading) reader.resolve(); // the pages ran out
		} catch (error) {
			close();
			for (const reader of reading) reader.reject(error);
		}
	}
}
