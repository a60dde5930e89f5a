import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { generationOptions, imageSourceFields, modelField, promptField, waitFields } from '../../form/descriptions';
import { frameSpec } from './frames';
import { generateOperation } from './generate';

const properties: INodeProperties[] = [
	...modelField('firstFrame'),
	promptField('firstFrame'),
	...imageSourceFields('firstFrame', 'First Frame'),
	...waitFields,
	generationOptions('firstFrame'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['generateFromFirstFrame'] } },
	properties,
);

export const { validate, execute } = generateOperation('firstFrame', (context, itemIndex) => ({
	images: [frameSpec(context, itemIndex, 'firstFrame')],
}));
