/**
 * A Retry of a failed execution, or a run that takes over one (a worker died mid-batch),
 * recognises the tasks the failed run's items already had, instead of paying for them again,
 * whichever run of a chain of take-overs and Retries made them.
 *
 * How: an item's recovery seed (recovery.ts) is not drawn at random but derived from who sends it:
 * this n8n instance, the workflow, the execution, the node and the item. Two runs never share it
 * (execution ids differ), two instances with a copy of the workflow never share it (instance ids
 * differ), so a normal run adopts nothing of earlier runs or other workflows. A run that takes over
 * execution P knows P's id, so it can derive the seed P's item sent. A task P's item did not make
 * with its own seed (one P took over from an earlier run; a final from a draft; a fixed seed;
 * recovery off) is known from P's records (runRecords.ts). Before its first create, a take-over
 * records every task of P's chain it found, by item, so whoever takes it over next finds them too.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { RequestSettings } from '../http/attempt';
import { recordKeys, indexFromBits, type RunRecords } from './runRecords';
import { sameRequest, type Fingerprint } from './recovery';
import { SeedanceApiFailure, SeedanceInputError } from '../shared/errors';
import { MAX_LIST_PAGE_SIZE, type SeedanceTask } from './taskObject';
import type { ApiSession } from './session';

/** Pure: a seed in 0…2^31-1 from the sender's identity (FNV-1a, then folded). */
export function identitySeed(parts: Array<string | number>): number {
	let hash = 0x811c9dc5;
	const text = parts.map(String).join('\u0000');
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	// A second round over the first hash spreads near-identical inputs (item 1 vs 2) further.
	let mixed = hash ^ (hash >>> 16);
	mixed = Math.imul(mixed, 0x85ebca6b) >>> 0;
	mixed ^= mixed >>> 13;
	mixed = Math.imul(mixed, 0xc2b2ae35) >>> 0;
	mixed ^= mixed >>> 16;
	return (mixed >>> 0) % 2 ** 31;
}

/** The recovery seeds of one execution's items, from who sends them (read once: `getNode()` copies every parameter). */
export class RecoverySeeds {
	private readonly instance: string;
	private readonly workflow: string;
	private readonly node: string;

	constructor(context: IExecuteFunctions) {
		this.instance = typeof context.getInstanceId === 'function' ? context.getInstanceId() : '';
		this.workflow = context.getWorkflow().id ?? '';
		const node = context.getNode();
		this.node = node.id ?? node.name;
	}

	/** The seed execution `executionId`'s item `itemIndex` sends. */
	seedFor(executionId: string, itemIndex: number): number {
		return identitySeed(['seedance-recovery', this.instance, this.workflow, executionId, this.node, itemIndex]);
	}
}

/**
 * The id of the execution a Retry retries. n8n 2.x hands it to the execution's lifecycle hooks
 * (`retryOf`), not to the node API: read defensively; undefined means "not a retry we can trace"
 * (n8n 1.x has no such field).
 */
export function retriedExecutionId(context: IExecuteFunctions): string | undefined {
	if (context.getMode() !== 'retry') return undefined;
	const hooks = (context as unknown as { additionalData?: { hooks?: { retryOf?: unknown } } }).additionalData?.hooks;
	const retryOf = hooks?.retryOf;
	return typeof retryOf === 'string' && retryOf !== '' ? retryOf : undefined;
}

/** How far back a take-over looks for its tasks: task records are readable for 7 days. */
export const retryTiming = { windowS: 7 * 24 * 3600, pageSize: MAX_LIST_PAGE_SIZE, maxPages: 40 };

/** The execution a run takes over: named in Options → Take Over Tasks of Execution, or retried by n8n. */
export interface EarlierExecution {
	id: string;
	how: 'option' | 'retry';
}

/** A task of the earlier execution's chain, and whether that execution's own seed made it. */
export interface ChainTask {
	task: SeedanceTask;
	ownSeed: boolean;
}

