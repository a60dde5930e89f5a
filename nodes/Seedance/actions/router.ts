/**
 * The only place that loops over items: one output item per input item (Get Many: one per task;
 * Image → Generate: one per image), each with its pairedItem; errors become n8n errors naming the
 * item, or error items on Continue On Fail.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import type { CreatedTasks } from '../api/tasks';
import { DEFAULT_CREATE_CONCURRENCY, DEFAULT_TASK_CONCURRENCY } from '../api/settings';
import { forEachBounded } from '../batch/pool';
import { isAwaiting, waitForTasks, type AwaitingTask } from '../batch/waitForTasks';
import { readCommonOptions, readOptions } from '../form/readers';
import { errorItemJson, toNodeError } from '../output/nodeError';
import { imageAgentView } from '../output/imageItem';
import { agentView } from '../output/taskView';
import { settled, type Settled } from '../shared/async';
import { ExecutionCancelledError } from '../shared/errors';
import { newExecution, type Execution } from './execution';
import * as image from './image';
import { madeImagesNote } from './image/imageRun';
import * as task from './task';
import * as video from './video';

interface Operation {
	/** The item's output (one or more items, all paired with it), or the task it still has to wait for (waited for with the whole batch). */
	execute(run: Execution, itemIndex: number): Promise<INodeExecutionData[] | AwaitingTask>;
	/** Checks an item without sending anything (operations that create paid tasks have it). */
	validate?(run: Execution, itemIndex: number): Promise<void>;
	/**
	 * Once, over every item `validate` passed, before the first item executes: what only the whole
	 * input can say (its estimate, the Spending Limit). Throwing stops every one of those items.
	 */
	checkBatch?(run: Execution, itemIndexes: number[]): Promise<void>;
}

/** What an AI agent sees of an item (it keeps only JSON), per resource. */
const AGENT_VIEWS: Record<string, (json: IDataObject) => IDataObject> = { image: imageAgentView };

const OPERATIONS: Record<string, Record<string, Operation>> = {
	video: {
		generateFromReferenceImages: video.generateFromReferenceImages,
		generateFromText: video.generateFromText,
		generateFromFirstFrame: video.generateFromFirstFrame,
		generateFromFirstLastFrame: video.generateFromFirstLastFrame,
		generateFromReference: video.generateFromReference,
		editVideo: video.editVideo,
		extendVideo: video.extendVideo,
		generateFromDraft: video.generateFromDraft,
		estimateCost: video.estimateCost,
	},
	task: { get: task.get, getMany: task.getMany, cancel: task.cancel, wait: task.wait },
	image: { generate: image.generate },
};

/** When an error stops the run, every task made in it (this item's too) must not vanish with it. */
function withCreatedTasks(error: ReturnType<typeof toNodeError>, createdTasks: CreatedTasks) {
	const said = `${error.message}\n${error.description ?? ''}`;
	const unnamed = createdTasks.filter((created) => !said.includes(created.taskId));
	if (unnamed.length === 0) return error;
	const list = unnamed.map((created) => `item ${created.itemIndex}: ${created.taskId}`).join(', ');
	error.description = `${error.description ? `${error.description}\n\n` : ''}Tasks already created in this run go on at Seedance (${list}). Pick them up with Task → Wait for Completion instead of running those items again.`;
	return error;
}

