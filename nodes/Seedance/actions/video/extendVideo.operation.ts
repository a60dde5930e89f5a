import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { generationOptions, modelField, promptField, waitFields } from '../../shared/descriptions';
import { generateOperation } from './generate';
import { readReferences, referenceFields } from './references';

/**
 * Extend a reference video (2.x): reference mode with the video and extend words in the prompt. On 2.5
 * the catalogue adds omni_reference_task_type "extend" and the adaptive ratio it requires.
 */
const properties: INodeProperties[] = [
	...modelField('extendVideo'),
	promptField('extendVideo'),
	...referenceFields,
	...waitFields,
	generationOptions('extendVideo'),
];

export const description = updateDisplayOptions({ show: { resource: ['video'], operation: ['extendVideo'] } }, properties);

export const { validate, execute } = generateOperation('extendVideo', readReferences);