/** The tasks of an earlier execution's chain, as one read of the task list found them. */
export interface Lineage {
	execution: string;
	byItem: Map<number, ChainTask[]>;
	/** Tasks that echo no seed (a relay dropped it) and no record names: they could be any item's. */
	unknown: SeedanceTask[];
	/** The list was read back 7 days (or to its end); else an item with none found may still have one. */
	complete: boolean;
}

export interface RunStart {
	lineage?: Lineage;
}

const OPTION = 'Options → Take Over Tasks of Execution';

function refused(earlier: EarlierExecution, message: string, description: string): SeedanceInputError {
	return new SeedanceInputError(`${earlier.how === 'option' ? `${OPTION}: ` : 'This Retry: '}${message}`, description);
}

/** Reads the task list once and sorts out which tasks were which item's in `earlier`'s chain. */
async function readLineage(
	session: ApiSession,
	seeds: RecoverySeeds,
	records: RunRecords,
	earlier: string,
	itemCount: number,
	settings: RequestSettings,
): Promise<Lineage & { ownSeedFound: boolean }> {
	const itemOfSeed = new Map<number, number>();
	for (let item = itemCount - 1; item >= 0; item--) itemOfSeed.set(seeds.seedFor(earlier, item), item);
	const byItem = new Map<number, ChainTask[]>();
	const put = (item: number, entry: ChainTask) => byItem.set(item, [...(byItem.get(item) ?? []), entry]);
	const others: SeedanceTask[] = [];
	const since = Math.floor(session.http.clock.now() / 1000) - retryTiming.windowS;
	let complete = false;
	let ownSeedFound = false;
	// Items taken over together read the list together: one walk, one list call at a time.
	await session.taskList.walk({ page_size: retryTiming.pageSize }, settings, retryTiming.maxPages, ({ items }) => {
		for (const task of items) {
			const item = typeof task.seed === 'number' ? itemOfSeed.get(task.seed) : undefined;
			if (item !== undefined) {
				put(item, { task, ownSeed: true });
				ownSeedFound = true;
			} else others.push(task);
		}
		const oldest = items[items.length - 1]?.created_at;
		const done = items.length < retryTiming.pageSize || (typeof oldest === 'number' && oldest < since);
		complete ||= done;
		return done;
	});
	// Tasks the earlier execution recorded as its items' (took over, or made without its own seed).
	const recorded = await records.has(others.map((task) => recordKeys.task(earlier, task.id)));
	const theirs = others.filter((task) => recorded.has(recordKeys.task(earlier, task.id)));
	const bits = await records.has(theirs.flatMap((task) => recordKeys.indexBits(earlier, task.id)));
	for (const task of theirs) {
		const item = indexFromBits(earlier, task.id, bits);
		if (item < itemCount) put(item, { task, ownSeed: false });
	}
	const unknown = others.filter((task) => (task.seed === undefined || task.seed === null) && !recorded.has(recordKeys.task(earlier, task.id)));
	return { execution: earlier, byItem, unknown, complete, ownSeedFound };
}

/**
 * What a Generate run does once, before its first create: records that it ran, and when it takes
 * over an earlier execution, checks that execution, reads its chain's tasks and records them as
 * its own items' (so a take-over of this run finds them too). Throws, before anything is paid
 * for, when the earlier execution can't be taken over.
 */
