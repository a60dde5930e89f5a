import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { generationOptions, modelField, promptField, waitFields } from '../../shared/descriptions';
import { generateOperation } from './generate';
import { readReferences, referenceFields } from './references';

/**
 * Edit a reference video (2.x): reference mode with the video and edit words in the prompt. On 2.5
 * the catalogue adds omni_reference_task_type "edit" and the adaptive ratio and duration -1 it requires.
 */
const properties: INodeProperties[] = [
	...modelField('editVideo'),
	promptField('editVideo'),
	...referenceFields,
	...waitFields,
	generationOptions('editVideo'),
];

export const description = updateDisplayOptions({ show: { resource: ['video'], operation: ['editVideo'] } }, properties);

export const { validate, execute } = generateOperation('editVideo', readReferences);
