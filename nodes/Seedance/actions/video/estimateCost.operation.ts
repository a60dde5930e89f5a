/**
 * Video → Estimate Cost: what a Generate operation would cost for these items, and the whole
 * input's total, without creating anything. Its form is the chosen Generate operation's own form
 * (Estimate For), read and checked by that operation's own code, so the estimate comes from the
 * very bodies a Generate run with the same settings would send, and an input that Generate would
 * refuse is refused here too. A workflow can show the estimate, or ask for approval, before the
 * real run; an AI agent can ask what a video would cost.
 */
import { updateDisplayOptions, type IDataObject, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { waitFields } from '../../form/descriptions';
import { costJson } from '../../output/taskView';
import { describeSpec, type SpendingLimitCheck } from '../../request/estimate';
import { SeedanceInputError } from '../../shared/errors';
import type { Execution } from '../execution';
import * as editVideo from './editVideo.operation';
import * as extendVideo from './extendVideo.operation';
import { estimateBatch, specOfChecked } from './generate';
import * as generateFromDraft from './generateFromDraft.operation';
import * as generateFromFirstFrame from './generateFromFirstFrame.operation';
import * as generateFromFirstLastFrame from './generateFromFirstLastFrame.operation';
import * as generateFromReference from './generateFromReference.operation';
import * as generateFromReferenceImages from './generateFromReferenceImages.operation';
import * as generateFromText from './generateFromText.operation';

interface GenerateOperation {
	properties: INodeProperties[];
	validate(run: Execution, itemIndex: number): Promise<void>;
}

/** The Generate operations, by their operation value, with the name the Operation list gives them. */
const GENERATE: Record<string, { name: string; operation: GenerateOperation }> = {
	editVideo: { name: 'Edit Video', operation: editVideo },
	extendVideo: { name: 'Extend Video', operation: extendVideo },
	generateFromDraft: { name: 'Generate Final Video From Draft', operation: generateFromDraft },
	generateFromFirstLastFrame: { name: 'Generate From First and Last Frame', operation: generateFromFirstLastFrame },
	generateFromFirstFrame: { name: 'Generate From First Frame', operation: generateFromFirstFrame },
	generateFromReference: { name: 'Generate From Multimodal Reference', operation: generateFromReference },
	generateFromReferenceImages: { name: 'Generate From Reference Images', operation: generateFromReferenceImages },
	generateFromText: { name: 'Generate From Text', operation: generateFromText },
};

const DEFAULT_ESTIMATE_FOR = 'generateFromReference';

const properties: INodeProperties[] = [
	{
		displayName: 'Estimate For',
		name: 'estimateFor',
		type: 'options',
		noDataExpression: true,
		default: DEFAULT_ESTIMATE_FOR,
		options: Object.entries(GENERATE).map(([value, { name }]) => ({ name, value })),
		description:
			'The Generate operation to price: its form follows, the same fields with the same names. Set them as in the Generate node (or copy that node and switch its operation): nothing is created.',
	},
];

/** The Generate operation's form under Estimate For, without what only a real run uses (waiting, downloading). */
const forms: INodeProperties[] = Object.entries(GENERATE).flatMap(([value, { operation }]) =>
	updateDisplayOptions(
		{ show: { estimateFor: [value] } },
		operation.properties.filter((property) => !waitFields.includes(property)),
	),
);

export const description = updateDisplayOptions({ show: { resource: ['video'], operation: ['estimateCost'] } }, [...properties, ...forms]);

function estimateFor(run: Execution, itemIndex: number): string {
	const value = String(run.parameters.read('estimateFor', itemIndex, DEFAULT_ESTIMATE_FOR));
	if (!GENERATE[value]) {
		throw new SeedanceInputError(
			`Estimate For "${value}" is not a Generate operation`,
			`Choose one of: ${Object.values(GENERATE)
				.map(({ name }) => name)
				.join(', ')}.`,
		);
	}
	return value;
}

/** The item is read and checked exactly as the Generate operation would, and nothing is sent. */
export async function validate(run: Execution, itemIndex: number): Promise<void> {
	await GENERATE[estimateFor(run, itemIndex)].operation.validate(run, itemIndex);
}

/** Every checked item's estimate and the total, with the Spending Limit's verdict when one is set. */
export async function checkBatch(run: Execution, itemIndexes: number[]): Promise<void> {
	const { total, spendingLimit } = await estimateBatch(run, itemIndexes);
	const failed = run.context.getInputData().length - itemIndexes.length;
	const notes = [total.note, failed > 0 ? `${failed} item${failed === 1 ? '' : 's'} failed their checks and ${failed === 1 ? 'is' : 'are'} not in the total.` : undefined];
	const note = notes.filter((n) => n !== undefined).join(' ');
	run.batch.total = { ...total, ...(note ? { note } : {}) };
	run.batch.spendingLimit = spendingLimit;
	run.batch.failedChecks = failed;
}

function limitJson(check: SpendingLimitCheck): IDataObject {
	return {
		limit: check.limit,
		currency: check.currency ?? null,
		withinLimit: check.withinLimit,
		...(check.withinLimit ? {} : { reason: check.reason ?? null, message: check.message ?? null, description: check.description ?? null }),
	};
}

export async function execute(run: Execution, itemIndex: number): Promise<INodeExecutionData[]> {
	const checked = run.checked.get(itemIndex);
	const cost = run.estimates.get(itemIndex);
	run.checked.delete(itemIndex);
	if (!checked || !cost || !run.batch.total) throw new Error(`Item ${itemIndex} was not checked before its estimate`);
	const spec = specOfChecked(checked);
	const json: IDataObject = {
		estimateFor: estimateFor(run, itemIndex),
		request: describeSpec(spec),
		model: spec.model,
		resolution: spec.resolution ?? null,
		ratio: spec.ratio ?? null,
		duration: spec.duration ?? null,
		...(spec.frames !== undefined ? { frames: spec.frames } : {}),
		videoInput: spec.hasVideoInput ?? null,
		videoInputSeconds: spec.videoInputSeconds ?? null,
		cost: costJson(cost),
		total: { ...costJson(run.batch.total), items: run.batch.total.counts.estimated + run.batch.total.counts.unknown },
	};
	if (run.batch.spendingLimit) json.spendingLimit = limitJson(run.batch.spendingLimit);
	return [{ json }];
}