/** The same for images: they are billed once made, and the error is all that is left of the run. */
function withMadeImages(error: ReturnType<typeof toNodeError>, run: Execution) {
	const note = madeImagesNote(run.images.made, `${error.message}\n${error.description ?? ''}`);
	if (note !== '') error.description = `${error.description ? `${error.description}\n\n` : ''}${note}`;
	return error;
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const selected = OPERATIONS[resource]?.[operation];
	if (!selected) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not known`, {
			description: 'Choose an operation in the node, or update the n8n-nodes-seedance package.',
		});
	}

	const node = this.getNode();
	const run = newExecution(this);
	const continueOnFail = this.continueOnFail();

	const results: Array<{ items: INodeExecutionData[]; failed?: boolean }> = [];
	// The first failure that ends the run (without Continue On Fail, or Stop): no item starts after it.
	let ending: { itemIndex: number; cause: unknown } | undefined;
	const stopped = () => ending !== undefined;
	const record = (itemIndex: number, outcome: Settled<INodeExecutionData[]>) => {
		if (outcome.ok) {
			results[itemIndex] = { items: outcome.value };
			return;
		}
		const cause = outcome.error;
		if (!continueOnFail || cause instanceof ExecutionCancelledError) {
			ending ??= { itemIndex, cause };
			return;
		}
		const error = toNodeError(node, cause, itemIndex);
		results[itemIndex] = { items: [{ json: errorItemJson(error, cause) }], failed: true };
	};

	// Every item is checked before the first paid task: a bad item 7 stops the run before items
	// 0–6 are billed, so running again after the fix pays for nothing twice. With Continue On Fail a
	// bad item becomes its error item and the others go on; the whole input is still checked first,
	// so the batch's estimate (and its Spending Limit) covers every item that will be sent.
	const settledEarly = new Set<number>();
	const endsRun = (cause: unknown) => !continueOnFail || cause instanceof ExecutionCancelledError;
	if (selected.validate) {
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const checked = await settled(selected.validate(run, itemIndex));
			if (checked.ok) continue;
			if (endsRun(checked.error)) throw toNodeError(node, checked.error, itemIndex);
			record(itemIndex, checked);
			settledEarly.add(itemIndex);
		}
	}
	if (selected.checkBatch) {
		const batch = items.map((_, itemIndex) => itemIndex).filter((itemIndex) => !settledEarly.has(itemIndex));
		const checked = batch.length > 0 ? await settled(selected.checkBatch(run, batch)) : undefined;
		if (checked && !checked.ok) {
			if (endsRun(checked.error)) throw toNodeError(node, checked.error, batch[0]);
			for (const itemIndex of batch) {
				record(itemIndex, checked);
				settledEarly.add(itemIndex);
			}
		}
	}

	// Items go out together (Options → Concurrent Requests, read from the first item: it is a
	// property of the run; creates 100 at a time by default, task operations 10). Node versions 1
	// and 1.1 get this too, without a version bump: outputs, their order and pairedItem are the
	// same as one item after another; what changes is when requests reach the API, and the shared
	// rate gate keeps a 429 from multiplying. The one difference a user could see: when an item
	// fails without Continue On Fail, items already in flight still finish their create, and the
	// error names their tasks (as it names all tasks; n8n's Retry takes them over instead of paying
	// again). Get Many pages the list, which the provider allows once a
	// second: it stays one at a time.
	const concurrency = operation === 'getMany' ? 1 : firstItemConcurrency(run, resource === 'task' ? DEFAULT_TASK_CONCURRENCY : DEFAULT_CREATE_CONCURRENCY);
	const awaiting: Array<{ itemIndex: number; task: AwaitingTask }> = [];
	await forEachBounded(
		items.length,
		concurrency,
		async (itemIndex) => {
			if (settledEarly.has(itemIndex)) return;
			const outcome = await settled(selected.execute(run, itemIndex));
			if (outcome.ok && isAwaiting(outcome.value)) awaiting.push({ itemIndex, task: outcome.value });
			else record(itemIndex, outcome as Settled<INodeExecutionData[]>);
		},
		stopped,
	);
	if (!stopped()) {
		// Every task waited for together: one list request per round for the whole batch.
		awaiting.sort((a, b) => a.itemIndex - b.itemIndex);
		const waited = await settled(waitForTasks(run, awaiting, record, stopped));
		if (!waited.ok) ending ??= { itemIndex: awaiting[0]?.itemIndex ?? 0, cause: waited.error };
	}
	if (ending) throw withMadeImages(withCreatedTasks(toNodeError(node, ending.cause, ending.itemIndex), run.createdTasks), run);

	// n8n runs a node used by an AI agent under the type name "<name>Tool".
	const forAgent = node.type.endsWith('Tool');
	const agentViewOf = AGENT_VIEWS[resource] ?? agentView;
	const output: INodeExecutionData[] = [];
	results.forEach(({ items: itemResults, failed }, itemIndex) => {
		for (const result of itemResults) {
			const json = forAgent && !failed ? agentViewOf(result.json) : result.json;
			output.push({ ...result, json, pairedItem: { item: itemIndex } });
		}
	});
	return [output];
}

function firstItemConcurrency(run: Execution, fallback: number): number {
	try {
		return readCommonOptions(readOptions(run.parameters, 0), fallback).concurrency;
	} catch {
		return fallback; // item 0's own options error shows on item 0
	}
}
