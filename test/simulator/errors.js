'use strict';
/**
 * Errors in the documented shape: {"error":{"code","message","param","type"}}, with the HTTP status
 * the error-code table of seedance-api.md gives for each code. Messages follow Ark's style and end
 * with "Request id: …". Nothing here ever includes the caller's API key.
 */
const crypto = require('crypto');

/** HTTP status per documented error code (prefix match covers the `.PolicyViolation`-style suffixes). */
const STATUS_BY_CODE = [
	['MissingParameter', 400],
	['InvalidParameter', 400],
	['InvalidEndpoint.ClosedEndpoint', 400],
	['InputTextSensitiveContentDetected', 400],
	['InputImageSensitiveContentDetected', 400],
	['OutputVideoSensitiveContentDetected', 400],
	['OutputImageSensitiveContentDetected', 400],
	['InvalidImageURL', 400],
	['InputVideoSensitiveContentDetected', 400],
	['OutputAudioSensitiveContentDetected', 400],
	['InvalidResolutionParameter', 400],
	['SensitiveContentDetected', 400],
	['AuthenticationError', 401],
	['AccountOverdueError', 403],
	['AccessDenied', 403],
	['OperationDenied.ServiceNotOpen', 403],
	['InvalidEndpointOrModel.NotFound', 404],
	['ModelNotOpen', 404],
	['ResourceNotFound', 404],
	['NotFound', 404],
	['RateLimitExceeded.EndpointRPMExceeded', 429],
	['ModelAccountRpmRateLimitExceeded', 429],
	['ModelAccountIpmRateLimitExceeded', 429],
	['QuotaExceeded', 429],
	['ServerOverloaded', 429],
	['RequestBurstTooFast', 429],
	['SetLimitExceeded', 429],
	['InflightBatchsizeExceeded', 429],
	['InternalServiceError', 500],
	['BadGateway', 502],
	['ServiceUnavailable', 503],
];

/** `type` per HTTP status (the doc's example pairs InvalidParameter with "BadRequest"). */
const TYPE_BY_STATUS = {
	400: 'BadRequest',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'NotFound',
	405: 'MethodNotAllowed',
	413: 'BadRequest',
	429: 'TooManyRequests',
	500: 'InternalServerError',
	502: 'BadGateway',
	503: 'ServiceUnavailable',
	504: 'GatewayTimeout',
};

/** A default code for a bare HTTP status (used by `{kind:'status'}` faults without a code). */
const CODE_BY_STATUS = {
	400: 'InvalidParameter',
	401: 'AuthenticationError',
	403: 'AccessDenied',
	404: 'NotFound',
	429: 'ServerOverloaded',
	500: 'InternalServiceError',
	502: 'BadGateway',
	503: 'ServiceUnavailable',
	504: 'InternalServiceError',
};

function statusForCode(code) {
	for (const [prefix, status] of STATUS_BY_CODE) {
		if (code === prefix || code.startsWith(prefix + '.')) return status;
	}
	return undefined;
}

function codeForStatus(status) {
	return CODE_BY_STATUS[status] || (status >= 500 ? 'InternalServiceError' : 'InvalidParameter');
}

function typeForStatus(status) {
	return TYPE_BY_STATUS[status] || (status >= 500 ? 'InternalServerError' : 'BadRequest');
}

/** Ark-like request id: UTC timestamp + 20 upper-case hex digits. */
function newRequestId() {
	const t = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
	return t + crypto.randomBytes(10).toString('hex').toUpperCase();
}

/** An API error on its way to the client. `status` defaults to the documented one for `code`. */
class SimError extends Error {
	constructor(code, message, { param = '', status, headers } = {}) {
		super(message);
		this.code = code;
		this.param = param;
		this.status = status || statusForCode(code) || 400;
		this.headers = headers || {};
	}
}

function errorBody(code, message, param, status, requestId) {
	return {
		error: {
			code,
			message: `${message} Request id: ${requestId}`,
			param: param || '',
			type: typeForStatus(status),
		},
	};
}

// ---- The errors the simulator answers, with Ark-style messages ----------------------------------

const invalid = (param, why) =>
	new SimError('InvalidParameter', `The parameter \`${param}\` specified in the request is not valid: ${why}.`, {
		param,
	});

/** 2.5's task-type rule, checked at create when omni_reference_task_type is explicit (seedance-api-2x.md). */
const taskTypeConstraint = (why) =>
	new SimError('InvalidParameter.TaskTypeConstraint', `The request does not meet the constraints of the task type: ${why}.`, {
		param: 'omni_reference_task_type',
	});

const missing = (param) =>
	new SimError(
		'MissingParameter',
		`The request failed because it is missing one or multiple required parameters: \`${param}\`.`,
		{ param },
	);

const unauthorized = () =>
	new SimError('AuthenticationError', 'The API key in the request is missing or invalid.', { status: 401 });

const modelNotFound = (model) =>
	new SimError(
		'InvalidEndpointOrModel.NotFound',
		`The model or endpoint ${model} does not exist or you do not have access to it.`,
		{ param: 'model' },
	);

const taskNotFound = (id) => new SimError('ResourceNotFound', `The specified task ${id} is not found.`, { param: 'id' });

const routeNotFound = (method, path) =>
	new SimError('NotFound', `The requested resource ${method} ${path} is not found.`, { status: 404 });

module.exports = {
	SimError,
	errorBody,
	newRequestId,
	statusForCode,
	codeForStatus,
	typeForStatus,
	invalid,
	taskTypeConstraint,
	missing,
	unauthorized,
	modelNotFound,
	taskNotFound,
	routeNotFound,
};
