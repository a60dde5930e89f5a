import { referenceOperation } from './references';

/** Reference images, videos and audio clips in one request (2.x). */
export const { properties, description, validate, checkBatch, execute } = referenceOperation('reference', 'generateFromReference');
