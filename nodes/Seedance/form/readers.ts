/** The form's parameters as settings: every number checked, every text as text, with a clear error. */
import type { IDataObject } from 'n8n-workflow';

import { SeedanceInputError } from '../shared/errors';
import type { ItemParameters } from './itemParameters';
import { DEFAULT_WAIT_MINUTES } from '../api/waitRules';
import type { GenerationOptions } from '../request/body';
import { DEFAULT_RATE_LIMIT_WAIT_S } from '../http/retryPolicy';
import { DEFAULT_TASK_CONCURRENCY, type CommonSettings } from '../api/settings';
import { DEFAULT_REQUEST_TIMEOUT_S, DEFAULT_RETRIES } from '../http/connection';
import { isTaskId } from '../api/taskObject';

/**
 * The range of every number option that shapes requests and waits, as the form shows it
 * (descriptions.ts gives each field these as minValue / maxValue) and as the README documents it.
 * Every wait they make fits a timer (2^31 - 1 ms, about 24.8 days): the longest, Wait Timeout, is 12 h.
 */
export const NUMBER_RANGES = {
	retries: { label: 'Retries', min: 0, max: 10 },
	rateLimitWait: { label: 'Rate Limit Wait (Seconds)', min: 0, max: 3600 },
	/** 0 means the default (60 s). */
	requestTimeout: { label: 'Request Timeout (Seconds)', min: 0, max: 600 },
	concurrency: { label: 'Concurrent Requests', min: 1, max: 100 },
	waitTimeout: { label: 'Wait Timeout (Minutes)', min: 0, max: 720 },
	/** 0 means the automatic schedule. */
	pollInterval: { label: 'Poll Interval (Seconds)', min: 0, max: 3600 },
} as const;

/**
 * A number option as a number in its range, or a clear error: an expression that yields text or
 * NaN must not become a NaN deadline (a wait that never ends) or a silent default, and a huge one
 * must not become a timer that overflows (it fires at once) or a loop that never ends.
 */
function numberOption(options: IDataObject, name: keyof typeof NUMBER_RANGES, fallback: number): number {
	const { label, min, max } = NUMBER_RANGES[name];
	const raw = options[name];
	if (raw === undefined || raw === null || raw === '') return fallback;
	const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
	if (!Number.isFinite(value) || value < min || value > max) {
		const shown = typeof raw === 'string' ? `"${raw}"` : typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
		throw new SeedanceInputError(
			`Options → ${label} must be a number from ${min} to ${max}, not ${shown}`,
			`Enter a number from ${min} to ${max} in "${label}", or make its expression give one (e.g. {{ Number($json.minutes) }}); remove the option to use the default (${fallback}).`,
		);
	}
	return value;
}

/** The options every operation shares (retries, waiting, where the video goes); Concurrent Requests' default depends on the operation. */
export function readCommonOptions(options: IDataObject, defaultConcurrency = DEFAULT_TASK_CONCURRENCY): CommonSettings {
	const retries = numberOption(options, 'retries', DEFAULT_RETRIES);
	const rateLimitSeconds = numberOption(options, 'rateLimitWait', DEFAULT_RATE_LIMIT_WAIT_S);
	const minutes = numberOption(options, 'waitTimeout', DEFAULT_WAIT_MINUTES);
	const interval = numberOption(options, 'pollInterval', 0);
	const requestSeconds = numberOption(options, 'requestTimeout', DEFAULT_REQUEST_TIMEOUT_S);
	const concurrency = numberOption(options, 'concurrency', defaultConcurrency);
	return {
		concurrency: Math.floor(concurrency),
		retries: Math.floor(retries),
		rateLimitSpanMs: rateLimitSeconds * 1000,
		requestTimeoutMs: (requestSeconds > 0 ? requestSeconds : DEFAULT_REQUEST_TIMEOUT_S) * 1000,
		waitTimeoutMs: minutes * 60_000,
		intervalMs: interval > 0 ? interval * 1000 : undefined,
		binaryPropertyName: String(options.binaryPropertyName ?? 'data').trim() || 'data',
	};
}

/**
 * Options → Take Over Tasks of Execution: the id of the execution whose items' tasks this run takes
 * (api/takeOver.ts), or undefined when not set.
 */
export function readTakeOverExecution(options: IDataObject): string | undefined {
	const raw = options.takeOverExecution;
	if (raw === undefined || raw === null || raw === '') return undefined;
	const id = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	if (id === '' || /\s/.test(id)) {
		const shown = typeof raw === 'string' ? `"${raw}"` : JSON.stringify(raw);
		throw new SeedanceInputError(
			`Options → Take Over Tasks of Execution must be one execution ID, not ${shown}`,
			'Copy the ID of the failed execution from the Executions list (e.g. 1234), or remove the option.',
		);
	}
	return id;
}

/** The Options collection as request options: only what the user added. */
export function readGenerationOptions(options: IDataObject): GenerationOptions {
	const pick = <K extends keyof GenerationOptions>(key: K): GenerationOptions[K] | undefined =>
		options[key] === undefined || options[key] === '' ? undefined : (options[key] as GenerationOptions[K]);
	return {
		resolution: pick('resolution'),
		ratio: pick('ratio'),
		duration: pick('duration'),
		frames: pick('frames'),
		seed: pick('seed'),
		cameraFixed: pick('cameraFixed'),
		watermark: pick('watermark'),
		returnLastFrame: pick('returnLastFrame'),
		callbackUrl: pick('callbackUrl'),
		serviceTier: pick('serviceTier'),
		executionExpiresAfter: pick('executionExpiresAfter'),
		generateAudio: pick('generateAudio'),
		draft: pick('draft'),
		outputFormat: pick('outputFormat'),
		webSearch: pick('webSearch'),
		priority: pick('priority'),
		safetyIdentifier: pick('safetyIdentifier'),
		additionalBodyFields: additionalBodyFields(options.additionalBodyFields),
		sendParametersAs: pick('sendParametersAs'),
	};
}

/** The JSON option as n8n hands it over (text, or an object when set by an expression); `{}` means unset. */
function additionalBodyFields(value: unknown): GenerationOptions['additionalBodyFields'] {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string') return value.trim() === '' || value.trim() === '{}' ? undefined : value;
	if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) return undefined;
	return value as Record<string, unknown>;
}

export function readOptions(parameters: ItemParameters, itemIndex: number): IDataObject {
	return parameters.read('options', itemIndex, {}) as IDataObject;
}

/** Simplify and Download Video: how a finished task is handed over. */
export function readTaskItemView(parameters: ItemParameters, itemIndex: number): { simplify: boolean; downloadVideo: boolean } {
	return {
		simplify: parameters.read('simplify', itemIndex, true) as boolean,
		downloadVideo: parameters.read('downloadVideo', itemIndex, false) as boolean,
	};
}

/** The Task ID field: required, and a bare id (a URL or a pasted JSON object is a common slip). */
export function readTaskId(parameters: ItemParameters, itemIndex: number): string {
	const taskId = String(parameters.read('taskId', itemIndex, '') ?? '').trim();
	if (taskId === '') {
		throw new SeedanceInputError(
			'No task ID is set',
			'Map the "id" field of a Generate operation\'s output, e.g. {{ $json.id }}.',
		);
	}
	if (!isTaskId(taskId)) {
		throw new SeedanceInputError(
			`"${taskId.length > 60 ? taskId.slice(0, 57) + '…' : taskId}" is not a task ID`,
			'A task ID looks like cgt-20250918170909-j7gxl. Map only the "id" field, e.g. {{ $json.id }}.',
		);
	}
	return taskId;
}
