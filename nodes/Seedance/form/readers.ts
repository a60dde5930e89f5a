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
 * Options → Spending Limit: the most a run may cost, in the currency of its prices; undefined when
 * not set. Text, NaN or a negative number is refused: a limit that quietly became no limit would
 * let a batch be paid for that the user meant to stop.
 */
export function readSpendingLimit(options: IDataObject): number | undefined {
	const raw = options.spendingLimit;
	if (raw === undefined || raw === null || raw === '') return undefined;
	const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
	if (!Number.isFinite(value) || value < 0) {
		const shown = typeof raw === 'string' ? `"${raw}"` : typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
		throw new SeedanceInputError(
			`Options → Spending Limit must be a number from 0 up, not ${shown}`,
			'Enter the most this run may cost, in the currency of your prices (e.g. 20), or make its expression give a number (e.g. {{ Number($json.budget) }}); remove the option for no limit.',
		);
	}
	return value;
}

/**
 * Options → Take Over Tasks of Execution: the id of the execution whose items' tasks this run takes
 * (api/takeOver.ts), or undefined when not set. n8n numbers its executions: anything else is refused.
 */
export function readTakeOverExecution(options: IDataObject): string | undefined {
	const raw = options.takeOverExecution;
	if (raw === undefined || raw === null || raw === '') return undefined;
	const id = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	if (!/^[1-9][0-9]{0,18}$/.test(id)) {
		const text = typeof raw === 'string' ? raw : JSON.stringify(raw) ?? String(raw);
		const shown = text.length > 40 ? `"${text.slice(0, 37)}…" (${text.length} characters)` : typeof raw === 'string' ? `"${raw}"` : text;
		throw new SeedanceInputError(
			`Options → Take Over Tasks of Execution must be the ID of an execution (a whole number such as 1234), not ${shown}`,
			'Copy the ID of the execution that stopped part-way from the Executions list, or remove the option. Nothing was created.',
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

/** How far `timeZone` is ahead of UTC at the instant `utcMs`, in ms. */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(utcMs));
	const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
	return wall - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/** A wall-clock time ("2026-10-01T09:00:00") in a time zone, as epoch ms. */
export function wallClockToUtc(local: string, timeZone: string): number {
	const asUtc = Date.parse(`${local}Z`);
	let utc = asUtc - zoneOffsetMs(asUtc, timeZone);
	// Near a daylight-saving change the offset at the guess can differ: take the offset there.
	utc = asUtc - zoneOffsetMs(utc, timeZone);
	return utc;
}

const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;
const WALL_CLOCK = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

/**
 * A date filter (Created After / Before) as epoch ms, or undefined when not set. n8n's date picker
 * gives a wall-clock time without a zone: it is read in the workflow's time zone, as the editor
 * shows it. A time with a zone (or a Date, or Luxon's DateTime from an expression) is taken as is.
 */
export function readTimeFilter(value: unknown, label: string, timeZone: string): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let ms = NaN;
	if (value instanceof Date) ms = value.getTime();
	else if (typeof value === 'object' && typeof (value as { toMillis?: unknown }).toMillis === 'function') {
		ms = (value as { toMillis(): number }).toMillis();
	} else if (typeof value === 'string') {
		const text = value.trim();
		if (WALL_CLOCK.test(text)) ms = wallClockToUtc(text.length === 10 ? `${text}T00:00:00` : text, timeZone);
		else if (HAS_ZONE.test(text)) ms = Date.parse(text);
	}
	if (!Number.isFinite(ms)) {
		const shown = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
		throw new SeedanceInputError(
			`Filters → ${label} is not a date and time: ${shown}`,
			'Pick a date in the field, or give an ISO date and time such as 2026-10-01T09:00:00 (read in the workflow\'s time zone) or 2026-10-01T00:00:00Z; an expression may give {{ $now.minus({ days: 1 }) }}.',
		);
	}
	return ms;
}
