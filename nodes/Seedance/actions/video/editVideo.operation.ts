import { referenceOperation } from './references';

/**
 * Edit a reference video (2.x): reference mode with the video and edit words in the prompt. On 2.5
 * the catalogue adds omni_reference_task_type "edit", the adaptive ratio and duration -1 it requires.
 */
export const { properties, description, validate, checkBatch, execute } = referenceOperation('editVideo', 'editVideo');
