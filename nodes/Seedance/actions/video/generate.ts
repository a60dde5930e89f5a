/** What every Generate operation does once its images are known: validate, create, maybe wait. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { createTask, type RunState } from '../../shared/api';
import { taskItem, waitUntilDone } from '../../shared/completion';
import { readCommonOptions, readGenerationOptions, readOptions } from '../../shared/descriptions';
import { resolveImages, type ImageSpec } from '../../shared/images';
import { byteplusId, findModel, type GenerationMode } from '../../shared/models';
import { buildCreateTaskBody, SeedanceInputError, type CreateTaskBody } from '../../shared/request';
import { CREDENTIAL_TYPE } from '../../shared/transport';

/** BytePlus spells the known models without "doubao-"; a user may pick either spelling anywhere. */
export function modelForProvider(model: string, provider: unknown): string {
	const known = findModel(model);
	if (!known) return model.trim();
	return provider === 'byteplus' ? byteplusId(known.id) : known.id;
}

/** A text field as text: an expression that gives an object or a list must not become "[object Object]" in a paid task. */
function textParameter(value: unknown, label: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw new SeedanceInputError(
		`${label} must be text, but its expression gave ${Array.isArray(value) ? 'a list' : 'an object'}`,
		`Make the ${label} expression give text, e.g. pick one field ({{ $json.text }}) or join a list ({{ $json.parts.join(' ') }}).`,
	);
}

type ImageSpecs = (context: IExecuteFunctions, itemIndex: number) => ImageSpec[];

async function prepareBody(
	context: IExecuteFunctions,
	itemIndex: number,
	mode: GenerationMode,
	imageSpecs: ImageSpecs,
): Promise<CreateTaskBody> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const model = textParameter(context.getNodeParameter('model', itemIndex, '', { extractValue: true }), 'Model');
	return buildCreateTaskBody({
		mode,
		model: modelForProvider(model, credentials.provider),
		prompt: textParameter(context.getNodeParameter('prompt', itemIndex, ''), 'Prompt'),
		images: await resolveImages.call(context, itemIndex, imageSpecs(context, itemIndex)),
		options: readGenerationOptions(readOptions(context, itemIndex)),
	});
}

async function generate(
	this: IExecuteFunctions,
	itemIndex: number,
	state: RunState,
	body: CreateTaskBody,
): Promise<INodeExecutionData[]> {
	const options = readOptions(this, itemIndex);
	const settings = readCommonOptions(options);
	const created = await createTask.call(this, body, settings, state, itemIndex, {
		asCommands: options.sendParametersAs === 'prompt',
	});
	const taskId = String(created.answer.id);
	const recovered = created.recoveredFrom
		? { recovered: true, recoveryNote: `${created.recoveredFrom}; the task was found in the task list instead of being created again.` }
		: {};

	if (!this.getNodeParameter('waitForCompletion', itemIndex, false)) {
		return [{ json: { ...created.answer, id: taskId, model: body.model, ...recovered } }];
	}
	const item = await taskItem.call(this, itemIndex, await waitUntilDone.call(this, taskId, settings), settings);
	Object.assign(item.json, recovered);
	return [item];
}

/**
 * A Generate operation from its mode and where its images come from. `validate` checks an item
 * without sending anything, so the router can check every item before the first paid task.
 */
export function generateOperation(mode: GenerationMode, imageSpecs: ImageSpecs) {
	return {
		async validate(this: IExecuteFunctions, itemIndex: number): Promise<void> {
			readCommonOptions(readOptions(this, itemIndex));
			await prepareBody(this, itemIndex, mode, imageSpecs);
		},
		async execute(this: IExecuteFunctions, itemIndex: number, state: RunState): Promise<INodeExecutionData[]> {
			return await generate.call(this, itemIndex, state, await prepareBody(this, itemIndex, mode, imageSpecs));
		},
	};
}