export async function startRun(start: {
	session: ApiSession;
	seeds: RecoverySeeds;
	records: RunRecords;
	executionId: string | undefined;
	earlier?: EarlierExecution;
	itemCount: number;
	settings: RequestSettings;
	/** n8n's stored run data of an execution; undefined when there is none. */
	executionData: (executionId: string) => Promise<unknown>;
}): Promise<RunStart> {
	const { records, executionId: self, earlier } = start;
	if (!earlier) {
		// Best effort: without it, a take-over of this run still finds its tasks by their seeds.
		if (self && records.available) await records.add([recordKeys.run(self)], { markers: true }).catch(() => undefined);
		return {};
	}
	const taken = earlier.id;
	if (taken === self) {
		throw refused(earlier, `execution ${taken} is this execution`, 'Name the execution that stopped part-way, from the Executions list.');
	}
	if (!records.available || !self) {
		throw refused(
			earlier,
			"n8n's deduplication store is not available here, where the node keeps what each run took over",
			'Nothing was created. Find the tasks with Task → Get Many instead.',
		);
	}
	const known = await records.has([recordKeys.run(taken), recordKeys.via(taken), recordKeys.ready(taken)]);
	const ranHere = known.has(recordKeys.run(taken));
	if (earlier.how === 'option' && !ranHere && (await start.executionData(taken)) === undefined) {
		throw refused(
			earlier,
			`there is no execution ${taken} (or n8n deleted its data)`,
			'Nothing was created. Copy the ID of the execution that stopped part-way from the Executions list, or remove the option.',
		);
	}
	if (known.has(recordKeys.via(taken)) && !known.has(recordKeys.ready(taken))) {
		throw refused(
			earlier,
			`execution ${taken} stopped while it was taking over another execution, before it had recorded which tasks it took`,
			`Nothing was created: this run can't tell which of the earlier execution's tasks were ${taken}'s items'. It created nothing itself; take over (or Retry) the execution it was taking over instead, or find the tasks with Task → Get Many.`,
		);
	}
	await records.add([recordKeys.run(self), recordKeys.via(self)], { markers: true });
	const lineage = await readLineage(start.session, start.seeds, records, taken, start.itemCount, start.settings);
	const found = [...lineage.byItem.values()].some((tasks) => tasks.length > 0);
	if (earlier.how === 'option' && !ranHere && !found) {
		await records.add([recordKeys.ready(self)], { markers: true });
		throw refused(
			earlier,
			`execution ${taken} is not a run of this node in this workflow (no record of it, and no task of it in the last 7 days)`,
			'Nothing was created. Check the ID in the Executions list; if that execution created no task at all, remove the option to create every item.',
		);
	}
	const transfer = [...lineage.byItem].flatMap(([item, tasks]) => tasks.flatMap(({ task }) => recordKeys.itemTask(self, item, task.id)));
	await records.add([recordKeys.ready(self), ...transfer], { markers: true });
	return { lineage };
}

/**
 * The task an item takes from the earlier execution's chain: exactly one of its tasks that echoes
 * the model and every setting the item sends. Undefined when it has none (the item creates one);
 * throws, creating nothing, when the tasks can't tell which is the item's.
 */
export function chainTaskFor(lineage: Lineage, itemIndex: number, print: Fingerprint): ChainTask | undefined {
	const mine = lineage.byItem.get(itemIndex) ?? [];
	const same = mine.filter(({ task }) => sameRequest(task, print) === 'same');
	const unsure = mine.filter(({ task }) => sameRequest(task, print) === 'unknown');
	const names = (tasks: SeedanceTask[]) => tasks.map((task) => task.id).join(', ');
	const notCreated = 'Nothing was created for this item, so that nothing is paid twice. Pick the one that is its task with Task → Get Task, or find it with Task → Get Many.';
	if (same.length === 1 && unsure.length === 0) return same[0];
	if (same.length + unsure.length > 0) {
		throw new SeedanceApiFailure(
			`Item ${itemIndex + 1}: execution ${lineage.execution} had the tasks ${names([...same, ...unsure].map((c) => c.task))} for it, and their fields can't tell which one is this item's request`,
			notCreated,
			{},
		);
	}
	const maybe = lineage.unknown.filter((task) => sameRequest(task, print) !== 'different');
	if (maybe.length > 0) {
		const shown = maybe.slice(0, 20);
		throw new SeedanceApiFailure(
			`Item ${itemIndex + 1}: its task from execution ${lineage.execution} may be one of ${names(shown)}${maybe.length > shown.length ? ` and ${maybe.length - shown.length} more` : ''} (they echo no seed, so none can be told to be this item's)`,
			notCreated,
			{},
		);
	}
	if (!lineage.complete) {
		throw new SeedanceApiFailure(
			`Item ${itemIndex + 1}: no task of execution ${lineage.execution} was found for it, but the task list holds more tasks than the node reads (${retryTiming.maxPages * retryTiming.pageSize})`,
			notCreated,
			{},
		);
	}
	return undefined;
}
