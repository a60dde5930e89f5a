import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { generationOptions, modelField, promptField, waitFields } from '../../shared/descriptions';
import { generateOperation } from './generate';
import { readReferences, referenceFields } from './references';

const properties: INodeProperties[] = [
	...modelField('reference'),
	promptField('reference'),
	...referenceFields,
	...waitFields,
	generationOptions('reference'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['generateFromReference'] } },
	properties,
);

export const { validate, execute } = generateOperation('reference', readReferences);
