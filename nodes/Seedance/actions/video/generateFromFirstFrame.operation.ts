import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { generationOptions, modelField, promptField, waitFields } from '../../form/descriptions';
import { frameFields, readFrame } from '../../form/mediaSources';
import { generateOperation } from './generate';

export const properties: INodeProperties[] = [
	...modelField('firstFrame'),
	promptField('firstFrame'),
	...frameFields('firstFrame'),
	...waitFields,
	generationOptions('firstFrame'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['generateFromFirstFrame'] } },
	properties,
);

export const { validate, checkBatch, execute } = generateOperation('firstFrame', (parameters, itemIndex) => ({
	images: [readFrame(parameters, itemIndex, 'firstFrame')],
}));
