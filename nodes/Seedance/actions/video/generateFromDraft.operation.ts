import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { generationOptions, modelField, waitFields } from '../../form/descriptions';
import { generateOperation } from './generate';

/** 2.5's draft follow-up: the draft's id and nothing the draft fixed. */
export const properties: INodeProperties[] = [
	...modelField('draftFinal'),
	{
		displayName: 'Draft Task ID',
		name: 'draftTaskId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. cgt-20260901120000-abcde',
		description: 'The ID of a succeeded draft task (made with Options → Draft on) of the same model, at most 7 days old',
		hint: 'The final video keeps the draft\'s prompt, media, ratio, duration and audio; only delivery options can change',
	},
	...waitFields,
	generationOptions('draftFinal'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['generateFromDraft'] } },
	properties,
);

export const { validate, checkBatch, execute } = generateOperation('draftFinal', (parameters, itemIndex) => ({
	images: [],
	draftTaskId: String(parameters.read('draftTaskId', itemIndex, '') ?? ''),
}));
