import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { generationOptions, modelField, promptField, waitFields } from '../../form/descriptions';
import { generateOperation } from './generate';

export const properties: INodeProperties[] = [
	...modelField('text'),
	promptField('text'),
	...waitFields,
	generationOptions('text'),
];

export const description = updateDisplayOptions({ show: { resource: ['video'], operation: ['generateFromText'] } }, properties);

export const { validate, checkBatch, execute } = generateOperation('text', () => ({ images: [] }));
