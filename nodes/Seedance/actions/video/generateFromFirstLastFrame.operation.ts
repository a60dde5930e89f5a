import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { generationOptions, imageSourceFields, modelField, promptField, waitFields } from '../../form/descriptions';
import { frameSpec } from './frames';
import { generateOperation } from './generate';

const properties: INodeProperties[] = [
	...modelField('firstLastFrame'),
	promptField('firstLastFrame'),
	...imageSourceFields('firstFrame', 'First Frame'),
	...imageSourceFields('lastFrame', 'Last Frame'),
	...waitFields,
	generationOptions('firstLastFrame'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['generateFromFirstLastFrame'] } },
	properties,
);

export const { validate, execute } = generateOperation('firstLastFrame', (context, itemIndex) => ({
	images: [frameSpec(context, itemIndex, 'firstFrame'), frameSpec(context, itemIndex, 'lastFrame')],
}));
