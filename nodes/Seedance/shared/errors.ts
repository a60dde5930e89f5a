/**
 * Pure: every error of ours in one place: bad input (SeedanceInputError), the API refusing a
 * request (SeedanceApiFailure), a task that ended badly (SeedanceTaskError) and a batch over its
 * Spending Limit (SpendingLimitError); the API's error
 * codes in the user's words. The raw code always stays visible.
 */

export interface ApiErrorInfo {
	httpCode?: number;
	code?: string;
	message?: string;
	param?: string;
}

export interface UserFacingError {
	message: string;
	description: string;
}

/** A failure talking to the API, as plain data; the router turns it into n8n's NodeApiError. */
export class SeedanceApiFailure extends Error {
	constructor(
		message: string,
		readonly description: string,
		readonly info: ApiErrorInfo & { taskId?: string },
	) {
		super(message);
		this.name = 'SeedanceApiFailure';
	}
}

/**
 * A create (or delete) may have reached the API, but its answer was lost: the caller must look
 * before acting again.
 */
export class UncertainOutcomeError extends SeedanceApiFailure {
	readonly uncertain = true;
	constructor(
		message: string,
		description: string,
		info: SeedanceApiFailure['info'],
		/**
		 * True only when the API itself answered with its own error (a 500/503 JSON error body):
		 * then, once repeated looks find no task, sending again is safe. A gateway's 502/504, an
		 * HTML page, a timeout or a reset after the body was sent leave the create open: never resent.
		 */
		readonly apiAnswered = false,
	) {
		super(message, description, info);
	}
}

/** The user stopped the execution during a request or a wait. */
export class ExecutionCancelledError extends Error {
	constructor(readonly taskId?: string) {
		super(`The execution was stopped${taskId ? ` (task ${taskId} goes on at Seedance)` : ''}`);
		this.name = 'ExecutionCancelledError';
	}
}

/**
 * The user stopped the run before any attempt of a create could have reached the API (it was
 * waiting for its turn under a rate limit, or every attempt met a 429): nothing was created.
 */
export class StoppedBeforeCreateError extends ExecutionCancelledError {
	constructor() {
		super();
		this.message =
			"The execution was stopped before this item's task was created: nothing was created (the request had only met rate limits, which create nothing)";
	}
}

/** The user stopped the run while a create was under way: the task may exist all the same. */
export class StoppedDuringCreateError extends ExecutionCancelledError {
	constructor(howToFind: string) {
		super();
		this.message = `The execution was stopped while a task was being created: a task may exist at Seedance. ${howToFind}`;
	}
}

/** The user stopped the run while an image request was under way: its images may exist (and be billed) all the same. */
export class StoppedDuringImagesError extends ExecutionCancelledError {
	constructor() {
		super();
		this.message = 'The execution was stopped while images were being made: Seedream may have made (and billed) them all the same';
	}
}

const TASK_NOT_FOUND = 'The task was not found';

const RETRYABLE_429 = [
	'RateLimitExceeded.EndpointRPMExceeded',
	'ModelAccountRpmRateLimitExceeded',
	'ServerOverloaded',
	'RequestBurstTooFast',
	'InflightBatchsizeExceeded',
	// Seedream counts images per minute (IPM): it passes with time like the RPM limits.
	'ModelAccountIpmRateLimitExceeded',
];

/** 429s that pass with time. QuotaExceeded and SetLimitExceeded don't: retrying only burns time. */
export function isRetryable429(code: string | undefined): boolean {
	return code === undefined || code === '' || RETRYABLE_429.includes(code);
}

/** One entry of the code table: which answers it explains, and how, in the user's words. */
interface CodeRule {
	matches(code: string, info: ApiErrorInfo): boolean;
	message: string;
	description(consoleName: string): string;
}

/** A code itself, or any `.Suffix` of it (`InputVideoSensitiveContentDetected.PolicyViolation`). */
const codeOrSuffix = (name: string) => (code: string) => code === name || code.startsWith(`${name}.`);
const codePrefix = (name: string) => (code: string) => code.startsWith(name);
const exactly = (...names: string[]) => (code: string) => names.includes(code);

