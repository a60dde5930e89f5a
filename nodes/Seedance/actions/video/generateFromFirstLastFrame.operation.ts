import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { generationOptions, modelField, promptField, waitFields } from '../../form/descriptions';
import { frameFields, readFrame } from '../../form/mediaSources';
import { generateOperation } from './generate';

export const properties: INodeProperties[] = [
	...modelField('firstLastFrame'),
	promptField('firstLastFrame'),
	...frameFields('firstFrame'),
	...frameFields('lastFrame'),
	...waitFields,
	generationOptions('firstLastFrame'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['generateFromFirstLastFrame'] } },
	properties,
);

export const { validate, checkBatch, execute } = generateOperation('firstLastFrame', (parameters, itemIndex) => ({
	images: [readFrame(parameters, itemIndex, 'firstFrame'), readFrame(parameters, itemIndex, 'lastFrame')],
}));
