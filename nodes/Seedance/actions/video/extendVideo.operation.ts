import { referenceOperation } from './references';

/**
 * Extend a reference video (2.x): reference mode with the video and extend words in the prompt. On
 * 2.5 the catalogue adds omni_reference_task_type "extend" and the adaptive ratio it requires.
 */
export const { properties, description, validate, checkBatch, execute } = referenceOperation('extendVideo', 'extendVideo');
