/** Our errors as n8n's: a batch over its Spending Limit names no single item, and its error items carry the verdict. */
import type { INode } from 'n8n-workflow';

import { errorItemJson, toNodeError } from '../../../nodes/Seedance/output/nodeError';
import { SeedanceInputError, SpendingLimitError } from '../../../nodes/Seedance/shared/errors';

const node: INode = { id: 'n1', name: 'Seedance', type: 'n8n-nodes-seedance.seedance', typeVersion: 1.1, position: [0, 0], parameters: {} };

describe('SpendingLimitError', () => {
	const cause = new SpendingLimitError('The estimated cost of this run, 48.9 CNY for 5 videos, is over Options → Spending Limit (30 CNY): no task was created', 'Most expensive: item 1 …', {
		limit: 30,
		currency: 'CNY',
		reason: 'over',
		estimate: { status: 'estimated', amount: 48.9 },
	});

	it('keeps its message and description, without the line an item error gets', () => {
		const error = toNodeError(node, cause, 0);
		expect(error.message).toBe(cause.message);
		expect(error.description).toBe('Most expensive: item 1 …');
		expect(toNodeError(node, new SeedanceInputError('bad', 'fix it'), 3).description).toContain('(Input item 3, counting from 0.)');
	});

	it("gives Continue On Fail's error item the limit, the estimate and why", () => {
		expect(errorItemJson(toNodeError(node, cause, 2), cause)).toEqual({
			error: cause.message,
			description: 'Most expensive: item 1 …',
			spendingLimit: { limit: 30, currency: 'CNY', reason: 'over', estimate: { status: 'estimated', amount: 48.9 } },
		});
	});
});
