/**
 * A Retry of a failed execution, or a run that takes over one (a worker died mid-batch),
 * recognises the tasks the failed run's items already made, instead of paying for them again.
 *
 * How: an item's recovery seed (recovery.ts) is not drawn at random but derived from who sends it:
 * this n8n instance, the workflow, the execution, the node and the item. Two runs never share it
 * (execution ids differ), two instances with a copy of the workflow never share it (instance ids
 * differ), so a normal run adopts nothing of earlier runs or other workflows. A Retry knows the id
 * of the execution it retries (n8n's `retryOf`), so it can derive the seed that execution's item
 * sent, and adopts a task only when that seed, the model and every echoed setting match, exactly
 * as create recovery does.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { RequestSettings } from '../http/attempt';
import type { CreateTaskBody } from '../request/body';
import { compareTask, fingerprintOf, withRecoverySeed } from './recovery';
import { SeedanceApiFailure } from '../shared/errors';
import type { SeedanceTask } from './taskObject';
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
 * The id of the execution a Retry retries. n8n hands it to the execution's lifecycle hooks
 * (`retryOf`), not to the node API: read defensively; undefined means "not a retry we can trace".
 */
export function retriedExecutionId(context: IExecuteFunctions): string | undefined {
	if (context.getMode() !== 'retry') return undefined;
	const hooks = (context as unknown as { additionalData?: { hooks?: { retryOf?: unknown } } }).additionalData?.hooks;
	const retryOf = hooks?.retryOf;
	return typeof retryOf === 'string' && retryOf !== '' ? retryOf : undefined;
}

/** How far back a Retry looks for its tasks: task records are readable for 7 days. */
export const retryTiming = { windowS: 7 * 24 * 3600, pageSize: 100, maxPages: 20 };

/**
 * The task the retried execution's item made, if any: one list look, newest first, back to the
 * window. Exactly one match is adopted; more than one is an error naming them (never a guess).
 */
export async function findRetriedTask(
	session: ApiSession,
	seeds: RecoverySeeds,
	body: CreateTaskBody,
	settings: RequestSettings,
	itemIndex: number,
	retryOf: string,
	asCommands: boolean,
): Promise<SeedanceTask | undefined> {
	const seed = seeds.seedFor(retryOf, itemIndex);
	const { body: sent, seed: used } = withRecoverySeed(body, seed, asCommands);
	if (used === undefined) return undefined; // a fixed seed: nothing tells this item's task apart
	const nowS = Math.floor(session.http.clock.now() / 1000);
	const print = fingerprintOf(sent, used, nowS - retryTiming.windowS);
	const matches: SeedanceTask[] = [];
	// Items retried together read the list together: one walk, one list call at a time.
	await session.taskList.walk({ page_size: retryTiming.pageSize }, settings, retryTiming.maxPages, ({ items }) => {
		for (const task of items) if (compareTask(task, print, 0) === 'match' && !matches.some((m) => m.id === task.id)) matches.push(task);
		const oldest = items[items.length - 1]?.created_at;
		return items.length < retryTiming.pageSize || (typeof oldest === 'number' && oldest < print.sentAtS);
	});
	if (matches.length > 1) {
		throw new SeedanceApiFailure(
			`Item ${itemIndex + 1}: the tasks ${matches.map((t) => t.id).join(', ')} all match what execution ${retryOf} sent for it`,
			'None was taken and no new task was created. Use Task → Get Task on the one you want.',
			{},
		);
	}
	return matches[0];
}