/** The API's error codes in the user's words, first match wins; the raw code is always kept too. */
const CODE_TABLE: CodeRule[] = [
	{
		matches: codeOrSuffix('InvalidParameter.TaskTypeConstraint'),
		message: "The inputs don't fit the task type (edit, extend, or first/last frame on Seedance 2.5)",
		description: () =>
			'On Seedance 2.5, frames, Edit and Extend need ratio "adaptive"; Edit also needs duration -1 and a source video of 4–30 s, Extend a source of about 2–30 s. The node sends ratio and duration for you in Edit Video / Extend Video: remove Ratio / Duration from Additional Body Fields, or trim the source video.',
	},
	{
		matches: codeOrSuffix('InvalidParameter.TaskTypeMismatch'),
		message: 'The prompt reads as a different task than the operation (e.g. an extend prompt in Edit Video)',
		description: () =>
			'Seedance 2.5 re-reads the prompt. For Edit Video say what to add, remove, replace or change ("Replace the car in @Video1 with a bike"); for Extend Video say where the video goes ("Extend @Video1 forward: …"). Or use Generate From Multimodal Reference, which lets the model choose.',
	},
	{
		matches: (code, info) => code === 'AuthenticationError' || info.httpCode === 401,
		message: 'The API key was rejected (401): it is wrong, or not for this provider',
		description: () =>
			'Check the API key in the Seedance API credential, and that its Provider matches where the key was issued: ChainHub keys work only with ChainHub, Volcengine Ark keys only with Volcengine Ark (China), BytePlus keys only with BytePlus ModelArk.',
	},
	{
		matches: codeOrSuffix('InputImageSensitiveContentDetected.PrivacyInformation'),
		message: "An input image was refused because it shows a real person's face",
		description: () =>
			"Seedance refuses real people's faces (even realistic synthetic ones) as input (privacy rules). Use an illustration, a product shot or a scene without recognisable faces, or pass the person as an asset (Source: Asset ID): a preset virtual character, an authorised real-person asset (face verification in the console), or a 2.x video your account made in the last 30 days.",
	},
	{
		matches: codePrefix('InputImageSensitiveContentDetected'),
		message: 'An input image was refused by the content safety check',
		description: () => 'Replace the image that may show sensitive content, then run again.',
	},
	{
		matches: codeOrSuffix('InputVideoSensitiveContentDetected'),
		message: 'A reference video was refused by the content check (a real face, or copyrighted material)',
		description: () =>
			'Replace the video, or pass it as an asset (Source: Asset ID): authorised real-person assets and 2.x videos your account generated in the last 30 days are accepted.',
	},
	{
		matches: codeOrSuffix('OutputAudioSensitiveContentDetected'),
		message: 'The generated sound track was blocked (it may contain copyrighted music)',
		description: () => 'Run again with Options → Generate Audio off, or change the prompt so it asks for no known song. Failed tasks are not billed.',
	},
	{
		matches: codeOrSuffix('InvalidResolutionParameter'),
		message: 'This resolution is not valid here (a final video from a Seedance 2.5 draft is 1080p)',
		description: () => 'Remove the Resolution option (the node sends the right one for a final video), or set it to 1080p.',
	},
	{
		matches: codePrefix('InputTextSensitiveContentDetected'),
		message: 'The prompt was refused by the content safety check',
		description: () => 'Rephrase the prompt without sensitive words or topics, then run again.',
	},
	{
		matches: codePrefix('OutputVideoSensitiveContentDetected'),
		message: 'The generated video was blocked by the content safety check',
		description: () => 'Nothing is delivered for this task. Rephrase the prompt or change the images and generate again.',
	},
	{
		matches: codePrefix('OutputImageSensitiveContentDetected'),
		message: 'The generated image was blocked by the content safety check',
		description: () => 'Nothing is delivered for this image, and it is not billed. Rephrase the prompt or change the reference images and generate again.',
	},
	{
		matches: codePrefix('InvalidImageURL'),
		message: 'A reference image could not be read (empty, or not a valid URL or base64 image)',
		description: () =>
			'Check each reference image: a public http(s) URL Seedream can fetch, or a "data:image/<format>;base64,…" URL with the format in lower case. Binary files are sent that way by the node.',
	},
	{
		matches: exactly('InputImageRiskDetection', 'OutputImageRiskDetection'),
		message: 'The request was refused by the image risk check',
		description: () => 'Change the prompt or the reference images, then run again.',
	},
	{
		matches: codePrefix('SensitiveContentDetected'),
		message: 'The request was refused by the content safety check',
		description: () => 'Change the prompt or the images that may contain sensitive content, then run again.',
	},
	{
		matches: exactly('AccountOverdueError'),
		message: 'The Seedance account is overdue',
		description: (consoleName) => `Top up the account balance in ${consoleName}, then run again.`,
	},
	{
		matches: exactly('QuotaExceeded'),
		message: 'The Seedance quota for this account is used up',
		description: (consoleName) => `Raise the quota or buy more in ${consoleName}, or wait until it resets. Retrying before that won't help.`,
	},
	{
		matches: exactly('SetLimitExceeded'),
		message: 'The spending limit set on this account was reached',
		description: (consoleName) => `Raise or remove the "safe experience" / inference limit for this model in ${consoleName}.`,
	},
	{
		matches: exactly('AccessDenied', 'OperationDenied.ServiceNotOpen', 'ModelNotOpen'),
		message: 'This account may not use this model yet',
		description: (consoleName) => `Activate the model (or the video generation service) for this account in ${consoleName}, then run again.`,
	},
	{
		matches: (code, info) => code === 'InvalidEndpointOrModel.NotFound' || (info.httpCode === 404 && info.param === 'model'),
		message: 'The model or endpoint was not found at this provider',
		description: () =>
			'Check the model ID and that the model is activated for the account. BytePlus ModelArk spells 1.x models without "doubao-" (seedance-1-0-pro-250528) and 2.x models with "dreamina-" (dreamina-seedance-2-0-260128); Volcengine Ark uses "doubao-…" and also takes endpoint IDs (ep-…). Pick the model from the list to get the right spelling.',
	},
	{
		matches: (code, info) => code === 'ResourceNotFound' || code === 'NotFound' || (info.httpCode === 404 && !info.param),
		message: TASK_NOT_FOUND,
		description: () =>
			'Check the task ID, and that the credential is for the provider and account that created it. Tasks can be read for 7 days; deleted tasks are gone at once.',
	},
	{
		matches: exactly('InvalidEndpoint.ClosedEndpoint'),
		message: 'The endpoint is closed',
		description: (consoleName) => `Open the endpoint again in ${consoleName}, or use another one.`,
	},
	{
		matches: (code, info) => info.httpCode === 429 || RETRYABLE_429.includes(code),
		message: 'Seedance is rate limiting these requests (429)',
		description: () =>
			'The node retried and the limit still held. Send fewer items at once (Loop Over Items with a Wait), or raise Options → Rate Limit Wait.',
	},
];

