/** What both versions' webhook() do first: answer what is not a callback to take. */
import type { IDataObject, IHookFunctions, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { dedupeKey, DEFAULT_STATUSES, readCallback, type CallbackVerdict } from './callback';
import { isRemembered, seenScope } from './seen';

/**
 * Nothing to register: Seedance has no webhook subscription API; the URL travels with each create
 * request (callback_url). n8n still calls these on activation, so they answer plainly.
 */
export const webhookMethods = {
	default: {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async create(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async delete(this: IHookFunctions): Promise<boolean> {
			return true;
		},
	},
};

/** The webhook answers the POST itself and starts no execution. */
export function answered(context: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	context.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

/**
 * The checks that cost nothing: the token, the body's shape, the status. A task+status this process
 * knows the deduplication store holds (a callback the API repeated after a slow answer) is answered
 * 200 and starts nothing: it could only be dropped again.
 */
export function callbackWebhook(
	context: IWebhookFunctions,
): { type: 'answered'; answer: IWebhookResponseData } | { type: 'take'; verdict: Extract<CallbackVerdict, { type: 'accept' }> } {
	const verdict = readCallback(context.getBodyData(), context.getQueryData() as Record<string, unknown>, {
		token: String(context.getNodeParameter('token', '')),
		statuses: context.getNodeParameter('statuses', DEFAULT_STATUSES) as string[],
	});
	if (verdict.type === 'reject') return { type: 'answered', answer: answered(context, verdict.httpCode, { error: verdict.message }) };
	const known = verdict.type === 'accept' && isRemembered(seenScope(context.getWorkflow().id, context.getNode().id), dedupeKey({ id: verdict.taskId, status: verdict.status }));
	if (verdict.type === 'ignore' || known) return { type: 'answered', answer: answered(context, 200, { received: true, emitted: false }) };
	return { type: 'take', verdict };
}
