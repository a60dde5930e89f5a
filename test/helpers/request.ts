/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/** Test helper: the input error the pure body builder gives for a request (fails the test when there is none). */
import { SeedanceInputError } from '../../nodes/Seedance/shared/errors';
import { buildCreateTaskBody, type GenerationRequest } from '../../nodes/Seedance/request/body';

export function errorOf(request: GenerationRequest): SeedanceInputError {
	try {
		buildCreateTaskBody(request);
	} catch (error) {
		if (error instanceof SeedanceInputError) return error;
		throw error;
	}
	throw new Error('expected a SeedanceInputError');
}
