/** What every Generate operation does once its images are known: validate, create, maybe wait. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { createTask, type RunState } from '../../shared/api';
import { taskResult, waitUntilDone } from '../../shared/completion';
import { readCommonOptions, readGenerationOptions, readOptions } from '../../shared/descriptions';
import { resolveImages, type ImageSpec } from '../../shared/images';
import { byteplusId, findModel, type GenerationMode } from '../../shared/models';
import { buildCreateTaskBody } from '../../shared/request';
import { CREDENTIAL_TYPE } from '../../shared/transport';

/** BytePlus spells the known models without "doubao-"; a user may pick either spelling anywhere. */
export function modelForProvider(model: string, provider: unknown): string {
	const known = findModel(model);
	if (!known) return model.trim();
	return provider === 'byteplus' ? byteplusId(known.id) : known.id;
}

export async function generate(
	this: IExecuteFunctions,
	itemIndex: number,
	state: RunState,
	mode: GenerationMode,
	imageSpecs: ImageSpec[],
): Promise<INodeExecutionData[]> {
	const options = readOptions(this, itemIndex);
	const settings = readCommonOptions(options);
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const model = this.getNodeParameter('model', itemIndex, '', { extractValue: true }) as string;
	const body = buildCreateTaskBody({
		mode,
		model: modelForProvider(String(model ?? ''), credentials.provider),
		prompt: String(this.getNodeParameter('prompt', itemIndex, '') ?? ''),
		images: await resolveImages.call(this, itemIndex, imageSpecs),
		options: readGenerationOptions(options),
	});

	const created = await createTask.call(this, body, settings, state);
	const taskId = String(created.answer.id);
	const recovered = created.recoveredFrom
		? { recovered: true, recoveryNote: `${created.recoveredFrom}; the task was found in the task list instead of being created again.` }
		: {};

	if (!this.getNodeParameter('waitForCompletion', itemIndex, false)) {
		return [{ json: { ...created.answer, id: taskId, model: body.model, ...recovered } }];
	}
	const task = await waitUntilDone.call(this, taskId, settings);
	const item = await taskResult.call(this, task, {
		simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean,
		download: this.getNodeParameter('downloadVideo', itemIndex, false) as boolean,
		settings,
	});
	Object.assign(item.json, recovered);
	return [item];
}
