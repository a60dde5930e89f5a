/**
 * Our plain errors as n8n's errors (the item index, the API's code and status kept), and as the
 * error item Continue On Fail puts in an item's place. The router and the trigger both use these.
 */
import { NodeApiError, NodeOperationError, type IDataObject, type INode, type JsonObject } from 'n8n-workflow';

import {
	ExecutionCancelledError,
	SeedanceApiFailure,
	SeedanceInputError,
	SeedanceTaskError,
	SpendingLimitError,
	type ApiErrorInfo,
} from '../shared/errors';

export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof SeedanceInputError) {
		return new NodeOperationError(node, error.message, {
			itemIndex,
			description: `${error.description}\n\n(Input item ${itemIndex}, counting from 0.)`,
		});
	}
	if (error instanceof SeedanceApiFailure || (error instanceof SeedanceTaskError && error.info?.code)) {
		const info = infoOf(error);
		const errorResponse: JsonObject = {};
		for (const [key, value] of Object.entries(info)) if (value !== undefined) errorResponse[key] = value;
		const apiError = new NodeApiError(node, errorResponse, {
			itemIndex,
			message: error.message,
			description: error.description,
			httpCode: info.httpCode === undefined ? undefined : String(info.httpCode),
		});
		// NodeApiError swaps in stock text ("The connection was aborted…") when the info or the
		// message holds a network code: our text names the task ids and must survive.
		apiError.message = error.message;
		apiError.description = error.description;
		apiError.messages = apiError.messages.filter((text) => text !== apiError.message);
		return apiError;
	}
	if (error instanceof SpendingLimitError) {
		// The whole batch's verdict: no "(Input item n)" line, the message names the items.
		return new NodeOperationError(node, error.message, { itemIndex, description: error.description });
	}
	if (error instanceof SeedanceTaskError || error instanceof ExecutionCancelledError) {
		return new NodeOperationError(node, error.message, {
			itemIndex,
			description: error instanceof SeedanceTaskError ? error.description : undefined,
		});
	}
	return new NodeOperationError(node, error as Error, { itemIndex });
}

function infoOf(error: unknown): ApiErrorInfo & { taskId?: string } {
	if (error instanceof SeedanceApiFailure) return error.info;
	if (error instanceof SeedanceTaskError) return { ...error.info, taskId: error.taskId };
	return {};
}

/** The item Continue On Fail outputs for a failed item: the message, the fix, the API's code and the task. */
export function errorItemJson(error: NodeApiError | NodeOperationError, cause: unknown): IDataObject {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	const info = infoOf(cause);
	if (info.code) json.code = info.code;
	if (info.httpCode) json.httpCode = info.httpCode;
	if (info.taskId) json.taskId = info.taskId;
	if (cause instanceof SpendingLimitError) json.spendingLimit = cause.details as IDataObject;
	return json;
}
