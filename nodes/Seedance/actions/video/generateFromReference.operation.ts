import { referenceOperation } from './references';

/** Reference images, videos and audio clips in one request (2.x). */
export const { description, validate, execute } = referenceOperation('reference', 'generateFromReference');