function forCode(info: ApiErrorInfo, consoleName: string): UserFacingError | undefined {
	const code = info.code ?? '';
	const rule = CODE_TABLE.find((entry) => entry.matches(code, info));
	if (rule) return { message: rule.message, description: rule.description(consoleName) };
	if (code === 'MissingParameter' || code === 'InvalidParameter') {
		return {
			message: `Seedance rejected the request${info.param ? ` (parameter "${info.param}")` : ''}`,
			description: 'Check that field in the node, or remove the option, then run again.',
		};
	}
	if ((info.httpCode ?? 0) >= 500) {
		return {
			message: `Seedance had a server error (${info.httpCode})`,
			description: 'This is on the provider side. The node retried; try again later or raise Options → Retries.',
		};
	}
	return undefined;
}

function apiSaid(info: ApiErrorInfo): string {
	const parts = [info.code, info.message].filter((p) => p !== undefined && p !== '');
	return parts.length ? `\n\nSeedance said: ${parts.join(': ')}` : '';
}

/** The message and fix for an API error, with the API's own code and text kept in the description. */
export function describeApiError(
	info: ApiErrorInfo,
	consoleName = "your provider's console",
	taskId?: string,
): UserFacingError {
	const fallback: UserFacingError = {
		message: `Seedance answered with an error${info.httpCode ? ` (${info.httpCode})` : ''}`,
		description: 'Check the parameters in the node.',
	};
	const { message, description } = forCode(info, consoleName) ?? fallback;
	const named = !taskId
		? message
		: message === TASK_NOT_FOUND
			? `Task ${taskId} was not found`
			: `${message} (task ${taskId})`;
	return { message: named, description: description + apiSaid(info) };
}

/** Read `{"error": {...}}` from an answer body, if it is one. */
export function extractApiError(body: unknown): ApiErrorInfo | undefined {
	if (typeof body !== 'object' || body === null) return undefined;
	const error = (body as { error?: unknown }).error;
	if (typeof error !== 'object' || error === null) return undefined;
	const e = error as Record<string, unknown>;
	const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? undefined : String(v));
	return { code: text(e.code), message: text(e.message), param: text(e.param) };
}

/** A task that ended without a video, or a wait that ran out; always names the task. */
export class SeedanceTaskError extends Error {
	constructor(
		message: string,
		readonly description: string,
		readonly taskId: string,
		readonly info?: ApiErrorInfo,
	) {
		super(message);
		this.name = 'SeedanceTaskError';
	}
}

/** Bad input: what is wrong (message) and how to fix it (description). */
export class SeedanceInputError extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
		this.name = 'SeedanceInputError';
	}
}

/**
 * A batch refused before its first create: its estimate passes Options → Spending Limit, or the
 * limit can't be checked. Not one item's fault: every item of the batch gets it.
 */
export class SpendingLimitError extends Error {
	constructor(
		message: string,
		readonly description: string,
		/** Plain JSON for the error items of Continue On Fail: the limit, the estimate, why. */
		readonly details: Record<string, unknown>,
	) {
		super(message);
		this.name = 'SpendingLimitError';
	}
}

export function formatBytes(bytes: number): string {
	const mb = bytes / (1024 * 1024);
	return mb >= 1 ? `${mb.toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
